import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../errors.js";
import { generateDataset } from "./generate.js";
import { readJsonl, writeJsonl } from "./jsonl.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rapo-jsonl-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("JSONL files", () => {
  it("writes one conversation per line and reads them back", async () => {
    const dataset = generateDataset({ conversations: 40, seed: 5 });
    const path = join(dir, "dataset.jsonl");
    await writeJsonl(path, dataset);
    const text = await readFile(path, "utf8");
    expect(text.trimEnd().split("\n")).toHaveLength(40);
    expect(await readJsonl(path)).toEqual(dataset);
  });

  it("raises an InputError naming the file and line of a truncated record", async () => {
    const path = join(dir, "truncated.jsonl");
    const text = (await readFile(join(dir, "dataset.jsonl"), "utf8")).slice(0, -200);
    await writeFile(path, text);
    const failure = readJsonl(path);
    await expect(failure).rejects.toBeInstanceOf(InputError);
    await expect(readJsonl(path)).rejects.toThrow(`${path}:40: malformed JSON`);
  });
});
