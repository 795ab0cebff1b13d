import { describe, expect, it } from "vitest";
import { timeOrderedId } from "./ids.js";

describe("timeOrderedId (UUIDv7)", () => {
  it("has the UUIDv7 layout and sorts by creation, within a millisecond too", () => {
    const ids = Array.from({ length: 5000 }, (_, i) =>
      timeOrderedId(1_700_000_000_000 + Math.floor(i / 1000)),
    );
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
