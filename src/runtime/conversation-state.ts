/**
 * @module runtime/conversation-state
 * In-memory view of a conversation: its record, the last turns (pruned to `handoff.maxTurns`),
 * the facts ledger, and a per-conversation queue so that turns of one conversation run in
 * order. Conversations are loaded lazily from the store, so a restarted process resumes them.
 *
 * Loading is single-flight: concurrent first uses of a stored conversation share one load and
 * so one state and one queue, and a conversation with turns queued or running is never
 * forgotten by the cache bound — otherwise a second state would assign the same turn seq.
 */
import type { RapoConfig } from "../config/schema.js";
import { NotFoundError } from "../errors.js";
import { FactLedger } from "../state/fact-extraction.js";
import type { TextAnalysis } from "../state/text-analysis.js";
import type { ConversationRecord, StateStore } from "../store/contract.js";
import { BoundedMap } from "../util/bounded-map.js";
import type { HistoryEntry } from "./types.js";

/** Live state of one conversation. */
export class ConversationState {
  readonly history: HistoryEntry[] = [];
  readonly ledger: FactLedger;
  /**
   * texts whose facts are not in the ledger yet, in dialogue order (so the ledger reads the
   * dialogue in order): answers and user turns, folded in by the control loop, off the request
   * path. A text's analysis, when one was made anyway (the classifier's), is kept with it so the
   * fold does not analyse the text again.
   */
  private readonly unsettled: { text: string; speaker: "user" | "assistant"; analysis?: TextAnalysis }[] = [];
  /**
   * 1 when the first queued text is a user turn that came while the ledger was up to date: the
   * ledger reads it before the conversation's next prompt is built ({@link settleEager}), so
   * prompts and packets see exactly the facts they would if it had been read with its turn.
   */
  private eager = 0;
  nextSeq: number;
  /**
   * the previous turn's task distribution: the classifier's conversation context (issue 11), so a
   * turn without domain evidence keeps the current task. In memory only (null after a restart).
   */
  taskScores: Float32Array | null = null;
  /**
   * the conversation's outcome evidence per task-type slot of the contextual model (issue 10/11,
   * `routing.outcomeEvidence`): the log-likelihood of the outcomes its turns got, fading per turn.
   * In memory only; null until the first outcome.
   */
  outcomeEvidence: Float64Array | null = null;
  /**
   * false until a turn's acceptance was confirmed by the store since this state was loaded: the
   * first turn after a load waits for it before calling a model, so a seq conflict (another
   * writer, a stale record) costs no model call.
   */
  seqVerified: boolean;
  /** turns queued or running in {@link serialize}. */
  private busy = 0;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly record: ConversationRecord,
    private readonly maxTurns: number,
    maxFacts: number,
    private readonly onDefer: (state: ConversationState) => void = () => {},
    private readonly onIdle: (state: ConversationState) => void = () => {},
    seqVerified = true,
    maxFactChars?: number,
  ) {
    this.seqVerified = seqVerified;
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

  /**
   * Queues an answer whose facts the ledger should learn (off the request path); only what the
   * ledger reads of it (`handoff.maxFactChars`) is kept meanwhile.
   */
  deferFacts(text: string): void {
    const cap = this.ledger.maxChars;
    this.unsettled.push({ text: text.length > cap ? text.slice(0, cap) : text, speaker: "assistant" });
    this.onDefer(this);
  }

  /**
   * Queues the facts of a user turn (off the request path: the control loop folds them in, and
   * so do {@link settleEager} and {@link settleFacts} when a prompt or packet needs them first).
   * `analysis`, a non-NER analysis of `text` made for the turn, saves analysing it again.
   */
  deferUser(text: string, analysis?: TextAnalysis): void {
    if (this.unsettled.length === 0) this.eager = 1;
    const entry: { text: string; speaker: "user"; analysis?: TextAnalysis } = { text, speaker: "user" };
    if (analysis !== undefined && analysis.text === text) entry.analysis = analysis;
    this.unsettled.push(entry);
    this.onDefer(this);
  }

  /**
   * Keeps `analysis` with the latest queued answer when it is that answer's analysis (the
   * classifier analyses a short previous answer for context): its fold then reuses it.
   */
  shareAnalysis(analysis: TextAnalysis): void {
    const last = this.unsettled.at(-1);
    if (
      last !== undefined &&
      last.speaker === "assistant" &&
      last.analysis === undefined &&
      last.text === analysis.text
    )
      last.analysis = analysis;
  }

  /**
   * Reads the queued user turn that came while the ledger was up to date, if it is still queued:
   * what a prompt must see before it is built. Returns whether the ledger changed.
   */
  settleEager(): boolean {
    if (this.eager === 0) return false;
    this.eager = 0;
    const entry = this.unsettled.shift()!;
    const added = this.ledger.ingest(entry.text, entry.analysis, entry.speaker);
    if (added.facts.length === 0 && added.entities.length === 0) return false;
    this.record.facts = this.ledger.facts();
    this.record.entities = this.ledger.entities();
    return true;
  }

  /** Whether deferred texts wait for fact extraction. */
  get hasUnsettledFacts(): boolean {
    return this.unsettled.length > 0;
  }

  /** Folds deferred texts into the ledger; returns whether anything changed. */
  settleFacts(): boolean {
    if (this.unsettled.length === 0) return false;
    this.eager = 0;
    for (const { text, speaker, analysis } of this.unsettled.splice(0))
      this.ledger.ingest(text, analysis, speaker);
    this.record.facts = this.ledger.facts();
    this.record.entities = this.ledger.entities();
    return true;
  }

  /** Whether turns of this conversation are queued or running. */
  get isBusy(): boolean {
    return this.busy > 0;
  }

  /** Runs `task` after every earlier task of this conversation has settled. */
  serialize<T>(task: () => Promise<T>): Promise<T> {
    this.busy++;
    const run = this.tail.then(task, task);
    this.tail = run.then(this.release, this.release);
    return run;
  }

  private readonly release = (): void => {
    if (--this.busy === 0) this.onIdle(this);
  };
}

/** Cache of live conversations with lazy loading and a size bound. */
export class ConversationCache {
  /** least recently used first; past `limits.liveConversations` the least recently used is forgotten. */
  private readonly states: BoundedMap<string, ConversationState>;
  /** the most recently used id: consecutive turns of one conversation skip the LRU refresh. */
  private newest: string | undefined;
  private readonly waiting = new Set<ConversationState>();
  private readonly track = (state: ConversationState) => this.waiting.add(state);
  /** loads in progress: concurrent cache misses of one id share one (single-flight). */
  private readonly loading = new Map<string, Promise<ConversationState>>();
  /** states past the bound that still have turns queued or running; forgotten once idle. */
  private readonly pinned = new Map<string, ConversationState>();
  private readonly unpin = (state: ConversationState) => {
    if (this.pinned.get(state.record.id) === state) this.pinned.delete(state.record.id);
  };

  constructor(
    private readonly store: StateStore,
    private readonly config: RapoConfig,
  ) {
    this.states = new BoundedMap(config.limits.liveConversations, (id, state) => {
      if (state.isBusy) this.pinned.set(id, state);
    });
  }

  /**
   * Creates a new conversation. An id already live or being loaded or created resolves to that
   * state (so concurrent creations of one id make one conversation).
   */
  create(id: string, now: number): Promise<ConversationState> {
    const existing = this.states.get(id) ?? this.pinned.get(id);
    if (existing !== undefined) return Promise.resolve(existing);
    return this.singleFlight(id, () => this.createNow(id, now));
  }

  private async createNow(id: string, now: number): Promise<ConversationState> {
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
    return this.remember(this.newState(record, true));
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

  /** The conversation if it is live in memory, without marking it used; else undefined. */
  peek(id: string): ConversationState | undefined {
    return this.states.get(id) ?? this.pinned.get(id);
  }

  /**
   * The conversation, loaded from the store on first use (one load for concurrent callers);
   * NotFoundError when unknown.
   */
  get(id: string): Promise<ConversationState> {
    const cached = this.live(id);
    if (cached) return Promise.resolve(cached);
    const pinned = this.pinned.get(id);
    if (pinned !== undefined) {
      this.pinned.delete(id);
      return Promise.resolve(this.remember(pinned));
    }
    return this.singleFlight(id, () => this.load(id));
  }

  /** Forgets a state whose seq turned out stale, so the next use reloads it from the store. */
  forget(state: ConversationState): void {
    const id = state.record.id;
    if (this.states.get(id) === state) this.states.delete(id);
    this.unpin(state);
    if (this.newest === id) this.newest = undefined;
  }

  private singleFlight(id: string, work: () => Promise<ConversationState>): Promise<ConversationState> {
    const inFlight = this.loading.get(id);
    if (inFlight !== undefined) return inFlight;
    const started = work().finally(() => this.loading.delete(id));
    this.loading.set(id, started);
    return started;
  }

  private newState(record: ConversationRecord, seqVerified: boolean): ConversationState {
    const { maxTurns, maxFacts } = this.config.handoff;
    return new ConversationState(
      record,
      maxTurns,
      maxFacts,
      this.track,
      this.unpin,
      seqVerified,
      this.config.handoff.maxFactChars,
    );
  }

  private async load(id: string): Promise<ConversationState> {
    const record = await this.store.getConversation(id);
    if (!record) throw new NotFoundError("conversation", id);
    const state = this.newState(record, false);
    const turns = await this.store.listTurns(id, this.config.handoff.maxTurns);
    for (const turn of turns) {
      if (turn.status === "answered" && turn.answer !== null && turn.agentId !== null) {
        state.pushExchange(turn.userContent, turn.answer, turn.agentId);
        state.deferUser(turn.userContent);
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
    return this.states.has(id) || this.pinned.has(id) || (await this.store.getConversation(id)) !== null;
  }

  private remember(state: ConversationState): ConversationState {
    this.states.set(state.record.id, state);
    this.newest = state.record.id;
    return state;
  }
}
