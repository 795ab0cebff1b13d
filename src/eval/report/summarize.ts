/**
 * @module eval/report/summarize
 * From run records to the evaluation summary: measures every method, checks they all played the
 * same conversations, compares the reference (rapo) with every baseline and ablation, and builds
 * the breakdowns (transitions, quartiles, windows, length) the report shows.
 */
import type { RapoConfig } from "../../config/schema.js";
import { InputError } from "../../errors.js";
import { byTransitions, contextByLength, successInTransitionRange } from "../metrics/by-transitions.js";
import type { ConversationMetrics } from "../metrics/conversation-metrics.js";
import { evaluateMethod, type MethodEvaluation } from "../metrics/evaluate-method.js";
import { validateMethodResult } from "../metrics/validate.js";
import { slidingWindows } from "../metrics/windows.js";
import { compareSamples } from "../stats/compare.js";
import { deriveSeed } from "../stats/prng.js";
import { quartileAnalysis, transitionQuartileCuts } from "../stats/quartiles.js";
import type { MethodResult } from "../types.js";
import { SPEC_TARGETS } from "./paper-numbers.js";
import type {
  ComparisonMetric,
  EvaluationSummary,
  MethodComparison,
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
}

/** Metrics compared between methods, in report order (context score first: paper Table 3). */
export const COMPARISON_METRICS: readonly ComparisonMetric[] = [
  "contextScore",
  "handoffSuccess",
  "success",
  "responseTimeMs",
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
  const evaluations = results.map((r) => evaluateMethod(r, options.eval));
  const reference = pickReference(evaluations, options.reference);
  const settings = settingsOf(options);
  return {
    reference: reference.method,
    methods: evaluations.map(({ conversations: _c, ...rest }) => rest),
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
    settings,
  };
}

/** The per-conversation sample of a metric (conversations without handoffs have no context score). */
export function metricSample(convs: readonly ConversationMetrics[], metric: ComparisonMetric): number[] {
  const out: number[] = [];
  for (const c of convs) {
    if (metric === "success") out.push(c.success ? 1 : 0);
    else if (metric === "responseTimeMs") out.push(c.responseTimeMs);
    else if (metric === "contextScore" && c.contextScore !== null) out.push(c.contextScore);
    else if (metric === "handoffSuccess" && c.handoffSuccessRate !== null) out.push(c.handoffSuccessRate);
  }
  return out;
}

function settingsOf(options: SummarizeOptions): SummarySettings {
  const e = options.eval;
  return {
    handoffCosine: e.handoffCosine,
    contextBreakCosine: e.contextBreakCosine,
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
 * Reference vs every baseline (one Bonferroni family) and every ablation (another), per metric.
 * A comparison whose samples have fewer than 2 values (e.g. almost no handoffs) is left out; the
 * report shows "—" for it.
 */
function compareAll(
  reference: MethodEvaluation,
  evaluations: readonly MethodEvaluation[],
  s: SummarySettings,
): MethodComparison[] {
  const out: MethodComparison[] = [];
  for (const family of ["baselines", "ablations"] as const) {
    const others = evaluations.filter((e) => e.kind === (family === "baselines" ? "baseline" : "ablation"));
    for (const metric of COMPARISON_METRICS) {
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
        const value = metric === "success" ? (c.success ? 1 : 0) : c.contextScore;
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
