import { MemoryLeaderElection } from "./memory-leader-election.js";
import { runLeaderElectionSpec } from "./testing/leader-election-spec.js";

runLeaderElectionSpec("memory", async () => new MemoryLeaderElection());
