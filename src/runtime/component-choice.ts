/**
 * @module runtime/component-choice
 * Prompt components learned from outcomes (issue 11 item 5), wired into the runtime: each turn's
 * prompt carries the components the agent's {@link ComponentBandit} samples (P_i, the consensus
 * state, is the bandit's prior); the turn's verified outcome (feedback or verifier, never implicit
 * signals) is credited to what its prompt carried; and the bandit's evidence becomes a direction
 * Σ_k δ_ik c_k added to the consensus β term, so consensus moves P_i — and through it the
 * neighbours' priors — toward the components that raise outcomes.
 *
 * Which components a turn carried is remembered per (conversation, agent) until its outcome
 * arrives: turns of one conversation are sequential, so the latest choice is the turn's.
 *
 * Issue 10: the outcome a prompt is credited with is what the user got from it. Components
 * change answer length, hence service time; under a deadline a long answer is a late one. With
 * `promptSpace.bandit.deadlineOutcomes` a call abandoned at its timeout credits 0 to what its
 * prompt carried at once (its answer never arrives), and a call that answered after the time the
 * turn had left credits 0 when its verified outcome arrives. Without it, correctness alone is
 * learned, and consensus (which carries the bandit's direction into every P_i) spreads verbose
 * components that make answers miss the deadline.
 */
import type { RapoConfig } from "../config/schema.js";
import type { BanditCheckpoint } from "../consensus/checkpoint-state.js";
import type { GradientSource } from "../consensus/types.js";
import { ComponentBandit, type ComponentBanditState } from "../learning/component-bandit.js";
import type { PromptSpace } from "../state/prompt-space.js";
import { BoundedMap } from "../util/bounded-map.js";
import { createPrng, type Prng } from "../util/random.js";
import type { AgentRuntime } from "./agent-runtime.js";
import type { PendingOutcome } from "./outcomes.js";
import type { CallTiming } from "./prompt-builder.js";

/** Choices remembered while their outcomes are pending (oldest forgotten first). */
const PENDING_CHOICES = 8_192;
/** Salt of the sampling stream, so it never shares a stream with other seeded users. */
const SAMPLING_SALT = 0xba4d;

/** The bandit, its per-turn choices and its β-term direction. */
export class ComponentChoice {
  readonly bandit: ComponentBandit;
  private readonly random: Prng;
  private readonly texts: string[];
  private readonly indexOf: Map<string, number>;
  private readonly vectors: Float32Array[];
  /** cos(P_i, c_k) per agent index, until consensus moves P_i. */
  private readonly scores = new Map<number, Float64Array>();
  private readonly pending = new BoundedMap<string, PendingChoice>(PENDING_CHOICES);
  private readonly weight: number;
  private readonly deadlineOutcomes: boolean;

  constructor(
    private readonly space: PromptSpace,
    config: RapoConfig,
    private readonly byId: (id: string) => AgentRuntime | undefined,
  ) {
    const b = config.promptSpace.bandit;
    this.bandit = new ComponentBandit({
      components: space.components.length,
      topK: config.promptSpace.topK,
      threshold: config.promptSpace.threshold,
      decay: b.decay,
      priorScale: b.priorScale,
      priorSd: b.priorSd,
      poolSd: b.poolSd,
    });
    this.weight = b.gradientWeight;
    this.deadlineOutcomes = b.deadlineOutcomes;
    this.random = createPrng((config.state.seed ^ SAMPLING_SALT) >>> 0);
    this.texts = space.components.map((c) => c.text);
    this.indexOf = new Map(this.texts.map((t, k) => [t, k]));
    this.vectors = space.components.map((c) => space.componentVector(c.id));
  }

  /**
   * The component texts of one turn of `agent` in `conversationId` (sampled). What is remembered
   * for the outcome is everything the prompt carries: the sample and the components the handoff
   * packet brings (`carried`, the sender's conventions), since the model reads both.
   */
  choose(agent: AgentRuntime, conversationId: string, carried?: readonly string[]): string[] {
    const chosen = this.bandit.sample(agent.index, this.scoresOf(agent), this.random);
    let present = chosen;
    if (carried && carried.length > 0) {
      const union = new Set(chosen);
      for (const text of carried) {
        const k = this.indexOf.get(text);
        if (k !== undefined) union.add(k);
      }
      present = [...union].sort((a, b) => a - b);
    }
    this.pending.set(key(conversationId, agent.index), { components: present, late: false });
    return chosen.map((k) => this.texts[k]!);
  }

  /** The components the agent currently settles on (posterior means; no sampling). */
  settled(agent: AgentRuntime): string[] {
    return this.bandit.greedy(agent.index, this.scoresOf(agent)).map((k) => this.texts[k]!);
  }

  /**
   * Credits a verified outcome to the components its turn carried: 0 when the answer came after
   * the time the turn had left (with `deadlineOutcomes`).
   */
  observe(outcome: PendingOutcome): void {
    if (outcome.source === "implicit" || outcome.conversationId === undefined) return;
    const chosen = this.pending.get(key(outcome.conversationId, outcome.agentIndex));
    if (chosen) this.bandit.record(outcome.agentIndex, chosen.components, chosen.late ? 0 : outcome.outcome);
  }

  /**
   * A call of `agent` in `conversationId` ended (`deadlineOutcomes`): abandoned at its timeout →
   * its prompt's components are credited 0 now (no answer will be verified); answered late →
   * its verified outcome will count as 0. Other failures (429, transport) say nothing about the
   * prompt. O(K²).
   */
  timed(agent: AgentRuntime, conversationId: string, timing: CallTiming): void {
    if (!this.deadlineOutcomes) return;
    const k = key(conversationId, agent.index);
    const chosen = this.pending.get(k);
    if (!chosen) return;
    if (timing === "timeout") {
      this.bandit.record(agent.index, chosen.components, 0);
      this.pending.delete(k);
      return;
    }
    chosen.late = timing === "late";
  }

  /** P_i moved: its prior scores must be recomputed. */
  moved(agent: AgentRuntime): void {
    this.scores.delete(agent.index);
  }

  /** Every P_i may have moved (rollback, restore). */
  movedAll(): void {
    this.scores.clear();
  }

  /**
   * The β-term direction of an agent: `gradientWeight`·Σ_k E[δ_ik | evidence]·c_k (the P_i
   * prior left out, so P_i is never pushed by its own prior), or null before any evidence.
   */
  direction(agent: AgentRuntime): Float32Array | null {
    if (this.weight === 0) return null;
    const benefits = this.bandit.posterior(agent.index, this.scoresOf(agent), true);
    let out: Float32Array | null = null;
    benefits.forEach((b, k) => {
      if (b.mean === 0) return;
      out ??= new Float32Array(this.space.dim);
      const c = this.vectors[k]!;
      for (let d = 0; d < c.length; d++) out[d] = out[d]! + this.weight * b.mean * c[d]!;
    });
    return out;
  }

  /** ∇Q (when any) plus the bandit's direction, per agent: the consensus β term. */
  gradientSource(learned: GradientSource | undefined): GradientSource {
    return (id) => {
      const agent = this.byId(id);
      const own = agent ? this.direction(agent) : null;
      const q = learned?.(id);
      if (!q) return own;
      if (!own) return q;
      const sum = new Float32Array(q.length);
      for (let d = 0; d < q.length; d++) sum[d] = q[d]! + own[d]!;
      return sum;
    };
  }

  /** The bandit's statistics keyed by agent id (`idOf` maps a runtime index to its id). */
  snapshot(idOf: (index: number) => string | undefined): BanditCheckpoint {
    const state = this.bandit.snapshot();
    const agents: BanditCheckpoint["agents"] = [];
    for (const a of state.agents) {
      const id = idOf(a.index);
      if (id === undefined) continue; // an agent that left: its evidence leaves with it
      agents.push({
        id,
        baseline: a.baseline,
        outcomes: a.outcomes,
        gram: Float64Array.from(a.gram),
        moment: Float64Array.from(a.moment),
      });
    }
    return { variance: state.variance, agents };
  }

  /** Replaces the bandit's statistics with checkpointed ones (agents unknown now are skipped). */
  restore(state: BanditCheckpoint): void {
    const agents: ComponentBanditState["agents"] = [];
    for (const a of state.agents) {
      const agent = this.byId(a.id);
      if (!agent) continue;
      agents.push({
        index: agent.index,
        baseline: a.baseline,
        outcomes: a.outcomes,
        gram: Array.from(a.gram),
        moment: Array.from(a.moment),
      });
    }
    this.bandit.restore({ variance: state.variance, agents });
    this.movedAll();
  }

  private scoresOf(agent: AgentRuntime): Float64Array {
    let s = this.scores.get(agent.index);
    if (!s) {
      s = this.space.scores(agent.learned.prompt);
      this.scores.set(agent.index, s);
    }
    return s;
  }
}

/** The components a turn's prompt carried, and whether its answer missed the turn's deadline. */
interface PendingChoice {
  components: number[];
  late: boolean;
}

function key(conversationId: string, agentIndex: number): string {
  return `${agentIndex}:${conversationId}`;
}
