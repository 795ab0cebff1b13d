/**
 * @module learning/gradient-cache
 * ∇Q for the consensus step without stalling the control loop. A gradient costs a forward and a
 * backward pass of the network (~0.3 ms per agent on the tfjs CPU backend), so at thousands of
 * agents they cannot all be recomputed every 100 ms tick. The cache refreshes a bounded batch of
 * agents per call (round-robin is the caller's choice of `requests`), within a time budget, and
 * the consensus tick reads whatever is cached: `cache.gradQ` is a ready GradientSource.
 */
import type { GradientRequest } from "./dynamics-learner.js";

/** The part of the learner the cache needs. */
export interface GradientProvider {
  gradQBatch(requests: readonly GradientRequest[]): Float32Array[];
}

/** A request tagged with the agent it belongs to. */
export interface AgentGradientRequest extends GradientRequest {
  id: string;
}

/** Latest ∂Q/∂P per agent. */
export class QGradientCache {
  private readonly gradients = new Map<string, Float32Array>();

  constructor(
    private readonly provider: GradientProvider,
    /** agents per batched tf.grad call. */
    private readonly batchSize = 64,
  ) {}

  /**
   * Recomputes gradients for `requests` in batches until `budgetMs` is spent (at least one batch
   * runs). Returns how many agents were refreshed; the rest keep their previous gradient.
   */
  refresh(requests: readonly AgentGradientRequest[], budgetMs = Number.POSITIVE_INFINITY): number {
    const started = performance.now();
    let done = 0;
    while (done < requests.length) {
      const batch = requests.slice(done, done + this.batchSize);
      const gradients = this.provider.gradQBatch(batch);
      batch.forEach((r, i) => {
        this.gradients.set(r.id, gradients[i]!);
      });
      done += batch.length;
      if (performance.now() - started >= budgetMs) break;
    }
    return done;
  }

  /** The cached gradient of an agent, or null. */
  get(id: string): Float32Array | null {
    return this.gradients.get(id) ?? null;
  }

  /** A GradientSource for `ConsensusEngine.tick`. */
  readonly gradQ = (id: string): Float32Array | null => this.get(id);

  /** Forgets an agent. */
  delete(id: string): void {
    this.gradients.delete(id);
  }

  /** Agents with a cached gradient. */
  get size(): number {
    return this.gradients.size;
  }
}
