/**
 * @module ports
 * Contracts between the turn path and the control loop, each with an in-memory twin: the turn
 * bus, signals, load tracker, leader election with fencing, and routing-table snapshots. Their
 * Redis implementations live in `rapo/distributed`.
 */
export { type ConversationLeases, MemoryConversationLeases } from "./conversation-lease.js";
export type { LeaderElection, Lease } from "./leader-election.js";
export type { LoadTracker } from "./load-tracker.js";
export { MemoryLeaderElection } from "./memory-leader-election.js";
export { MemoryLoadTracker } from "./memory-load-tracker.js";
export { MemoryRoutingSnapshots } from "./memory-routing-snapshots.js";
export { MemorySignalBus } from "./memory-signal-sink.js";
export { MemoryTurnBus } from "./memory-turn-bus.js";
export type { RoutingSnapshot, RoutingSnapshots } from "./routing-snapshots.js";
export type {
  ReceivedSignal,
  Signal,
  SignalFeatures,
  SignalSink,
  SignalSource,
  SyncSignalSink,
} from "./signal-sink.js";
export {
  type ClaimedTurn,
  type DeadLetter,
  type EnqueueResult,
  parseTurnRequest,
  type ReplyListener,
  type TurnBus,
  type TurnReply,
  type TurnRequest,
} from "./turn-bus.js";
