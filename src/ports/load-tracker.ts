/**
 * @module ports/load-tracker
 * The {@link LoadTracker} port: how many turns each agent (by id) is serving right now, across
 * every process, for the load term of routing (SPEC §3). Counts are kept per holder (process) so
 * that a dead process's share can be dropped at once when it is declared dead.
 */

/** Cross-process in-flight counts per agent. */
export interface LoadTracker {
  /** One more turn of `agentId` in flight at `holder`; returns the agent's new total. */
  acquire(agentId: string, holder: string): Promise<number>;
  /** One turn fewer (never below zero); returns the agent's new total. */
  release(agentId: string, holder: string): Promise<number>;
  /** Totals per agent id (agents at zero may be absent). */
  snapshot(): Promise<Map<string, number>>;
  /** Removes everything `holder` held (it died); returns how many turns that was. */
  dropHolder(holder: string): Promise<number>;
}
