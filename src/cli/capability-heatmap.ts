/**
 * @module cli/capability-heatmap
 * The learned capability matrices of the agents, side by side as a compact terminal heatmap:
 * one row per task type, one block of columns (one per modality) per agent, a cell's bar height
 * its learned success rate, `·` where the agent has no evidence yet (the value is the prior).
 */

import type { TaxonomyRecord } from "../runtime/taxonomy-record.js";
import { DEFAULT_MODALITIES, DEFAULT_TASK_TYPES } from "../state/taxonomy.js";

/** One agent's matrix as `rapo inspect --json` prints it: rows = task types, columns = modalities. */
export interface CapabilityMatrix {
  taskTypes: string[];
  modalities: string[];
  /** learned success rate per cell, rounded to 0.001. */
  values: number[][];
  /** decayed observation count per cell, rounded to 0.01. */
  evidence: number[][];
}

/** Bars for [0, 1/8), [1/8, 2/8), … [7/8, 1]. */
const BARS = "▁▂▃▄▅▆▇█";
/** Widest heatmap drawn with full agent ids as column heads. */
const MAX_WIDTH = 110;
/** Below this evidence a cell still shows its prior. */
const MIN_EVIDENCE = 0.5;

/**
 * Labels a flat stored matrix. Uses the taxonomy the orchestrator stored; without one, the
 * default taxonomy when the size matches, else one row of numbered cells.
 */
export function toMatrix(
  capability: Float32Array,
  evidence: Float32Array,
  taxonomy: TaxonomyRecord | null,
): CapabilityMatrix {
  const fits = (t: TaxonomyRecord | null) =>
    t !== null && t.taskTypes.length * t.modalities.length === capability.length;
  const fallback: TaxonomyRecord = {
    taskTypes: DEFAULT_TASK_TYPES.map((t) => t.id),
    modalities: DEFAULT_MODALITIES.map((m) => m.id),
  };
  const labels: TaxonomyRecord = fits(taxonomy)
    ? taxonomy!
    : fits(fallback)
      ? fallback
      : { taskTypes: ["cells"], modalities: Array.from(capability, (_, i) => String(i)) };
  const l = labels.modalities.length;
  const rows = (values: Float32Array, digits: number) =>
    labels.taskTypes.map((_, t) =>
      Array.from(values.subarray(t * l, (t + 1) * l), (v) => Math.round(v * 10 ** digits) / 10 ** digits),
    );
  return { ...labels, values: rows(capability, 3), evidence: rows(evidence, 2) };
}

/** Renders the matrices of several agents side by side, with a legend. */
export function renderHeatmap(agents: { agentId: string; capability: CapabilityMatrix }[]): string[] {
  const first = agents[0];
  if (!first) return [];
  const { taskTypes, modalities } = first.capability;
  const rowLabel = Math.max(9, ...taskTypes.map((t) => t.length)) + 2;
  // full agent ids as column heads when they fit in MAX_WIDTH, else numbered heads and a key
  const full = rowLabel + agents.reduce((w, a) => w + Math.max(a.agentId.length, modalities.length) + 2, 0);
  const heads = agents.map((a, i) => (full <= MAX_WIDTH ? a.agentId : `#${i + 1}`));
  const widths = heads.map((h) => Math.max(h.length, modalities.length) + 2);
  const header = " ".repeat(rowLabel) + heads.map((h, i) => h.padEnd(widths[i]!)).join("");
  const lines = [
    `learned capability: rows = task types; per agent one column per modality (${modalities.join(", ")})`,
    header.trimEnd(),
  ];
  taskTypes.forEach((task, t) => {
    const cells = agents.map((a, i) => {
      const row = a.capability.values[t] ?? [];
      const seen = a.capability.evidence[t] ?? [];
      return row
        .map((v, m) => ((seen[m] ?? 0) < MIN_EVIDENCE ? "·" : bar(v)))
        .join("")
        .padEnd(widths[i]!);
    });
    lines.push((task.padEnd(rowLabel) + cells.join("")).trimEnd());
  });
  if (full > MAX_WIDTH) lines.push(`agents: ${agents.map((a, i) => `#${i + 1} ${a.agentId}`).join(", ")}`);
  lines.push(
    `scale: ${BARS[0]} 0 … ${BARS[BARS.length - 1]} 1 success rate; · no evidence yet (prior). Full matrices: --json`,
  );
  return lines;
}

function bar(v: number): string {
  const i = Math.min(BARS.length - 1, Math.max(0, Math.floor(v * BARS.length)));
  return BARS[i]!;
}
