/**
 * @module eval/report/figures
 * The figures of one scenario as Vega-Lite specs, compiled to Vega and rendered to SVG headlessly
 * (a `View` with `renderer: "none"` and `toSVG()` needs no canvas or browser). Readable at a
 * glance (issue 13): rate figures are small multiples — one panel per method, its own line in a
 * strong colour over a light CI band, with the reference method (rapo) as a grey line in every
 * panel — instead of a dozen overlapping bands; failure causes are one stacked bar per method.
 */
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { FAILURE_CAUSE_LABELS, FAILURE_CAUSES } from "../metrics/failure-causes.js";
import type { EvaluationSummary, RateSeries } from "./report-input.js";
import { methodLabel, tableOrder } from "./scenario-tables.js";

/** One rendered figure. */
export interface ReportFigure {
  /** file name under `figures/`, e.g. `contended-success-over-time.svg`. */
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

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
const THIS = "this method";
const REFERENCE = "reference (rapo)";

/** Options of {@link smallMultiplesSpec}. */
export interface SmallMultiplesOptions {
  title: string;
  xTitle: string;
  /** vertical rules drawn in every panel (e.g. a drift point). */
  markers?: readonly { at: number; label: string }[];
}

/**
 * Small multiples of a rate: one panel per method (table order), its line and Wilson band in
 * blue, the reference method's line in grey for comparison.
 */
export function smallMultiplesSpec(
  summary: EvaluationSummary,
  series: readonly RateSeries[],
  options: SmallMultiplesOptions,
): TopLevelSpec {
  const order = tableOrder(summary).map((m) => m.label);
  const ref = series.find((s) => s.method === summary.reference);
  const values = series.flatMap((s) => {
    const panel = methodLabel(summary, s.method);
    const own = s.points.map((p) => ({ panel, series: THIS, ...p }));
    const shadow =
      ref && s.method !== summary.reference
        ? ref.points.map((p) => ({ panel, series: REFERENCE, ...p, lo: null, hi: null }))
        : [];
    return [...own, ...shadow];
  });
  const markers = (options.markers ?? []).flatMap((m) =>
    order.map((panel) => ({ panel, at: m.at, label: m.label })),
  );
  const level = Math.round(summary.settings.confidenceLevel * 100);
  const color = {
    field: "series",
    type: "nominal" as const,
    scale: { domain: [THIS, REFERENCE], range: ["#1f5fa8", "#9a9a9a"] },
    legend: { title: null, orient: "top" as const },
  };
  const layers: unknown[] = [
    {
      transform: [{ filter: `datum.series === '${THIS}'` }],
      mark: { type: "area", opacity: 0.18, color: "#1f5fa8" },
      encoding: {
        x: { field: "x", type: "quantitative" },
        y: { field: "lo", type: "quantitative" },
        y2: { field: "hi" },
      },
    },
    {
      transform: [{ filter: "datum.series !== 'marker'" }],
      mark: { type: "line", strokeWidth: 2 },
      encoding: {
        x: { field: "x", type: "quantitative", title: options.xTitle, scale: { zero: false } },
        y: {
          field: "rate",
          type: "quantitative",
          title: `Success within deadline (${level}% Wilson band)`,
          scale: { domain: [0, 1] },
        },
        color,
        strokeDash: {
          field: "series",
          type: "nominal",
          scale: {
            domain: [THIS, REFERENCE],
            range: [
              [1, 0],
              [4, 3],
            ],
          },
          legend: null,
        },
        tooltip: [{ field: "panel" }, { field: "label" }, { field: "n" }, { field: "rate", format: ".3f" }],
      },
    },
  ];
  const data = markers.length > 0 ? [...values, ...markers.map((m) => ({ ...m, series: "marker" }))] : values;
  if (markers.length > 0)
    layers.push({
      transform: [{ filter: "datum.series === 'marker'" }],
      mark: { type: "rule", color: "#c0392b", strokeDash: [2, 2] },
      encoding: { x: { field: "at", type: "quantitative" } },
    });
  return {
    $schema: SCHEMA,
    title: options.title,
    data: { values: data },
    facet: {
      field: "panel",
      type: "nominal",
      sort: order,
      title: null,
      header: { labelFontSize: 11, labelLimit: 220 },
    },
    columns: 4,
    spec: { width: 170, height: 110, layer: layers },
    resolve: { scale: { x: "shared", y: "shared" } },
  } as unknown as TopLevelSpec;
}

/** Failure causes: one horizontal stacked bar per method, % of its conversations. */
export function failureCausesSpec(summary: EvaluationSummary): TopLevelSpec {
  const methods = tableOrder(summary);
  const values = methods.flatMap((m) =>
    FAILURE_CAUSES.map((cause) => ({
      method: m.label,
      cause: FAILURE_CAUSE_LABELS[cause],
      percent: (100 * m.metrics.failureCauses[cause]) / m.metrics.conversations,
    })),
  );
  return {
    $schema: SCHEMA,
    title: "Failure causes (% of conversations; first turn that failed the user)",
    width: 520,
    height: { step: 18 },
    data: { values },
    mark: "bar",
    encoding: {
      y: {
        field: "method",
        type: "nominal",
        sort: methods.map((m) => m.label),
        title: null,
        axis: { labelLimit: 260 },
      },
      x: { field: "percent", type: "quantitative", title: "% of conversations", stack: "zero" },
      color: {
        field: "cause",
        type: "nominal",
        sort: FAILURE_CAUSES.map((c) => FAILURE_CAUSE_LABELS[c]),
        scale: { scheme: "tableau10" },
        title: "Cause",
        legend: { labelLimit: 400, orient: "bottom", columns: 2 },
      },
      order: { field: "cause", type: "nominal" },
      tooltip: [{ field: "method" }, { field: "cause" }, { field: "percent", format: ".1f" }],
    },
  };
}

/** The file name prefix of a scenario's figures. */
export function figurePrefix(summary: EvaluationSummary): string {
  return (summary.scenario?.name ?? "run").replace(/[^\w-]+/g, "-");
}

/** Renders a scenario's figures (success vs offered load only when the runs recorded load). */
export async function renderFigures(summary: EvaluationSummary): Promise<ReportFigure[]> {
  const prefix = figurePrefix(summary);
  const specs: { name: string; title: string; spec: TopLevelSpec }[] = [
    {
      name: `${prefix}-success-over-time.svg`,
      title: "Success within the deadline over the run (sliding windows): learning and drift recovery",
      spec: smallMultiplesSpec(summary, summary.successOverTime, {
        title: "Success over the run (sliding windows of conversations)",
        xTitle: "Conversation (window midpoint)",
        ...(summary.scenario?.markers ? { markers: summary.scenario.markers } : {}),
      }),
    },
  ];
  if (summary.successByLoad.some((s) => s.points.length > 0))
    specs.push({
      name: `${prefix}-success-vs-load.svg`,
      title: "Success within the deadline vs offered load",
      spec: smallMultiplesSpec(summary, summary.successByLoad, {
        title: "Success vs offered load (quintiles of the conversation's mean offered load)",
        xTitle: "Offered load (× total slots)",
      }),
    });
  specs.push(
    {
      name: `${prefix}-success-vs-length.svg`,
      title: "Success within the deadline vs conversation length",
      spec: smallMultiplesSpec(summary, summary.successByLength, {
        title: "Success vs conversation length (quintiles of length)",
        xTitle: "Conversation length (turns)",
      }),
    },
    { name: `${prefix}-failure-causes.svg`, title: "Failure causes", spec: failureCausesSpec(summary) },
  );
  return Promise.all(
    specs.map(async (s) => ({ name: s.name, title: s.title, svg: await renderSvg(s.spec) })),
  );
}
