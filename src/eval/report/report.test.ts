import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../../config/resolve.js";
import { InputError } from "../../errors.js";
import { syntheticMethod } from "../metrics/run-builders.spec-suite.js";
import type { MethodResult } from "../types.js";
import { machineInfo } from "./machine.js";
import { PAPER_TABLE1, PAPER_TABLE3 } from "./paper-numbers.js";
import { type Report, renderReport } from "./render-report.js";
import type { EvaluationSummary, ReportInput } from "./report-input.js";
import { summarizeEvaluation } from "./summarize.js";
import { writeReport } from "./write-report.js";

// Small and fast: 120 conversations per method, 500 bootstrap resamples.
const EVAL = resolveConfig({ eval: { bootstrapResamples: 500, window: 50 } }).eval;

function methods(): MethodResult[] {
  const specs = [
    ["rapo", "rapo", "ours", 0.92, 40],
    ["baseline", "baseline", "baseline", 0.6, 90],
    ["ampo", "baseline", "ampo", 0.7, 80],
    ["p4", "baseline", "p4", 0.75, 70],
    ["clinical", "baseline", "clinical", 0.8, 60],
    ["rapo-no-consensus", "ablation", undefined, 0.85, 45],
  ] as const;
  return specs.map(([method, kind, paperRef, quality, latencyMs]) => ({
    ...syntheticMethod({ method, kind, paperRef, conversations: 120, quality, latencyMs, seed: 7 }),
    label: method === "rapo" ? "rapo" : `${method}-label`,
  }));
}

let summary: EvaluationSummary;
let input: ReportInput;
let report: Report;
let tmp: string;

beforeAll(async () => {
  summary = summarizeEvaluation(methods(), { eval: EVAL, seed: 42 });
  input = {
    ...summary,
    reproduce: { command: "rapo bench --conversations 120 --seed 42", seed: 42, conversations: 120 },
    machine: machineInfo(),
    scalability: [{ agents: 1000, memoryMb: 180.5, cpuPercent: 12, success: 0.91, consensusMsPerTick: 3.2 }],
  };
  report = await renderReport(input);
  tmp = await mkdtemp(path.join(os.tmpdir(), "rapo-report-"));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe("summarizeEvaluation", () => {
  it("compares the reference with every baseline and ablation on every metric", () => {
    const ctx = input.comparisons.filter((c) => c.metric === "contextScore");
    expect(ctx.map((c) => c.other)).toEqual(["baseline", "ampo", "p4", "clinical", "rapo-no-consensus"]);
    const vsBaseline = ctx[0]!;
    expect(vsBaseline.reference).toBe("rapo");
    expect(vsBaseline.meanDiff).toBeGreaterThan(0);
    expect(vsBaseline.alphaAdjusted).toBeCloseTo(0.05 / 4, 12);
    expect(ctx[4]!.alphaAdjusted).toBeCloseTo(0.05, 12);
    expect(input.comparisons).toHaveLength(4 * 5);
  });

  it("is reproducible for a seed", () => {
    const again = summarizeEvaluation(methods(), { eval: EVAL, seed: 42 });
    expect(JSON.stringify(again)).toBe(
      JSON.stringify(summarizeEvaluation(methods(), { eval: EVAL, seed: 42 })),
    );
    const other = summarizeEvaluation(methods(), { eval: EVAL, seed: 43 });
    expect(other.comparisons[0]!.ci.lo).not.toBe(again.comparisons[0]!.ci.lo);
    expect(other.methods).toEqual(again.methods);
  });

  it("refuses methods that did not play the same conversations", () => {
    const list = methods();
    list[2]!.conversations[5]!.conversationId = "intruder";
    expect(() => summarizeEvaluation(list, { eval: EVAL, seed: 1 })).toThrow(
      /same conversations.*position 5/,
    );
    const short = methods();
    short[1]!.conversations.pop();
    expect(() => summarizeEvaluation(short, { eval: EVAL, seed: 1 })).toThrow(InputError);
  });

  it("refuses no methods, duplicates and an unknown reference", () => {
    expect(() => summarizeEvaluation([], { eval: EVAL, seed: 1 })).toThrow(/at least one method/);
    const list = methods();
    expect(() => summarizeEvaluation([...list, list[0]!], { eval: EVAL, seed: 1 })).toThrow(/twice/);
    expect(() => summarizeEvaluation(list, { eval: EVAL, seed: 1, reference: "nope" })).toThrow(/nope/);
  });
});

describe("renderReport", () => {
  it("prints the paper's Table 1 beside the measured numbers of every method", () => {
    const md = report.markdown;
    expect(md).toContain("## Table 1");
    for (const row of PAPER_TABLE1) {
      expect(md).toContain(`| ${row.responseTimeMs} |`);
      expect(md).toContain(`| ${row.contextScore.toFixed(2)} |`);
      expect(md).toContain(`| ${row.success.toFixed(2)} |`);
    }
    for (const m of input.methods) {
      const line = md
        .split("\n")
        .find((l) => l.startsWith(`| ${m.label} |`) && l.includes(m.metrics.success.toFixed(3)));
      expect(line, m.method).toBeDefined();
      expect(line).toContain(m.metrics.contextScore!.toFixed(3));
      expect(line).toContain(m.metrics.responseTimeMeanMs.toFixed(1));
    }
  });

  it("prints the paper's Table 3 beside the measured comparisons", () => {
    const md = report.markdown;
    const section = md.slice(md.indexOf("## Table 3"), md.indexOf("### rapo vs baselines"));
    for (const row of PAPER_TABLE3) {
      expect(section).toContain(`[${row.ci[0].toFixed(2)}, ${row.ci[1].toFixed(2)}]`);
      expect(section).toContain(`| ${row.cohensD.toFixed(2)} |`);
    }
    const measured = input.comparisons.find((c) => c.metric === "contextScore" && c.other === "p4")!;
    const line = section.split("\n").find((l) => l.includes("rapo vs p4-label"))!;
    expect(line).toContain("+0.08");
    expect(line).toContain(`[${measured.ci.lo.toFixed(3)}, ${measured.ci.hi.toFixed(3)}]`);
    expect(line).toContain(measured.cohensD.toFixed(2));
  });

  it("includes Table 2, transitions up to 25, quartiles, failure modes, windows, targets and reproduction", () => {
    const md = report.markdown;
    expect(md).toContain("## Table 2");
    expect(md).toContain("| 1000 | 76.5 | 180.5 |");
    expect(md).toContain("| 24 |");
    expect(md).toContain("| 25+ |");
    expect(md).toContain("## Quartile analysis");
    expect(md).toContain("| Paper (Figure 1 caption) |");
    expect(md).toContain("## Sliding windows of 50 conversations");
    expect(md).toContain("| 51–100 |");
    expect(md).toContain("## SPEC §11 targets");
    expect(md).toContain("rapo bench --conversations 120 --seed 42");
    expect(md).toContain(`(${input.machine.cores} cores)`);
    expect(md).toContain("](figures/figure-1-failure-modes.svg)");
    expect(md).toContain("](figures/figure-2-context-by-length.svg)");
  });

  it("renders both figures as SVG naming every method", () => {
    expect(report.figures.map((f) => f.name)).toEqual([
      "figure-1-failure-modes.svg",
      "figure-2-context-by-length.svg",
    ]);
    for (const f of report.figures) {
      expect(f.svg.startsWith("<svg")).toBe(true);
      expect(f.svg.trimEnd().endsWith("</svg>")).toBe(true);
      for (const m of input.methods) expect(f.svg, `${f.name} ${m.label}`).toContain(`>${m.label}</text>`);
    }
    expect(report.figures[0]!.svg).toContain("Context loss");
    expect(report.figures[1]!.svg).toContain("Conversation length (turns)");
  });

  it("refuses an input without methods or with an unknown reference", async () => {
    await expect(renderReport({ ...input, methods: [] })).rejects.toThrow(InputError);
    await expect(renderReport({ ...input, reference: "ghost" })).rejects.toThrow(/ghost/);
  });
});

describe("writeReport", () => {
  it("writes report.md and figures/*.svg and nothing else", async () => {
    const dir = path.join(tmp, "out", "nested");
    const written = await writeReport(dir, report);
    expect(await readFile(written.reportPath, "utf8")).toBe(report.markdown);
    expect((await readdir(path.join(dir, "figures"))).sort()).toEqual(
      report.figures.map((f) => f.name).sort(),
    );
    expect((await readdir(dir)).sort()).toEqual(["figures", "report.md"]);
  });

  it("fails with a clear InputError when the directory cannot be created, leaving nothing behind", async () => {
    const blocker = path.join(tmp, "a-file");
    await writeFile(blocker, "not a directory");
    const err = await writeReport(path.join(blocker, "report"), report).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe("output_not_writable");
    expect((err as Error).message).toContain(path.join(blocker, "report"));
    expect(await readFile(blocker, "utf8")).toBe("not a directory");
  });

  it("rejects a figure name that would escape the figures folder, touching nothing", async () => {
    const dir = path.join(tmp, "keep");
    await writeReport(dir, report);
    const bad: Report = { markdown: "new", figures: [{ name: "../escape.svg", title: "x", svg: "<svg/>" }] };
    await expect(writeReport(dir, bad)).rejects.toThrow(/plain file name/);
    expect(await readFile(path.join(dir, "report.md"), "utf8")).toBe(report.markdown);
    expect((await readdir(dir)).sort()).toEqual(["figures", "report.md"]);
  });

  it("never leaves a report.md without its figures when renaming fails midway", async () => {
    const dir = path.join(tmp, "midway");
    await writeReport(dir, report);
    // a directory where the second figure must go: its temporary file is written, its rename fails
    const second = path.join(dir, "figures", report.figures[1]!.name);
    await rm(second);
    await mkdir(path.join(second, "occupied"), { recursive: true });
    const err = await writeReport(dir, report).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(await readdir(dir)).toEqual(["figures"]);
    const leftovers = (await readdir(path.join(dir, "figures"))).filter((f) => f.includes(".tmp-"));
    expect(leftovers).toEqual([]);
  });
});
