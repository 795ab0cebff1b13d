/**
 * @module eval/report/figures
 * Figure 1 (failure modes per method) and Figure 2 (context preservation vs conversation length,
 * with confidence bands) as Vega-Lite specs, compiled to Vega and rendered to SVG headlessly:
 * a `View` with `renderer: "none"` and `toSVG()` needs no canvas or browser.
 */
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { FAILURE_MODE_LABELS, FAILURE_MODES } from "../metrics/failure-modes.js";
import { labelOf } from "./performance-tables.js";
import type { ReportInput } from "./report-input.js";

/** One rendered figure. */
export interface ReportFigure {
  /** file name under `figures/`, e.g. `figure-1-failure-modes.svg`. */
  name: string;
  /** caption used in the Markdown. */
  title: string;
  svg: string;
}

/** Renders a Vega-Lite spec to an SVG string. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Figure 1: for each failure category, the share of each method's conversations that failed that
 * way (percent of all conversations, so the bars of a method add up to its failure rate).
 */
export function failureModesSpec(input: ReportInput): TopLevelSpec {
  const values = input.methods.flatMap((m) =>
    FAILURE_MODES.map((mode) => ({
      method: m.label,
      mode: FAILURE_MODE_LABELS[mode],
      percent: (100 * m.metrics.failureModes[mode]) / m.metrics.conversations,
    })),
  );
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Figure 1: failure modes by method (% of conversations)",
    width: { step: 14 },
    height: 260,
    data: { values },
    mark: "bar",
    encoding: {
      x: {
        field: "mode",
        type: "nominal",
        sort: FAILURE_MODES.map((m) => FAILURE_MODE_LABELS[m]),
        title: null,
        axis: { labelAngle: -20, labelLimit: 400 },
      },
      xOffset: { field: "method", type: "nominal", sort: input.methods.map((m) => m.label) },
      y: { field: "percent", type: "quantitative", title: "% of conversations" },
      color: {
        field: "method",
        type: "nominal",
        sort: input.methods.map((m) => m.label),
        title: "Method",
        legend: { labelLimit: 400 },
      },
      tooltip: [{ field: "method" }, { field: "mode" }, { field: "percent", format: ".1f" }],
    },
  };
}

/** Figure 2: mean context score by conversation length in turns, one line per method, CI band. */
export function contextByLengthSpec(input: ReportInput): TopLevelSpec {
  const values = input.contextByLength.flatMap((s) =>
    s.points.map((p) => ({
      method: labelOf(input, s.method),
      turns: p.turns,
      mean: p.mean,
      lo: p.lo,
      hi: p.hi,
      n: p.n,
    })),
  );
  const order = input.methods.map((m) => m.label);
  const level = Math.round(input.settings.confidenceLevel * 100);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `Figure 2: context preservation vs conversation length (${level}% CI)`,
    width: 520,
    height: 300,
    data: { values },
    encoding: {
      x: {
        field: "turns",
        type: "quantitative",
        title: "Conversation length (turns)",
        scale: { zero: false },
      },
      color: { field: "method", type: "nominal", sort: order, title: "Method", legend: { labelLimit: 400 } },
    },
    layer: [
      {
        mark: { type: "errorband", opacity: 0.18 },
        encoding: {
          y: { field: "lo", type: "quantitative", title: "Context score (ROUGE-L F)" },
          y2: { field: "hi" },
        },
      },
      {
        mark: { type: "line", point: true },
        encoding: {
          y: { field: "mean", type: "quantitative" },
          tooltip: [
            { field: "method" },
            { field: "turns" },
            { field: "mean", format: ".3f" },
            { field: "n" },
          ],
        },
      },
    ],
  };
}

/** File names of the report's figures (the Markdown links to `figures/<name>`). */
export const FIGURE_FILES = {
  failureModes: "figure-1-failure-modes.svg",
  contextByLength: "figure-2-context-by-length.svg",
} as const;

/** Renders both figures. */
export async function renderFigures(input: ReportInput): Promise<ReportFigure[]> {
  const [failure, context] = await Promise.all([
    renderSvg(failureModesSpec(input)),
    renderSvg(contextByLengthSpec(input)),
  ]);
  return [
    { name: FIGURE_FILES.failureModes, title: "Figure 1: failure modes by method", svg: failure },
    {
      name: FIGURE_FILES.contextByLength,
      title: "Figure 2: context preservation vs conversation length",
      svg: context,
    },
  ];
}
