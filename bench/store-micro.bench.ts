/**
 * @module bench/store-micro
 * Per-turn cost of the stores: acceptTurn + completeTurn (one turn's writes) on a SQLite file
 * (WAL, synchronous NORMAL) and on the memory store, the SQLite journal's fold (`maintain()`, run
 * by the control loop) per folded turn, and reading a conversation's last 20 turns. Prints
 * medians and p95 in µs. Here acceptTurn is awaited before completeTurn (a model that takes time):
 * two journal appends per turn; with an instant model the orchestrator writes one.
 *
 * `sqlite-x` is the same store opened with `locking: "exclusive"`.
 *
 * Run: npx tsx bench/store-micro.bench.ts [turns]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StateStore } from "../src/store/contract.js";
import { MemoryStore } from "../src/store/memory-store.js";
import { SqliteStore } from "../src/store/sqlite-store.js";
import { answered, makeAgentState, makeConversation, makeTurn } from "../src/store/testing/fixtures.js";
import { machine } from "./harness.js";

const TURNS = Number(process.argv[2] ?? 20_000);
const WARMUP = 2_000;
/** Turns per conversation, as the orchestrator prunes history to 20 (SPEC §6). */
const PER_CONVERSATION = 20;

interface Samples {
  accept: Float64Array;
  complete: Float64Array;
  both: Float64Array;
}

async function measure(store: StateStore, turns: number, offset: number): Promise<Samples> {
  const samples: Samples = {
    accept: new Float64Array(turns),
    complete: new Float64Array(turns),
    both: new Float64Array(turns),
  };
  for (let i = 0; i < turns; i++) {
    const n = offset + i;
    const conversationId = `conv-${Math.floor(n / PER_CONVERSATION)}`;
    const seq = n % PER_CONVERSATION;
    const turn = makeTurn({ id: `turn-${n}`, conversationId, seq, createdAt: Date.now() });
    const done = answered(turn, `agent-${n % 7}`);
    const conversation = makeConversation({ id: conversationId, turnCount: seq + 1, updatedAt: Date.now() });
    const t0 = performance.now();
    await store.acceptTurn(turn);
    const t1 = performance.now();
    await store.completeTurn(done, conversation);
    const t2 = performance.now();
    samples.accept[i] = (t1 - t0) * 1000;
    samples.complete[i] = (t2 - t1) * 1000;
    samples.both[i] = (t2 - t0) * 1000;
    // the control loop's cadence: a fold every ~100 turns
    if (i % 100 === 99) await store.maintain?.();
  }
  return samples;
}

/** Time of one maintain() per folded turn, over batches of `batch` turns. */
async function foldCost(store: StateStore, batch: number, offset: number): Promise<Float64Array> {
  const perTurn = new Float64Array(20);
  for (let b = 0; b < perTurn.length; b++) {
    for (let i = 0; i < batch; i++) {
      const n = offset + b * batch + i;
      const conversationId = `fold-${Math.floor(n / PER_CONVERSATION)}`;
      const seq = n % PER_CONVERSATION;
      const turn = makeTurn({ id: `fold-turn-${n}`, conversationId, seq, createdAt: Date.now() });
      const accepted = store.acceptTurn(turn);
      await store.completeTurn(answered(turn), makeConversation({ id: conversationId, turnCount: seq + 1 }));
      await accepted;
    }
    const t0 = performance.now();
    await store.maintain?.();
    perTurn[b] = ((performance.now() - t0) * 1000) / batch;
  }
  return perTurn;
}

/** Reading the last 20 turns of a conversation (folded: the orchestrator reads on resume only). */
async function readCost(store: StateStore, conversations: number): Promise<Float64Array> {
  await store.maintain?.();
  const times = new Float64Array(2_000);
  for (let i = 0; i < times.length; i++) {
    const t0 = performance.now();
    await store.listTurns(`conv-${(i * 7919) % conversations}`, PER_CONVERSATION);
    times[i] = (performance.now() - t0) * 1000;
  }
  return times;
}

function quantile(values: Float64Array, q: number): number {
  const sorted = values.slice().sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function report(name: string, samples: Record<string, Float64Array>): void {
  for (const [label, values] of Object.entries(samples)) {
    const median = quantile(values, 0.5).toFixed(1);
    const p95 = quantile(values, 0.95).toFixed(1);
    console.log(
      `${name.padEnd(8)} ${label.padEnd(10)} median ${median.padStart(6)} µs   p95 ${p95.padStart(6)} µs`,
    );
  }
}

async function agentStateWrite(store: StateStore, agents: number): Promise<void> {
  const states = Array.from({ length: agents }, (_, i) => makeAgentState(`agent-${i}`, i + 1));
  const t0 = performance.now();
  await store.putAgentStates(states);
  const t1 = performance.now();
  await store.listAgentStates();
  const t2 = performance.now();
  console.log(
    `        putAgentStates(${agents}) ${(t1 - t0).toFixed(1)} ms, listAgentStates ${(t2 - t1).toFixed(1)} ms`,
  );
}

const summary: Record<string, Record<string, number>> = {};

async function run(name: string, store: StateStore): Promise<void> {
  await measure(store, WARMUP, 0);
  const samples = await measure(store, TURNS, WARMUP);
  const fold = await foldCost(store, 100, WARMUP + TURNS);
  const listTurns = await readCost(store, (WARMUP + TURNS) / PER_CONVERSATION);
  const all = { ...samples, ...(store.maintain ? { "fold/turn": fold } : {}), listTurns };
  report(name, all);
  summary[name] = Object.fromEntries(
    Object.entries(all).map(([label, values]) => [label, Math.round(quantile(values, 0.5) * 10) / 10]),
  );
  await agentStateWrite(store, 1_000);
  await store.close();
}

const dir = mkdtempSync(join(tmpdir(), "rapo-bench-"));
try {
  console.log(`store micro-benchmark: ${TURNS} turns after ${WARMUP} warm-up (node ${process.version})`);
  console.log(
    "(both = acceptTurn + completeTurn; fold/turn = maintain() over 100 journaled turns, per turn; listTurns = last 20 turns of a conversation)",
  );
  await run("sqlite", SqliteStore.open(join(dir, "bench.db")));
  await run("sqlite-x", SqliteStore.open(join(dir, "bench-exclusive.db"), { locking: "exclusive" }));
  await run("memory", new MemoryStore());
  console.log(JSON.stringify({ bench: "store", machine: machine(), medianUs: summary }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
