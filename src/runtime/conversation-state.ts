/**
 * @module runtime/conversation-state
 * In-memory view of a conversation: its record, the last turns (pruned to `handoff.maxTurns`),
 * the facts ledger, and a per-conversation queue so that turns of one conversation run in
 * order. Conversations are loaded lazily from the store, so a restarted process resumes them.
 */
import type { RapoConfig } from "../config/schema.js";
import { NotFoundError } from "../errors.js";
import { BoundedMap } from "../models/accounting/bounded-map.js";
import { FactLedger } from "../state/fact-extraction.js";
import type { TextAnalysis } from "../state/text-analysis.js";
import type { ConversationRecord, StateStore } from "../store/contract.js";
import type { HistoryEntry } from "./types.js";

/** Live state of one conversation. */
export class ConversationState {
  readonly history: HistoryEntry[] = [];
  readonly ledger: FactLedger;
  /**
   * texts whose facts are not in the ledger yet (answers, folded in by the control loop; and user
   * turns that came after an unsettled answer, so the ledger reads the dialogue in order).
   */
  private readonly unsettled: { text: string; speaker: "user" | "assistant" }[] = [];
  nextSeq: number;
  /**
   * the previous turn's task distribution: the classifier's conversation context (issue 11), so a
   * turn without domain evidence keeps the current task. In memory only (null after a restart).
   */
  taskScores: Float32Array | null = null;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly record: ConversationRecord,
    private readonly maxTurns: number,
    maxFacts: number,
    private readonly onDefer: (state: ConversationState) => void = () => {},
    maxFactChars?: number,
  ) {
    this.ledger = new FactLedger(maxFacts, maxFactChars === undefined ? {} : { maxChars: maxFactChars });
    for (const fact of record.facts) this.ledger.add(fact);
    for (const entity of record.entities) this.ledger.addEntity(entity);
    this.nextSeq = record.turnCount;
  }

  /** Appends a finished exchange and prunes history to the last `maxTurns` turns. */
  pushExchange(user: string, answer: string, agentId: string): void {
    this.history.push({ role: "user", content: user }, { role: "assistant", content: answer, agentId });
    const excess = this.history.length - 2 * this.maxTurns;
    if (excess > 0) this.history.splice(0, excess);
  }

  /** Queues an answer whose facts the ledger should learn (off the request path). */
  deferFacts(text: string): void {
    this.unsettled.push({ text, speaker: "assistant" });
    this.onDefer(this);
  }

  /**
   * Records the facts of a user turn: now when the ledger is up to date, else after the answers
   * still waiting (a "yes" confirms the offer it answers), off the request path like them.
   * Returns the new facts and entities recorded now.
   */
  ingestUser(text: string, analysis?: TextAnalysis): { facts: string[]; entities: string[] } {
    if (this.unsettled.length === 0) return this.ledger.ingest(text, analysis, "user");
    this.unsettled.push({ text, speaker: "user" });
    this.onDefer(this);
    return { facts: [], entities: [] };
  }

  /** Whether deferred texts wait for fact extraction. */
  get hasUnsettledFacts(): boolean {
    return this.unsettled.length > 0;
  }

  /** Folds deferred texts into the ledger; returns whether anything changed. */
  settleFacts(): boolean {
    if (this.unsettled.length === 0) return false;
    for (const { text, speaker } of this.unsettled.splice(0)) this.ledger.ingest(text, undefined, speaker);
    this.record.facts = this.ledger.facts();
    this.record.entities = this.ledger.entities();
    return true;
  }

  /** Runs `task` after every earlier task of this conversation has settled. */
  serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(ignore);
    return run;
  }
}

/** Rejection handler of the queue tail: a failed task does not stop the next one. */
function ignore(): void {}

/** Cache of live conversations with lazy loading and a size bound. */
export class ConversationCache {
  /** least recently used first; past `maxLive` the least recently used is forgotten. */
  private readonly states: BoundedMap<string, ConversationState>;
  /** the most recently used id: consecutive turns of one conversation skip the LRU refresh. */
  private newest: string | undefined;
  private readonly waiting = new Set<ConversationState>();
  private readonly track = (state: ConversationState) => this.waiting.add(state);

  constructor(
    private readonly store: StateStore,
    private readonly config: RapoConfig,
    maxLive = 10_000,
  ) {
    this.states = new BoundedMap(maxLive);
  }

  /** Creates a new conversation; fails if the id is taken. */
  async create(id: string, now: number): Promise<ConversationState> {
    const record: ConversationRecord = {
      id,
      lastAgentId: null,
      facts: [],
      entities: [],
      turnCount: 0,
      pool: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.putConversation(record);
    return this.remember(
      new ConversationState(
        record,
        this.config.handoff.maxTurns,
        this.config.handoff.maxFacts,
        this.track,
        this.config.handoff.maxFactChars,
      ),
    );
  }

  /** The conversation if it is live in memory (marking it most recently used), else undefined. */
  live(id: string): ConversationState | undefined {
    const cached = this.states.get(id);
    if (cached !== undefined && id !== this.newest) {
      // refresh LRU position
      this.states.delete(id);
      this.states.set(id, cached);
      this.newest = id;
    }
    return cached;
  }

  /** The conversation, loaded from the store on first use; NotFoundError when unknown. */
  async get(id: string): Promise<ConversationState> {
    const cached = this.live(id);
    if (cached) return cached;
    const record = await this.store.getConversation(id);
    if (!record) throw new NotFoundError("conversation", id);
    const state = new ConversationState(
      record,
      this.config.handoff.maxTurns,
      this.config.handoff.maxFacts,
      this.track,
      this.config.handoff.maxFactChars,
    );
    const turns = await this.store.listTurns(id, this.config.handoff.maxTurns);
    for (const turn of turns) {
      if (turn.status === "answered" && turn.answer !== null && turn.agentId !== null) {
        state.pushExchange(turn.userContent, turn.answer, turn.agentId);
        state.ingestUser(turn.userContent);
        state.deferFacts(turn.answer);
      }
    }
    return this.remember(state);
  }

  /** Folds deferred facts of every conversation that has some (the control loop calls this). */
  settleFacts(): void {
    for (const state of this.waiting) state.settleFacts();
    this.waiting.clear();
  }

  /** Whether the conversation exists (in memory or in the store). */
  async exists(id: string): Promise<boolean> {
    return this.states.has(id) || (await this.store.getConversation(id)) !== null;
  }

  private remember(state: ConversationState): ConversationState {
    this.states.set(state.record.id, state);
    this.newest = state.record.id;
    return state;
  }
}
