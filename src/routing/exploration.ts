/**
 * @module routing/exploration
 * The exploration term (the entropy regulariser of SPEC §3.3 made concrete as an upper confidence
 * bound): agents with little evidence for a (task, modality) cell get a bonus that shrinks as
 * evidence accumulates, so a new agent gets traffic and a poor one stops getting it.
 */

/** UCB bonus: c·√(ln(1 + total) / (1 + evidence)). */
export function explorationBonus(coefficient: number, evidence: number, totalEvidence: number): number {
  if (coefficient === 0) return 0;
  return coefficient * Math.sqrt(Math.log1p(totalEvidence) / (1 + evidence));
}
