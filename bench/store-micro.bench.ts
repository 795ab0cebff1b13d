/**
 * @module bench/store-micro
 * Per-turn cost of the stores: acceptTurn + completeTurn (one turn's writes) on a SQLite file
 * (WAL, synchronous NORMAL) and on the memory store, plus a few reads. Prints medians and p95 in
 * µs. Target (SQLite): acceptTurn + completeTurn well under 40 µs median.
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

const TURNS = Number(process.argv[2] ?? 20_000);
const WARMUP = 2_000;
/** Turns per conversation, as the orchestrator prunes history to 20 (SPEC §6). */
const PER_CONVERSATION = 20;

interface Samples {
  accept: Float64Array;
  complete: Float64Array;
  both: Float64Array;
  listTurns: Float64Array;
}

async function measure(store: StateStore, turns: number, offset: number): Promise<Samples> {
  const samples: Samples = {
    accept: new Float64Array(turns),
    complete: new Float64Array(turns),
    both: new Float64Array(turns),
    listTurns: new Float64Array(turns),
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
    await store.listTurns(conversationId, PER_CONVERSATION);
    const t3 = performance.now();
    samples.accept[i] = (t1 - t0) * 1000;
    samples.complete[i] = (t2 - t1) * 1000;
    samples.both[i] = (t2 - t0) * 1000;
    samples.listTurns[i] = (t3 - t2) * 1000;
  }
  return samples;
}

function quantile(values: Float64Array, q: number): number {
  const sorted = values.slice().sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function report(name: string, samples: Samples): void {
  for (const [label, values] of Object.entries(samples) as [string, Float64Array][]) {
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

async function run(name: string, store: StateStore): Promise<void> {
  await measure(store, WARMUP, 0);
  const samples = await measure(store, TURNS, WARMUP);
  report(name, samples);
  await agentStateWrite(store, 1_000);
  await store.close();
}

const dir = mkdtempSync(join(tmpdir(), "rapo-bench-"));
try {
  console.log(`store micro-benchmark: ${TURNS} turns after ${WARMUP} warm-up (node ${process.version})`);
  console.log("(both = acceptTurn + completeTurn; listTurns = last 20 turns of the conversation)");
  await run("sqlite", SqliteStore.open(join(dir, "bench.db")));
  await run("sqlite-x", SqliteStore.open(join(dir, "bench-exclusive.db"), { locking: "exclusive" }));
  await run("memory", new MemoryStore());
} finally {
  rmSync(dir, { recursive: true, force: true });
}
