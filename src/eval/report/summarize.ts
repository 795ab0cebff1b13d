/**
 * @module eval/report/summarize
 * From run records to the evaluation summary: measures every method, checks they all played the
 * same conversations, compares the reference (rapo) with every baseline and ablation, and builds
 * the breakdowns (transitions, quartiles, windows, length) the report shows.
 */
import type { RapoConfig } from "../../config/schema.js";
import { InputError } from "../../errors.js";
import { deriveSeed } from "../../util/hash.js";
import {
  aggregateMetrics,
  conversationSample,
  conversationValue,
  costPerSuccess,
  pooledTurnLatencyP95,
} from "../metrics/aggregate.js";
import { byTransitions, contextByLength, successInTransitionRange } from "../metrics/by-transitions.js";
import type { ConversationMetrics } from "../metrics/conversation-metrics.js";
import { evaluateMethod, type MethodEvaluation } from "../metrics/evaluate-method.js";
import { applyLiteral, calibrateLiteral } from "../metrics/literal.js";
import type { LiteralEmbedder, LiteralEmbedderLoad } from "../metrics/literal-embedder.js";
import type { ReferenceAnswers } from "../metrics/reference-answers.js";
import { validateMethodResult } from "../metrics/validate.js";
import { slidingWindows } from "../metrics/windows.js";
import { bootstrapMean, bootstrapStatistic, type StatisticInterval } from "../stats/bootstrap.js";
import { compareSamples } from "../stats/compare.js";
import { quartileAnalysis, transitionQuartileCuts } from "../stats/quartiles.js";
import type { MethodResult } from "../types.js";
import { driftTraffic } from "./drift-traffic.js";
import { SPEC_TARGETS } from "./paper-numbers.js";
import { byValue, overTime, quantileCuts } from "./rate-series.js";
import type {
  ComparisonMetric,
  EvaluationSummary,
  IntervalMetric,
  LiteralSummary,
  MethodComparison,
  RateSeries,
  ScenarioInfo,
  SummarySettings,
} from "./report-input.js";

/** Options of {@link summarizeEvaluation}. */
export interface SummarizeOptions {
  /** the `eval` section of the resolved configuration (thresholds, window, resamples, α, level). */
  eval: RapoConfig["eval"];
  /** base seed; each comparison's bootstrap gets a sub-seed derived from it and its label. */
  seed: number;
  /** reference method id; defaults to the only method of kind `rapo`. */
  reference?: string;
  /** window step; defaults to the window size (adjacent windows). */
  windowStep?: number;
  /** the full-context oracle's answers (`referenceAnswers(dataset)`), for reference ROUGE-L and the literal calibration. */
  references?: ReferenceAnswers;
  /** the literal embedder (`await loadLiteralEmbedder()`, loaded once per bench run); absent: no literal cosine. */
  literal?: LiteralEmbedderLoad | LiteralEmbedder | null;
  /** the scenario the runs belong to. */
  scenario?: ScenarioInfo;
}

/** Cluster-bootstrap resamples for the pooled-turn p95 and the cost ratio (each resample sorts all turns). */
export const CLUSTER_RESAMPLES = 1000;

/**
 * Resamples of the one-sample CIs of the per-method table (at most; the method-vs-method
 * comparisons use the configured `eval.bootstrapResamples`, 10,000 as the paper): 2,000
 * resamples put a 95 % percentile bound within about ±0.005 of its limit for a rate.
 */
export const TABLE_RESAMPLES = 2000;

/** Metrics with a bootstrap CI in the tables, in report order: primary first, paper-literal last. */
export const INTERVAL_METRICS: readonly ComparisonMetric[] = [
  "successInDeadline",
  "success",
  "factPreservation",
  "handoffSuccess",
  "referenceRouge",
  "costUsd",
  "responseTimeMs",
  "contextScore",
  "literalHandoffSuccess",
];

/**
 * Metrics compared between methods (Welch, Bonferroni, d): the primary ones and the paper's Table 3
 * metric. Success within the deadline only when the runs recorded deadlines (it repeats success otherwise).
 */
export const COMPARISON_METRICS: readonly ComparisonMetric[] = [
  "successInDeadline",
  "success",
  "factPreservation",
  "handoffSuccess",
  "referenceRouge",
  "costUsd",
  "contextScore",
];

/**
 * Summarises the runs of several methods.
 * @throws InputError on no methods, duplicate ids, an unknown or ambiguous reference, methods that
 * did not play the same conversations, or any malformed run.
 */
export function summarizeEvaluation(
  results: readonly MethodResult[],
  options: SummarizeOptions,
): EvaluationSummary {
  if (results.length === 0) throw new InputError("no_methods", "the evaluation needs at least one method");
  assertUniqueMethods(results);
  for (const r of results) validateMethodResult(r);
  assertSameConversations(results);
  const evaluations = results.map((r) =>
    evaluateMethod(r, options.references ? { references: options.references } : {}),
  );
  const literal = literalPass(results, evaluations, options);
  const reference = pickReference(evaluations, options.reference);
  const settings = settingsOf(options);
  const level = settings.confidenceLevel;
  const lengthCuts = quantileCuts(
    evaluations[0]!.conversations.map((c) => c.turns),
    5,
  );
  const loads = evaluations.flatMap((e) =>
    e.conversations.flatMap((c) => (c.offeredLoad === null ? [] : [c.offeredLoad])),
  );
  const loadCuts = quantileCuts(loads, 5);
  const series = (f: (e: MethodEvaluation) => RateSeries["points"]): RateSeries[] =>
    evaluations.map((e) => ({ method: e.method, points: f(e) }));
  return {
    ...(options.scenario ? { scenario: options.scenario } : {}),
    reference: reference.method,
    methods: evaluations.map(({ conversations, ...rest }) => ({
      ...rest,
      intervals: intervalsOf(conversations, settings, rest.method),
    })),
    comparisons: compareAll(reference, evaluations, settings),
    byTransitions: evaluations.map((e) => ({
      method: e.method,
      buckets: byTransitions(e.conversations, settings.maxTransitionsBucket, settings.confidenceLevel),
    })),
    longConversations: evaluations.map((e) => {
      const { minTransitions, maxTransitions } = SPEC_TARGETS.longConversations;
      return {
        method: e.method,
        minTransitions,
        maxTransitions,
        ...successInTransitionRange(e.conversations, minTransitions, maxTransitions),
      };
    }),
    quartiles: quartilesOf(evaluations, settings.confidenceLevel),
    windows: evaluations.map((e) => ({
      method: e.method,
      windows: slidingWindows(e.conversations, { size: settings.window, step: settings.windowStep }),
    })),
    contextByLength: evaluations.map((e) => ({
      method: e.method,
      points: contextByLength(e.conversations, settings.confidenceLevel),
    })),
    successOverTime: series((e) => overTime(e.conversations, settings.window, level)),
    successByLoad:
      loads.length === 0
        ? []
        : series((e) =>
            byValue(
              e.conversations,
              (c) => c.offeredLoad,
              loadCuts,
              level,
              (lo, hi) => `${lo.toFixed(2)}–${hi.toFixed(2)}`,
            ),
          ),
    successByLength: series((e) =>
      byValue(
        e.conversations,
        (c) => c.turns,
        lengthCuts,
        level,
        (lo, hi) => (lo === hi ? `${lo} turns` : `${lo}–${hi} turns`),
      ),
    ),
    literal,
    ...(options.scenario?.drift && options.scenario.drift.length > 0
      ? { driftTraffic: options.scenario.drift.map((d) => driftTraffic(results, d)) }
      : {}),
    settings,
  };
}

/**
 * The paper-literal cosine: calibrate the threshold on the references, set each conversation's
 * literal handoff success and re-aggregate. Without references or embedder, says why not.
 */
function literalPass(
  results: readonly MethodResult[],
  evaluations: MethodEvaluation[],
  options: SummarizeOptions,
): LiteralSummary {
  const loaded = options.literal;
  const embedder = loaded && "embed" in loaded ? loaded : (loaded?.embedder ?? null);
  const loadNote = loaded && !("embed" in loaded) ? loaded.note : undefined;
  if (!embedder)
    return {
      calibration: null,
      note: loadNote ?? "No literal embedder was given, so the cosine handoff success is not computed.",
    };
  if (!options.references)
    return {
      calibration: null,
      note: "No reference answers were given, so the cosine threshold cannot be calibrated.",
    };
  const calibration = calibrateLiteral(options.references, embedder);
  if (!calibration)
    return {
      calibration: null,
      note: "Fewer than two conversations: no unrelated answers to calibrate the cosine threshold on.",
    };
  evaluations.forEach((e, k) => {
    applyLiteral(e.conversations, results[k]!.conversations, options.references!, embedder, calibration);
    e.metrics = aggregateMetrics(e.conversations);
  });
  return { calibration, note: loadNote ?? `Literal cosine: ${embedder.name}.` };
}

/** Bootstrap CIs of a method's table metrics, resampling conversations. */
function intervalsOf(
  convs: readonly ConversationMetrics[],
  s: SummarySettings,
  method: string,
): Partial<Record<IntervalMetric, StatisticInterval | null>> {
  const options = (metric: string, resamples: number) => ({
    resamples,
    level: s.confidenceLevel,
    seed: deriveSeed(s.seed, `interval:${metric}:${method}`),
  });
  const out: Partial<Record<IntervalMetric, StatisticInterval | null>> = {};
  for (const metric of INTERVAL_METRICS)
    out[metric] = bootstrapMean(
      conversationSample(convs, metric),
      options(metric, Math.min(TABLE_RESAMPLES, s.bootstrapResamples)),
    );
  // the pooled p95 and the cost ratio, recomputed on each resample of conversations exactly as
  // the table's point value is (metrics/aggregate.ts)
  const cluster = Math.min(CLUSTER_RESAMPLES, s.bootstrapResamples);
  const resampled = (idx: ArrayLike<number>) => Array.from(idx, (i) => convs[i]!);
  out.turnLatencyP95Ms = bootstrapStatistic(
    convs.length,
    (idx) => pooledTurnLatencyP95(resampled(idx)),
    options("turnLatencyP95Ms", cluster),
  );
  out.costPerSuccessUsd =
    costPerSuccess(convs) === null
      ? null
      : bootstrapStatistic(
          convs.length,
          (idx) => costPerSuccess(resampled(idx)) ?? Number.NaN,
          options("costPerSuccessUsd", cluster),
        );
  return out;
}

/** The per-conversation sample of a metric (conversations without a value are left out). */
export function metricSample(convs: readonly ConversationMetrics[], metric: ComparisonMetric): number[] {
  return conversationSample(convs, metric);
}

function settingsOf(options: SummarizeOptions): SummarySettings {
  const e = options.eval;
  return {
    window: e.window,
    windowStep: options.windowStep ?? e.window,
    bootstrapResamples: e.bootstrapResamples,
    alpha: e.alpha,
    confidenceLevel: e.confidenceLevel,
    maxTransitionsBucket: e.maxTransitionsBucket,
    seed: options.seed,
  };
}

/**
 * Reference vs every baseline (one Bonferroni family), every reference row (oracle and floor:
 * another) and every ablation or variant (a third), per metric. A comparison whose samples have
 * fewer than 2 values (e.g. almost no handoffs, or a metric the runs did not record) is left
 * out; the report shows "—" for it.
 */
function compareAll(
  reference: MethodEvaluation,
  evaluations: readonly MethodEvaluation[],
  s: SummarySettings,
): MethodComparison[] {
  const out: MethodComparison[] = [];
  const kindOf = { baselines: "baseline", references: "reference", ablations: "ablation" } as const;
  const deadlines = evaluations.some((e) => e.metrics.deadlineRecorded);
  const priced = evaluations.some((e) => (e.metrics.costUsd ?? 0) > 0);
  for (const family of ["baselines", "references", "ablations"] as const) {
    const others = evaluations.filter((e) => e.kind === kindOf[family] && e.method !== reference.method);
    for (const metric of COMPARISON_METRICS) {
      if (metric === "successInDeadline" && !deadlines) continue;
      if (metric === "costUsd" && !priced) continue;
      const a = metricSample(reference.conversations, metric);
      for (const other of others) {
        const b = metricSample(other.conversations, metric);
        if (a.length < 2 || b.length < 2) continue;
        const seed = deriveSeed(s.seed, `${metric}:${reference.method}:${other.method}`);
        const stats = compareSamples(a, b, {
          resamples: s.bootstrapResamples,
          seed,
          comparisons: others.length,
          alpha: s.alpha,
          level: s.confidenceLevel,
        });
        out.push({ metric, reference: reference.method, other: other.method, family, ...stats });
      }
    }
  }
  return out;
}

function quartilesOf(
  evaluations: readonly MethodEvaluation[],
  level: number,
): EvaluationSummary["quartiles"] {
  const cuts = transitionQuartileCuts(evaluations.flatMap((e) => e.conversations.map((c) => c.transitions)));
  const rows: EvaluationSummary["quartiles"]["rows"] = [];
  for (const metric of ["success", "contextScore"] as const) {
    for (const e of evaluations) {
      const samples = e.conversations.flatMap((c) => {
        const value = conversationValue(c, metric);
        return value === null ? [] : [{ transitions: c.transitions, value }];
      });
      rows.push({ method: e.method, metric, groups: quartileAnalysis(samples, cuts, level) });
    }
  }
  return { cuts, rows };
}

function pickReference(evaluations: readonly MethodEvaluation[], id: string | undefined): MethodEvaluation {
  if (id !== undefined) {
    const found = evaluations.find((e) => e.method === id);
    if (!found)
      throw new InputError("unknown_method", `reference method '${id}' is not among the results`, {
        method: id,
      });
    return found;
  }
  const rapo = evaluations.filter((e) => e.kind === "rapo");
  if (rapo.length !== 1) {
    throw new InputError(
      "ambiguous_reference",
      `expected exactly one method of kind 'rapo', found ${rapo.length}; pass 'reference'`,
    );
  }
  return rapo[0]!;
}

function assertUniqueMethods(results: readonly MethodResult[]): void {
  const seen = new Set<string>();
  for (const r of results) {
    if (seen.has(r.method))
      throw new InputError("duplicate_method", `method '${r.method}' appears twice`, { method: r.method });
    seen.add(r.method);
  }
}

/** Honesty rule (issue #4): every method played the same conversations, in the same order. */
function assertSameConversations(results: readonly MethodResult[]): void {
  const first = results[0]!;
  const ids = first.conversations.map((c) => c.conversationId);
  for (const e of results.slice(1)) {
    const sameLength = e.conversations.length === ids.length;
    const mismatch = sameLength
      ? e.conversations.findIndex((c, i) => c.conversationId !== ids[i])
      : Math.min(ids.length, e.conversations.length);
    if (mismatch >= 0) {
      throw new InputError(
        "different_conversations",
        `methods '${first.method}' and '${e.method}' did not play the same conversations (first difference at position ${mismatch})`,
        { methods: [first.method, e.method] },
      );
    }
  }
}
