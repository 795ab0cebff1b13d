/**
 * @module runtime/distributed/history-cache
 * {@link HistoryCache}: a worker's copy of the recent turns of the conversations it served, so a
 * turn reads only the turns recorded since its last one instead of the whole window
 * (`handoff.maxTurns`, up to 21 turns decoded per turn otherwise).
 *
 * Why it stays valid: a turn of seq `s` runs only after every turn of lower seq was recorded (the
 * front holds the conversation's lease from before it assigns `s` until the turn is recorded), and
 * a recorded turn (`answered` or `failed`) is final — only its `outcome` changes, which the history
 * does not use. So the cache keeps final turns only, up to the first pending one, and a read of
 * the newest turns that reaches back to the cached ones completes it; otherwise it reads the
 * whole window again.
 */
import type { StateStore, TurnRecord } from "../../store/contract.js";

/** Conversations kept; the least recently served is dropped past it (bounds a worker's memory). */
const MAX_CONVERSATIONS = 4096;

interface Entry {
  /** final turns, ascending seq: every turn of seq < `upto` within the window. */
  turns: TurnRecord[];
  /** the first seq not cached: the request's seq, or the first pending turn's. */
  upto: number;
}

/** Per-worker cache of conversations' recent final turns. */
export class HistoryCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly store: Pick<StateStore, "listTurns">,
    /** the window: turns kept per conversation (the handler uses the last `window - 1` before `seq`). */
    private readonly window: number,
  ) {}

  /** The conversation's turns of seq < `seq` within the window (ascending), as `listTurns` would give. */
  async before(conversationId: string, seq: number): Promise<TurnRecord[]> {
    const cached = this.entries.get(conversationId);
    let turns: TurnRecord[];
    if (cached === undefined || cached.upto > seq)
      turns = await this.store.listTurns(conversationId, this.window);
    else {
      // Seqs are distinct integers and none is above `seq` (the current turn is the newest): the
      // newest `seq - upto + 1` turns reach down to `upto` or below, unless that is all there is.
      const count = seq - cached.upto + 1;
      const limit = Math.min(this.window, count);
      const read = await this.store.listTurns(conversationId, limit);
      const first = read[0];
      if (first === undefined || read.length < limit || limit === this.window) turns = read;
      else if (first.seq <= cached.upto) turns = [...cached.turns.filter((t) => t.seq < first.seq), ...read];
      else turns = await this.store.listTurns(conversationId, this.window); // a gap: read it all
    }
    // what one read of the newest `window` turns would give (the current turn is among them)
    const older = turns.slice(-this.window).filter((t) => t.seq < seq);
    this.remember(conversationId, older, seq);
    return older;
  }

  /** Forgets a conversation (it is gone from the store). */
  forget(conversationId: string): void {
    this.entries.delete(conversationId);
  }

  /** Keeps the final turns of `turns` (every turn of seq < `seq` in the window). */
  private remember(conversationId: string, turns: TurnRecord[], seq: number): void {
    const pending = turns.findIndex((t) => t.status === "pending");
    this.entries.delete(conversationId); // re-inserted last: Map order is least recently used first
    this.entries.set(conversationId, {
      turns: pending < 0 ? turns : turns.slice(0, pending),
      upto: pending < 0 ? seq : turns[pending]!.seq,
    });
    if (this.entries.size > MAX_CONVERSATIONS) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
