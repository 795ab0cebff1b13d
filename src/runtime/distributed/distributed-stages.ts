/**
 * @module runtime/distributed/distributed-stages
 * The control-loop stages of an orchestrator in distributed mode (issue 15). The node is opened
 * after the store (see `distributed-node.ts`, loaded only then, since it loads ioredis), so the
 * stages reach it through a getter. Learning stages run on the leader only; every node forwards
 * its signals and follows the published routing table.
 */
import type { LoopStage } from "../control-loop.js";
import type { DistributedNode } from "./distributed-node.js";

/** The stages that move learning to the leader, given the built-in ones. */
export function distributedStages(
  node: () => DistributedNode | undefined,
  stages: {
    /** stages that learn (outcomes, context, consensus, global state): leader only. */
    learning: LoopStage[];
    /** stages every node runs (facts, local load expiry, breaker probes). */
    local: LoopStage[];
    /** the user's extra stages (every node). */
    extra: LoopStage[];
  },
): LoopStage[] {
  const leaderOnly = (stage: LoopStage): LoopStage => ({
    name: stage.name,
    run: (tick) => (node()?.isLeader ? stage.run(tick) : undefined),
  });
  return [
    { name: "forward-signals", run: () => node()?.forward() },
    { name: "signal-intake", run: () => node()?.intake() },
    ...stages.learning.map(leaderOnly),
    ...stages.local,
    { name: "follow-routing", run: () => node()?.follow() },
    ...stages.extra,
    { name: "publish-routing", run: (tick) => node()?.publish(tick.iteration) },
  ];
}
