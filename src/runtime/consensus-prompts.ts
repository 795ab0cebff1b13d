/**
 * @module runtime/consensus-prompts
 * The default prompt-vector space (SPEC §2, §4, §5): P_i live in the prompt-component space and
 * render the agent's system-prompt components; the control loop runs consensus on them
 * (neighbour-weighted by measured handoff effectiveness, plus β∇Q from the learned dynamics),
 * trains the dynamics network in the background, and checkpoints the learned state.
 * `consensus.enabled: false` keeps every P_i at its initialisation (the "no consensus" ablation);
 * `learning.enabled: false` never loads TensorFlow.js (no ∇Q, random context projection).
 */
import type { RapoConfig } from "../config/schema.js";
import { ConsensusEngine } from "../consensus/consensus-engine.js";
import { gradientScale } from "../consensus/tick-inputs.js";
import type { GradientSource } from "../consensus/types.js";
import { LocalEmbedder } from "../state/embedding.js";
import type { PromptComponent } from "../state/prompt-components.js";
import { PromptSpace } from "../state/prompt-space.js";
import type { Embedder } from "../state/types.js";
import { axpy, dot, norm, normalize } from "../state/vector-math.js";
import { BoundedMap } from "../util/bounded-map.js";
import type { AgentRuntime } from "./agent-runtime.js";
import {
  type CheckpointStage,
  checkpointStage,
  latestCheckpointedWeights,
  restoreLatestCheckpoint,
} from "./checkpoint-stage.js";
import { ComponentChoice } from "./component-choice.js";
import { consensusStage } from "./consensus-stage.js";
import type { LoopStage } from "./control-loop.js";
import type { OutcomeObserver } from "./core-stages.js";
import { LearningLoop } from "./learning-loop.js";
import type { CallTiming } from "./prompt-builder.js";
import type { PromptSpaceAdapter, PromptSpacePorts } from "./prompt-vectors.js";
import type { AgentSpec } from "./types.js";

/** Options of {@link consensusPrompts}. */
export interface ConsensusPromptsOptions {
  /** embedder of the component space; needs `embedSync` (the local one by default). */
  embedder?: Embedder;
  /** the component bank (default: `DEFAULT_PROMPT_COMPONENTS`). */
  components?: PromptComponent[];
}

/** Running outcome sum and count of one open conversation. */
interface ConversationOutcomes {
  sum: number;
  n: number;
}

/** Builds the default prompt space with consensus and learned dynamics. */
export function consensusPrompts(
  config: RapoConfig,
  options: ConsensusPromptsOptions = {},
): PromptSpaceAdapter {
  return new ConsensusPromptSpace(config, options);
}

class ConsensusPromptSpace implements PromptSpaceAdapter {
  private readonly space: PromptSpace;
  private readonly engine: ConsensusEngine;
  private readonly learning: LearningLoop;
  /** components learned from outcomes (null with `promptSpace.bandit.enabled: false`). */
  private choice: ComponentChoice | null = null;
  /** rendered component texts per agent index, invalidated when consensus moves P_i. */
  private readonly rendered = new Map<number, string[]>();
  /** running outcome mean per open conversation, for E over conversations (SPEC §4). */
  // conversations never ended explicitly count as ended once they are old enough
  private readonly conversations: BoundedMap<string, ConversationOutcomes>;
  private ctx: PromptSpacePorts | undefined;
  /** consensus ticks failing in a row: no checkpoint of a failing state. */
  private readonly health = { failedTicks: 0 };
  /** the checkpoint stage, once the loop's stages are built (close() writes one more). */
  private checkpoints: CheckpointStage | null = null;

  constructor(
    private readonly config: RapoConfig,
    options: ConsensusPromptsOptions,
  ) {
    this.conversations = new BoundedMap(config.consensus.trackedConversations, (id, entry) =>
      this.settleConversation(id, entry),
    );
    const embedder = options.embedder?.embedSync ? options.embedder : LocalEmbedder.fromConfig(config);
    this.space = PromptSpace.createSync({
      embedder,
      dim: config.state.promptDim,
      seed: config.state.seed,
      topK: config.promptSpace.topK,
      threshold: config.promptSpace.threshold,
      ...(options.components ? { components: options.components } : {}),
    });
    this.engine = ConsensusEngine.fromConfig(config);
    const subspace = componentSubspace(this.space);
    const componentVectors = this.space.components.map((c) => this.space.componentVector(c.id));
    this.learning = new LearningLoop(config, (g) => projectOnto(subspace, g), componentVectors);
    if (config.promptSpace.bandit.enabled)
      this.choice = new ComponentChoice(this.space, config, (id) => this.ctx?.agents.find(id));
  }

  initialVector(spec: AgentSpec, index: number): Float32Array {
    return this.space.initialVector(spec.role, undefined, this.config.state.seed + index);
  }

  components(agent: AgentRuntime, conversationId?: string, carried?: readonly string[]): string[] {
    if (this.choice)
      return conversationId === undefined
        ? this.choice.settled(agent)
        : this.choice.choose(agent, conversationId, carried);
    let texts = this.rendered.get(agent.index);
    if (!texts) {
      texts = this.space.render(agent.learned.prompt).map((c) => c.text);
      this.rendered.set(agent.index, texts);
    }
    return texts;
  }

  stages(ctx: PromptSpacePorts): LoopStage[] {
    const onMoved = (agents: readonly AgentRuntime[]) => {
      for (const agent of agents) {
        this.rendered.delete(agent.index);
        this.choice?.moved(agent);
      }
    };
    const stages: LoopStage[] = [];
    if (this.config.consensus.enabled) {
      stages.push(
        consensusStage(ctx, this.engine, {
          gradients: () => {
            // the stiff part of the β term (∇Q, observed L_Q) is scaled to fit the stability
            // budget; the bandit's direction does not depend on P and keeps its full weight
            const learned = scaleSource(this.learning.gradientSource(), this.gradientScale());
            return this.choice ? this.choice.gradientSource(learned) : learned;
          },
          gradientLipschitz: () => this.gradientScale() * this.learning.gradientLipschitz(),
          onMoved: (agents) => {
            // P_i live on the unit sphere of the component space: the step cap is relative, so
            // without renormalising the norm could creep up tick after tick
            for (const agent of agents) normalize(agent.learned.prompt);
            onMoved(agents);
          },
          health: this.health,
          rollback: () => this.rollback(ctx),
        }),
      );
    }
    stages.push(this.learning.stage(ctx, () => this.rollback(ctx)));
    const choice = this.choice;
    const bandit = choice ? { snapshot: () => choice.snapshot((index) => ctx.agents.all[index]?.id) } : null;
    this.checkpoints = checkpointStage(ctx, this.engine, () => this.learning.learner, this.health, bandit);
    stages.push(this.checkpoints);
    return stages;
  }

  private gradientScale(): number {
    const { beta, alphaSafety } = this.config.consensus;
    return gradientScale(beta, this.learning.gradientLipschitz(), alphaSafety);
  }

  /**
   * Restores the last checkpoint: P_i, the consensus state, the network's weights and optimiser,
   * the component bandit's statistics.
   */
  private async rollback(ctx: PromptSpacePorts): Promise<boolean> {
    const restored = await restoreLatestCheckpoint(ctx, this.engine, {
      prompts: true,
      learner: this.learning.learner,
      bandit: this.choice,
    });
    if (restored) {
      this.rendered.clear();
      this.choice?.movedAll();
    }
    return restored;
  }

  outcomeObservers(ctx: PromptSpacePorts): OutcomeObserver[] {
    const choice = this.choice;
    return [
      ...(choice ? [(outcome: Parameters<OutcomeObserver>[0]) => choice.observe(outcome)] : []),
      (outcome) => {
        if (outcome.handoffFrom !== undefined) {
          const from = ctx.agents.all[outcome.handoffFrom];
          const to = ctx.agents.all[outcome.agentIndex];
          if (from && to) this.engine.observeHandoff(from.id, to.id, outcome.outcome);
        }
        if (outcome.conversationId !== undefined)
          this.trackConversation(outcome.conversationId, outcome.outcome);
      },
      (outcome) => this.learning.observe(ctx, outcome),
    ];
  }

  contextProjection() {
    return this.learning.learner?.projection;
  }

  async start(ctx: PromptSpacePorts): Promise<void> {
    this.ctx = ctx;
    this.choice?.movedAll();
    await this.learning.start(ctx, await latestCheckpointedWeights(ctx));
    await restoreLatestCheckpoint(ctx, this.engine, { prompts: false, bandit: this.choice });
  }

  callTimed(agent: AgentRuntime, conversationId: string, timing: CallTiming): void {
    this.choice?.timed(agent, conversationId, timing);
  }

  conversationEnded(conversationId: string, outcome?: number): void {
    const entry = this.conversations.get(conversationId);
    this.conversations.delete(conversationId);
    this.settleConversation(conversationId, entry, outcome);
  }

  /** Feeds a finished conversation to E and to the learner. */
  private settleConversation(id: string, entry: ConversationOutcomes | undefined, outcome?: number): void {
    // an explicit conversation outcome wins over the mean of its turns' outcomes
    const value = outcome ?? (entry ? entry.sum / entry.n : undefined);
    if (value !== undefined) this.engine.observeConversation(value);
    this.learning.conversationEnded(id);
  }

  /**
   * Saves what was learned since the last checkpoint (the component bandit's evidence, consensus
   * statistics, the network with its optimiser) as a final checkpoint, so a restart resumes from
   * it; then closes the learning loop.
   */
  async close(): Promise<void> {
    await this.checkpoints?.flush();
    await this.learning.close(this.ctx);
  }

  private trackConversation(id: string, outcome: number): void {
    const entry = this.conversations.get(id);
    if (entry) {
      entry.sum += outcome;
      entry.n++;
      return;
    }
    this.conversations.set(id, { sum: outcome, n: 1 });
  }
}

/** `source` with every gradient multiplied by `scale` (the source itself when scale is 1). */
function scaleSource(source: GradientSource | undefined, scale: number): GradientSource | undefined {
  if (!source || scale === 1) return source;
  return (id) => {
    const g = source(id);
    return g ? g.map((x) => x * scale) : g;
  };
}

/** An orthonormal basis (Gram–Schmidt) of the component vectors of a prompt space. */
function componentSubspace(space: PromptSpace): Float32Array[] {
  const basis: Float32Array[] = [];
  for (const component of space.components) {
    const v = Float32Array.from(space.componentVector(component.id));
    for (const b of basis) axpy(-dot(v, b), b, v);
    if (norm(v) > 1e-6) basis.push(normalize(v));
  }
  return basis;
}

/** Projection of `g` onto the span of an orthonormal basis. */
function projectOnto(basis: readonly Float32Array[], g: Float32Array): Float32Array {
  const out = new Float32Array(g.length);
  for (const b of basis) axpy(dot(g, b), b, out);
  return out;
}
