/**
 * The fuzz and fault suite of issue 12: random programs of public API calls, on shared and cold
 * conversations, with hostile strings and ids and misbehaving models, in both stores; the
 * invariants of `checkWorld` must hold after every run.
 *
 * Bounded for CI with a fixed seed; `FUZZ_RUNS=500 FUZZ_SEED=<n>` runs longer locally. On a
 * failure fast-check prints the seed and the shrunk program (replay with `FUZZ_SEED` and
 * `FUZZ_PATH`).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Behaviour,
  type Command,
  checkWorld,
  type Program,
  runProgram,
  SHARED,
} from "./testing/fuzz-world.js";

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 8);
const SEED = Number(process.env["FUZZ_SEED"] ?? 20_261_203);
const PATH = process.env["FUZZ_PATH"];

const behaviour: fc.Arbitrary<Behaviour> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Behaviour>("ok") },
  {
    weight: 3,
    arbitrary: fc.constantFrom<Behaviour>("throw", "hang", "deaf", "empty", "huge", "slow", "surrogate"),
  },
);

/** Messages: ordinary text, and hostile strings (empty, blank, oversized, lone surrogates, NUL, non-strings). */
const content: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom("What is the stock of Lyon?", "Calculate 15% of 240.", "Write a haiku."),
  },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.string({ maxLength: 5 }),
        fc.integer({ min: 0xd800, max: 0xdfff }),
        fc.string({ maxLength: 5 }),
      )
      .map(([a, c, b]) => `${a}${String.fromCharCode(c)}${b}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>("", "   ", "x".repeat(2_001), "\u0000", 42, null, {}, ["a"]),
  },
);

/** Conversation ids: three shared ones (cold after a restart), new ones, and hostile ones. */
const conversation: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("c0", "c1", "c2") },
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>("", "c\uD800", "x".repeat(201), 7, {}, null, "unknown-id"),
  },
);

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant("send" as const),
      conversation,
      content,
      stream: fc.boolean(),
      abortAfterMs: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, fc.integer({ min: 0, max: 40 })),
      wait: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("feedback" as const),
      turn: fc.oneof(
        { weight: 3, arbitrary: fc.nat(50) },
        fc.constantFrom<unknown>({}, "nope", "", 3.5, "t\uDC00"),
      ),
      outcome: fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(0, 0.5, 1) },
        fc.constantFrom<unknown>(-1, 2, Number.NaN, "1"),
      ),
      wait: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("end" as const),
      conversation,
      outcome: fc.option(fc.constantFrom(0, 1), { nil: undefined }),
      wait: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "tick" as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: "restart" as const }) },
);

function program(store: Program["store"]): fc.Arbitrary<Program> {
  return fc.record({
    store: fc.constant(store),
    agents: fc.array(fc.array(behaviour, { minLength: 1, maxLength: 6 }), { minLength: 2, maxLength: 3 }),
    commands: fc.array(command, { minLength: 5, maxLength: 30 }),
  });
}

describe("fuzz: random API programs with faulty models keep every invariant (issue 12)", () => {
  for (const store of ["memory", "sqlite"] as const) {
    it(`on the ${store} store (${RUNS} runs, seed ${SEED})`, async () => {
      // the suite must reach what it checks: answered turns on the shared conversations
      let sharedAnswers = 0;
      await fc.assert(
        fc.asyncProperty(program(store), async (p) => {
          const { observed, store: stored } = await runProgram(p);
          for (const send of observed.sends)
            if (send.result && (SHARED as readonly string[]).includes(send.result.conversationId))
              sharedAnswers++;
          try {
            expect(await checkWorld(observed, stored)).toEqual([]);
          } finally {
            await stored.close();
          }
        }),
        {
          numRuns: RUNS,
          seed: SEED,
          ...(PATH === undefined ? {} : { path: PATH }),
          endOnFailure: process.env["FUZZ_SHRINK"] === "0",
        },
      );
      expect(sharedAnswers).toBeGreaterThan(RUNS);
    }, 600_000);
  }
});
