/**
 * @module eval/report/render-report
 * The Markdown report (SPEC §10 outputs): reproduction and machine first, then the paper's
 * Tables 1–3 beside the measured numbers, the breakdowns and both figures (linked by relative
 * path `figures/<name>.svg`; `writeReport` writes them there).
 */
import { InputError } from "../../errors.js";
import { FAILURE_MODE_LABELS } from "../metrics/failure-modes.js";
import {
  bucketContext,
  bucketSuccess,
  byTransitionsTable,
  failureModesTable,
  longConversationsTable,
  quartileTable,
  targetsTable,
  windowsTable,
} from "./breakdown-tables.js";
import { FIGURE_FILES, type ReportFigure, renderFigures } from "./figures.js";
import { fmt } from "./markdown.js";
import {
  comparisonsTable,
  methodsTable,
  referenceLabel,
  table1,
  table2,
  table3,
} from "./performance-tables.js";
import type { ReportInput } from "./report-input.js";

/** A rendered report: Markdown plus the SVG figures it links to. */
export interface Report {
  markdown: string;
  figures: ReportFigure[];
}

/**
 * Renders the report. Async because Vega renders SVG asynchronously.
 * @throws InputError when there is no method or the reference method is missing.
 */
export async function renderReport(input: ReportInput): Promise<Report> {
  if (input.methods.length === 0)
    throw new InputError("no_methods", "cannot render a report without methods");
  if (!input.methods.some((m) => m.method === input.reference)) {
    throw new InputError("unknown_method", `reference method '${input.reference}' is not among the methods`);
  }
  const figures = await renderFigures(input);
  return { markdown: `${sections(input).join("\n\n")}\n`, figures };
}

function sections(input: ReportInput): string[] {
  const s = input.settings;
  const ref = referenceLabel(input);
  const out = [
    "# rapo evaluation report",
    reproduction(input),
    "## Methods",
    methodsTable(input),
    "## Table 1: performance, paper vs measured",
    "Paper numbers are from 8×A100 with real LLMs; response times here come from the run's own clock " +
      "(simulated unless real models were used), so compare them between methods, not with the paper. " +
      "Context score: ROUGE-L F between the sending agent's last and the receiving agent's first answer, " +
      "averaged per conversation. Handoff success: receiver's first answer has cosine > " +
      `${s.handoffCosine} with the prior context and needs no clarification. End-to-end success: every ` +
      `required turn verified correct and no context break (cosine < ${s.contextBreakCosine}).`,
    table1(input),
    "## Table 3: statistical significance (context score), paper vs measured",
    `Welch's t-test, Bonferroni over the baselines (α = ${s.alpha}/m), Cohen's d with pooled SD, ` +
      `percentile bootstrap CI of the mean difference (${s.bootstrapResamples} resamples, seed ${s.seed}).`,
    table3(input),
  ];
  const others = comparisonsTable(input, "baselines");
  if (others) out.push(`### ${ref} vs baselines, every metric`, others);
  const ablations = comparisonsTable(input, "ablations");
  if (ablations) out.push(`### Ablations: ${ref} vs each ablation (own Bonferroni family)`, ablations);
  const scale = table2(input);
  if (scale) out.push("## Table 2: scalability, paper vs measured", scale);
  out.push(
    `## Success by number of transitions (0–${s.maxTransitionsBucket - 1}, ${s.maxTransitionsBucket}+)`,
    byTransitionsTable(input, bucketSuccess),
    "### Context score by number of transitions",
    byTransitionsTable(input, bucketContext),
    "### Long conversations",
    longConversationsTable(input),
    "## Quartile analysis by number of transitions",
    `Cut points (type-7 quartiles of all methods' transition counts): ${input.quartiles.cuts.map((c) => fmt(c, 2)).join(", ")}. ` +
      `Cells: mean [${Math.round(s.confidenceLevel * 100)}% CI] (n).`,
    "### End-to-end success",
    quartileTable(input, "success"),
    "### Context score",
    quartileTable(input, "contextScore"),
    "## Failure modes",
    failureRules(),
    failureModesTable(input),
    `![Figure 1: failure modes by method](figures/${FIGURE_FILES.failureModes})`,
    "## Context preservation vs conversation length",
    `![Figure 2: context preservation vs conversation length](figures/${FIGURE_FILES.contextByLength})`,
    `## Sliding windows of ${s.window} conversations`,
    "### End-to-end success",
    windowsTable(input, "success"),
    "### Context score",
    windowsTable(input, "contextScore"),
    "## SPEC §11 targets",
    targetsTable(input),
  );
  if (input.notes && input.notes.length > 0)
    out.push("## Notes", input.notes.map((n) => `- ${n}`).join("\n"));
  return out;
}

function reproduction(input: ReportInput): string {
  const r = input.reproduce;
  const m = input.machine;
  const lines = [
    "Reproduce with:",
    "",
    "```sh",
    r.command,
    "```",
    "",
    `- seed: ${r.seed}; conversations: ${r.conversations}${r.dataset ? `; dataset: ${r.dataset}` : ""}`,
    `- machine: ${m.cpuModel} (${m.cores} cores), ${m.memoryGb} GB RAM, ${m.platform} ${m.arch}, Node ${m.node}`,
  ];
  if (input.generatedAt) lines.push(`- generated: ${input.generatedAt}`);
  return lines.join("\n");
}

function failureRules(): string {
  const l = FAILURE_MODE_LABELS;
  return [
    "Each failed conversation gets one category, decided at its first failing turn (a required turn judged wrong, or a context break), in this order:",
    `1. ${l.resources}: the turn had a timeout, model error or overload.`,
    `2. ${l.context_loss}: the answer broke context, or the turn is a handoff whose receiver lost continuity.`,
    `3. ${l.ambiguous_query}: the answer asked for clarification, or the query is ambiguous by construction.`,
    `4. ${l.agent_selection}: answered wrongly by an agent that does not specialise in the turn's task type.`,
    `5. ${l.topic_shift}: a wrong answer on a turn where a transition trigger fired.`,
    `6. ${l.other}: any other wrong answer.`,
    "Cells: count (share of the method's failures).",
  ].join("\n");
}
