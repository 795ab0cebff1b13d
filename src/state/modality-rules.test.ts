import { describe, expect, it } from "vitest";
import { structureScore } from "./modality-rules.js";

describe("structureScore", () => {
  it("scores tables, JSON, code fences and code marks", () => {
    expect(structureScore("a plain sentence, with a comma.")).toBe(0);
    expect(structureScore("| id | name |")).toBe(3);
    expect(structureScore('{"a": 1}')).toBe(3);
    expect(structureScore("see ``` here")).toBe(3);
    expect(structureScore("`` not a fence `")).toBe(0);
    expect(structureScore("x => y")).toBe(1.5);
    expect(structureScore("= > apart")).toBe(0);
    expect(structureScore("run();")).toBe(1.5);
    expect(structureScore("a; b; c")).toBe(1.5);
    expect(structureScore("(); ;")).toBe(1.5);
  });

  it("scores key/value, CSV and bullet lines", () => {
    expect(structureScore("name: Lyon\ncity = Paris")).toBe(3);
    expect(structureScore("a,b,c\n1,2,3")).toBe(3);
    expect(structureScore("- first\n- second")).toBe(3);
    expect(structureScore("Note: one line only\nand prose")).toBe(0);
  });
});
