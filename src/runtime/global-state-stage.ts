/**
 * @module runtime/global-state-stage
 * The control-loop stage that exports the paper's V(Φ) = ½‖Φ − Φ*‖² over the whole state
 * (issue 17): Φ = Σ ω_i (P_i, C_i, M_i) with ω_i the agents' share of routed turns, after the
 * stages that move P (consensus), C (context) and M (outcomes) have run. Gauge
 * `rapo_global_lyapunov{block}` (prompt, context, capability, total); see consensus/global-lyapunov.
 */
import { GlobalLyapunov, type GlobalLyapunovValue, type TripleSource } from "../consensus/global-lyapunov.js";
import type { LoopStage } from "./control-loop.js";
import type { RuntimeContext } from "./runtime-context.js";

/** What the global-state stage reads: the agents' triples, the config, metrics. */
export type GlobalStatePorts = Pick<RuntimeContext, "agents" | "config" | "metrics">;

/** Builds the stage; `onValue` sees every tick's V (tests, benches). */
export function globalStateStage(
  ctx: GlobalStatePorts,
  onValue?: (value: GlobalLyapunovValue) => void,
): LoopStage {
  const { state, consensus } = ctx.config;
  const first = ctx.agents.all[0];
  const v = new GlobalLyapunov(
    {
      prompt: first?.learned.prompt.length ?? state.promptDim,
      context: state.contextDim,
      capability: first?.learned.capability.values.length ?? 0,
    },
    consensus.lyapunovHorizonTicks,
  );
  let views: TripleSource[] = [];
  return {
    name: "global-state",
    run: () => {
      const agents = ctx.agents.all;
      if (views.length !== agents.length)
        views = agents.map((a) => ({
          prompt: a.learned.prompt,
          context: null,
          capability: a.learned.capability.values,
          utilisation: 0,
        }));
      for (let i = 0; i < agents.length; i++) {
        const a = agents[i]!;
        const view = views[i]!;
        view.prompt = a.learned.prompt;
        view.context = a.learned.contextIfAllocated; // no allocation for idle agents (C_i = 0)
        view.capability = a.learned.capability.values;
        view.utilisation = a.load.routed;
      }
      const value = v.update(views);
      const gauge = ctx.metrics.globalLyapunov;
      gauge.set({ block: "total" }, value.total);
      gauge.set({ block: "prompt" }, value.prompt);
      gauge.set({ block: "context" }, value.context);
      gauge.set({ block: "capability" }, value.capability);
      onValue?.(value);
    },
  };
}
