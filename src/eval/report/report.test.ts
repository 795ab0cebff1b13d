import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../../config/resolve.js";
import { InputError } from "../../errors.js";
import { gloveFromJson } from "../metrics/literal-embedder.js";
import type { ReferenceAnswers } from "../metrics/reference-answers.js";
import { syntheticMethod } from "../metrics/run-builders.spec-suite.js";
import type { MethodResult } from "../types.js";
import { machineInfo } from "./machine.js";
import { PAPER_TABLE1, PAPER_TABLE3 } from "./paper-numbers.js";
import { type Report, renderBenchReport, renderReport } from "./render-report.js";
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
    ["oracle", "reference", undefined, 0.97, 35],
    ["rapo-no-consensus", "ablation", undefined, 0.85, 45],
  ] as const;
  return specs.map(([method, kind, paperRef, quality, latencyMs]) => ({
    ...syntheticMethod({
      method,
      kind,
      paperRef,
      conversations: 120,
      quality,
      latencyMs,
      seed: 7,
      world: true,
    }),
    label: method === "rapo" ? "rapo" : `${method}-label`,
  }));
}

/** Reference turns for the synthetic conversations: the user message and an oracle-like answer. */
function references(list: readonly MethodResult[]): ReferenceAnswers {
  const rapo = list[0]!;
  return new Map(
    rapo.conversations.map((c, k) => [
      c.conversationId,
      c.turns.map((t, i) => ({ user: `question ${k} ${i} about order ${k % 7}`, answer: t.answer })),
    ]),
  );
}

/** A tiny GloVe file in the package's layout: the synthetic vocabulary on a few random axes. */
function tinyGlove(): Buffer {
  const words = [
    "order",
    "warehouse",
    "lyon",
    "stock",
    "supplier",
    "total",
    "invoice",
    "route",
    "truck",
    "report",
    "question",
    "about",
  ];
  const vectors = Object.fromEntries(
    words.map((w, i) => [w, [...Array.from({ length: 4 }, (_, d) => Math.sin(i * 1.7 + d * 2.3)), 1, i]]),
  );
  return Buffer.from(
    JSON.stringify({ precision: 8, dimensions: 4, words, vectors, unkVector: [0, 0, 0, 0, 0, -1] }),
  );
}

let summary: EvaluationSummary;
let input: ReportInput;
let report: Report;
let tmp: string;

beforeAll(async () => {
  const list = methods();
  summary = summarizeEvaluation(list, {
    eval: EVAL,
    seed: 42,
    references: references(list),
    literal: { embedder: gloveFromJson(tinyGlove()), note: "tiny test vectors." },
    scenario: { name: "contended", description: "A test scenario.", markers: [{ at: 60, label: "drift" }] },
  });
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
  it("compares the reference with every baseline, reference row and ablation, each family with its own Bonferroni m", () => {
    const s = input.comparisons.filter((c) => c.metric === "successInDeadline");
    expect(s.map((c) => c.other)).toEqual([
      "baseline",
      "ampo",
      "p4",
      "clinical",
      "oracle",
      "rapo-no-consensus",
    ]);
    expect(s.map((c) => c.family)).toEqual([
      "baselines",
      "baselines",
      "baselines",
      "baselines",
      "references",
      "ablations",
    ]);
    const vsBaseline = s[0]!;
    expect(vsBaseline.reference).toBe("rapo");
    expect(vsBaseline.meanDiff).toBeGreaterThan(0);
    expect(vsBaseline.alphaAdjusted).toBeCloseTo(0.05 / 4, 12);
    expect(s[4]!.alphaAdjusted).toBeCloseTo(0.05, 12);
    expect(s[4]!.meanDiff).toBeLessThan(0); // the oracle is above rapo
  });

  it("gives each method a bootstrap CI that contains its estimate, for every table metric", () => {
    for (const m of input.methods) {
      for (const metric of [
        "success",
        "successInDeadline",
        "handoffSuccess",
        "factPreservation",
        "referenceRouge",
        "turnLatencyP95Ms",
        "costPerSuccessUsd",
      ] as const) {
        const ci = m.intervals[metric];
        expect(ci, `${m.method} ${metric}`).toBeTruthy();
        expect(ci!.lo).toBeLessThanOrEqual(ci!.estimate + 1e-12);
        expect(ci!.hi).toBeGreaterThanOrEqual(ci!.estimate - 1e-12);
      }
      expect(m.intervals.success!.estimate).toBeCloseTo(m.metrics.success, 12);
      expect(m.intervals.turnLatencyP95Ms!.estimate).toBeCloseTo(m.metrics.turnLatencyP95Ms, 9);
      expect(m.intervals.costPerSuccessUsd!.estimate).toBeCloseTo(m.metrics.costPerSuccessUsd!, 12);
    }
  });

  it("uses one value per metric: the table's mean is the mean of the compared per-conversation sample", () => {
    const rapo = input.methods.find((m) => m.method === "rapo")!;
    for (const c of input.comparisons.filter((x) => x.other === "baseline")) {
      const table =
        c.metric === "costUsd"
          ? null
          : c.metric === "responseTimeMs"
            ? rapo.metrics.responseTimeMeanMs
            : rapo.metrics[c.metric];
      if (table !== null) expect(c.meanA, c.metric).toBeCloseTo(table as number, 9);
    }
  });

  it("calibrates the literal cosine threshold and applies it", () => {
    const cal = summary.literal.calibration!;
    expect(cal).toBeTruthy();
    expect(cal.positives.n).toBeGreaterThan(100);
    expect(cal.truePositiveRate - cal.falsePositiveRate).toBeGreaterThanOrEqual(0);
    for (const m of input.methods) expect(m.metrics.literalHandoffSuccess).not.toBeNull();
  });

  it("builds the figure series: over time, by offered load and by length, with Wilson bands", () => {
    for (const series of [summary.successOverTime, summary.successByLoad, summary.successByLength]) {
      expect(series).toHaveLength(input.methods.length);
      for (const s of series)
        for (const p of s.points) {
          expect(p.lo).toBeLessThanOrEqual(p.rate + 1e-12);
          expect(p.hi).toBeGreaterThanOrEqual(p.rate - 1e-12);
        }
    }
    const total = summary.successByLength[0]!.points.reduce((a, p) => a + p.n, 0);
    expect(total).toBe(120);
    expect(summary.successOverTime[0]!.points.length).toBeGreaterThan(5);
  });

  it("is reproducible for a seed", () => {
    const again = summarizeEvaluation(methods(), { eval: EVAL, seed: 42 });
    expect(JSON.stringify(again)).toBe(
      JSON.stringify(summarizeEvaluation(methods(), { eval: EVAL, seed: 42 })),
    );
    const other = summarizeEvaluation(methods(), { eval: EVAL, seed: 43 });
    expect(other.comparisons[0]!.ci.lo).not.toBe(again.comparisons[0]!.ci.lo);
    expect(other.methods.map((m) => m.metrics)).toEqual(again.methods.map((m) => m.metrics));
    expect(again.literal.calibration).toBeNull();
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
  it("prints one section per scenario with every method's primary metrics and CIs", () => {
    const md = report.markdown;
    expect(md).toContain("## Scenario `contended`");
    const section = md.slice(md.indexOf("### Primary metrics"), md.indexOf("### rapo against every method"));
    for (const m of input.methods) {
      const line = section.split("\n").find((l) => l.startsWith(`| ${m.label}`));
      expect(line, m.method).toBeDefined();
      const ci = m.intervals.success!;
      expect(line).toContain(`${m.metrics.success.toFixed(3)} [${ci.lo.toFixed(3)}, ${ci.hi.toFixed(3)}]`);
    }
    expect(section).toContain("share of conversations");
    expect(section).toContain("pooled turns");
    expect(section).toContain("mean per conversation with a handoff");
  });

  it("compares rapo with every other method: Δ, CI, Bonferroni p and d", () => {
    const md = report.markdown;
    const section = md.slice(md.indexOf("### rapo against every method"), md.indexOf("### Figures"));
    for (const m of input.methods.filter((x) => x.method !== "rapo")) {
      const line = section.split("\n").find((l) => l.startsWith(`| ${m.label} |`));
      expect(line, m.method).toBeDefined();
      const c = input.comparisons.find((x) => x.metric === "success" && x.other === m.method)!;
      expect(line).toContain(`d=${c.cohensD.toFixed(2)}`);
    }
  });

  it("prints the paper's Table 1 beside the literal row, with the comparability note and calibration", () => {
    const md = report.markdown;
    const section = md.slice(md.indexOf("### Paper-literal metrics"), md.indexOf("#### Paper's Table 3"));
    expect(section).toContain("Only the ordering of methods is comparable with the paper");
    for (const row of PAPER_TABLE1) {
      expect(section).toContain(`| ${row.responseTimeMs} |`);
      expect(section).toContain(`| ${row.contextScore.toFixed(2)} |`);
    }
    expect(section).toContain(`τ = ${summary.literal.calibration!.threshold.toFixed(3)}`);
    expect(section).toContain("oracle answer vs its context");
  });

  it("prints the paper's Table 3 beside the measured comparisons", () => {
    const md = report.markdown;
    const section = md.slice(
      md.indexOf("#### Paper's Table 3"),
      md.indexOf("### Success by number of transitions"),
    );
    for (const row of PAPER_TABLE3) {
      expect(section).toContain(`[${row.ci[0].toFixed(2)}, ${row.ci[1].toFixed(2)}]`);
      expect(section).toContain(`| ${row.cohensD.toFixed(2)} |`);
    }
    const measured = input.comparisons.find((c) => c.metric === "contextScore" && c.other === "p4")!;
    const line = section.split("\n").find((l) => l.includes("rapo vs p4-label"))!;
    expect(line).toContain(`[${measured.ci.lo.toFixed(3)}, ${measured.ci.hi.toFixed(3)}]`);
  });

  it("includes Table 2, transitions up to 25, failure causes, windows, targets and reproduction", () => {
    const md = report.markdown;
    expect(md).toContain("## Table 2");
    expect(md).toContain("| 1000 | 76.5 | 180.5 |");
    expect(md).toContain("| 25+ |");
    expect(md).toContain("| Paper (Figure 1 caption) |");
    expect(md).toContain("Missing fact");
    expect(md).toContain("| 51–100 |");
    expect(md).toContain("SPEC §11 targets");
    expect(md).toContain("rapo bench --conversations 120 --seed 42");
    expect(md).toContain(`(${input.machine.cores} cores)`);
    for (const f of report.figures) expect(md).toContain(`](figures/${f.name})`);
    expect(md).not.toMatch(/Tables 1[–-]3/);
  });

  it("renders the figures as SVG: small multiples naming every method, and failure causes", () => {
    expect(report.figures.map((f) => f.name)).toEqual([
      "contended-success-over-time.svg",
      "contended-success-vs-load.svg",
      "contended-success-vs-length.svg",
      "contended-failure-causes.svg",
    ]);
    for (const f of report.figures) {
      expect(f.svg.startsWith("<svg")).toBe(true);
      expect(f.svg.trimEnd().endsWith("</svg>")).toBe(true);
      for (const m of input.methods) expect(f.svg, `${f.name} ${m.label}`).toContain(`>${m.label}</text>`);
    }
    expect(report.figures[3]!.svg).toContain("Missing fact");
    expect(report.figures[2]!.svg).toContain("Conversation length (turns)");
  });

  it("renders several scenarios into one report and refuses bad input", async () => {
    const other = { ...summary, scenario: { name: "long" } };
    const both = await renderBenchReport({
      scenarios: [summary, other],
      reproduce: input.reproduce,
      machine: input.machine,
    });
    expect(both.markdown).toContain("## Scenario `contended`");
    expect(both.markdown).toContain("## Scenario `long`");
    expect(both.figures.filter((f) => f.name.startsWith("long-"))).toHaveLength(4);
    await expect(
      renderBenchReport({
        scenarios: [summary, summary],
        reproduce: input.reproduce,
        machine: input.machine,
      }),
    ).rejects.toThrow(/twice/);
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
