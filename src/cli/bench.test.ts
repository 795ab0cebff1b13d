import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../eval/generator/generate.js";
import { toJsonl } from "../eval/generator/jsonl.js";
import { type BenchOptions, type benchJson, runBench } from "./bench.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "rapo-bench-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const options = (over: Partial<BenchOptions>): BenchOptions => ({
  conversations: 20,
  seed: 3,
  out: path.join(dir, "out"),
  json: true,
  ...over,
});
const silent = () => undefined;

describe("rapo bench: bad input", () => {
  it("rejects unknown method names before running anything", async () => {
    const out = path.join(dir, "unknown");
    await expect(runBench(options({ methods: "rapo,wizard", out }), silent)).rejects.toMatchObject({
      code: "unknown_method",
      message: expect.stringContaining("'wizard'"),
    });
    expect(existsSync(out)).toBe(false);
  });

  it("rejects zero conversations and an empty dataset", async () => {
    await expect(runBench(options({ conversations: 0 }), silent)).rejects.toMatchObject({
      code: "invalid_conversations",
    });
    const empty = path.join(dir, "empty.jsonl");
    await writeFile(empty, "\n\n");
    await expect(runBench(options({ data: empty }), silent)).rejects.toMatchObject({
      code: "no_conversations",
    });
  });

  it("rejects a malformed or truncated JSONL dataset, naming the line", async () => {
    const lines = toJsonl(generateDataset({ conversations: 2, seed: 1 }))
      .trimEnd()
      .split("\n");
    const truncated = path.join(dir, "truncated.jsonl");
    await writeFile(truncated, `${lines[0]}\n${lines[1]!.slice(0, lines[1]!.length / 2)}`);
    await expect(runBench(options({ data: truncated }), silent)).rejects.toMatchObject({
      code: "invalid_dataset",
      message: expect.stringContaining(":2:"),
    });
    const malformed = path.join(dir, "malformed.jsonl");
    await writeFile(malformed, `${lines[0]}\n{"id": "x", "turns": []}\n`);
    await expect(runBench(options({ data: malformed }), silent)).rejects.toMatchObject({
      code: "invalid_dataset",
    });
    await expect(runBench(options({ data: path.join(dir, "missing.jsonl") }), silent)).rejects.toMatchObject({
      code: "dataset_unreadable",
    });
  });

  it("rejects an output path that cannot be written, before running, and writes no report", async () => {
    const blocker = path.join(dir, "a-file");
    await writeFile(blocker, "not a directory");
    const out = path.join(blocker, "report");
    await expect(runBench(options({ out }), silent)).rejects.toMatchObject({ code: "output_not_writable" });
    expect(existsSync(path.join(out, "report.md"))).toBe(false);
  });
});

describe("rapo bench: scenarios", () => {
  it("rejects an unknown scenario name and an invalid scenario file, naming the field, before running", async () => {
    const out = path.join(dir, "bad-scenario");
    await expect(runBench(options({ scenario: "crowded", out }), silent)).rejects.toMatchObject({
      code: "invalid_scenario",
      message: expect.stringContaining("paper, contended, misdeclared, long, cost"),
    });
    const file = path.join(dir, "bad.yaml");
    await writeFile(
      file,
      "name: bad\ndescription: x\nagents:\n  - { id: a, role: A, skills: { retrieval: 1.5 } }\n",
    );
    await expect(runBench(options({ scenario: file, out }), silent)).rejects.toMatchObject({
      code: "invalid_scenario",
      message: expect.stringContaining("'agents.0.skills.retrieval'"),
    });
    await expect(
      runBench(options({ scenario: path.join(dir, "none.yaml"), out }), silent),
    ).rejects.toMatchObject({
      code: "invalid_scenario",
      message: expect.stringContaining("cannot read scenario"),
    });
    expect(existsSync(path.join(out, "report.md"))).toBe(false);
  });
});

describe("rapo bench: a run", () => {
  it("plays the methods in a scenario, writes the report with figures, and prints one JSON object", async () => {
    const out = path.join(dir, "run");
    const data = path.join(dir, "data.jsonl");
    await writeFile(data, toJsonl(generateDataset({ conversations: 30, seed: 9 })));
    const printed: string[] = [];
    const outcome = await runBench(
      options({ out, data, methods: "baseline,rapo", conversations: 20, scenario: "paper" }),
      (l) => printed.push(l),
    );
    expect(printed).toHaveLength(1);
    const json = JSON.parse(printed[0]!) as ReturnType<typeof benchJson>;
    expect(json.scenarios.map((s) => s.scenario)).toEqual(["paper"]);
    const paper = json.scenarios[0]!;
    expect(paper.methods.map((m) => m.method).sort()).toEqual(["baseline", "rapo"]);
    expect(paper.conversations).toBe(20);
    for (const m of paper.methods)
      for (const key of ["success", "responseTimeMeanMs", "responseTimeP95Ms", "turnLatencyP95Ms"] as const)
        expect(typeof m[key]).toBe("number");
    expect(paper.comparisons.length).toBeGreaterThan(0);
    const report = await readFile(outcome.reportPath, "utf8");
    expect(report).toContain("Table 1");
    expect(report).toContain(`--data ${data}`);
    expect(report).toContain("--scenario paper");
    expect(report).toContain("--seed 3");
    expect(
      (await readdir(path.join(out, "figures"))).filter((f) => f.endsWith(".svg")).length,
    ).toBeGreaterThan(0);
  });
});
