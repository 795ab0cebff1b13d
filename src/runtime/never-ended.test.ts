/**
 * Issue 10, the never-ended-conversations case, through the public API (workload in
 * `src/eval/never-ended/never-ended-workload.ts`): three specialists over a declared
 * grammar / knowledge / reasoning taxonomy (prior 0.9 on their own type), 10 turns per
 * conversation, `endConversation` never called — as with any chat UI or OpenAI-style client.
 * With every default, routing must keep agreeing with the specialist of the classified type;
 * under the paper's load formula the idle conversations pile up in N_a until every agent reads
 * L = 1 and agreement falls to chance.
 *
 * Size: RAPO_NEVER_ENDED_CONVERSATIONS conversations (CI default 300: under the paper formula the
 * collapse starts after ~10 conversations); the acceptance run of 5,000 is
 * `npm run bench:never-ended`.
 */
import { describe, expect, it } from "vitest";
import { NEVER_ENDED_TURNS, playNeverEnded } from "../eval/never-ended/never-ended-workload.js";

const CONVERSATIONS = Number(process.env["RAPO_NEVER_ENDED_CONVERSATIONS"] ?? 300);
/** the paper-formula run only shows the collapse: 300 conversations unless asked for more. */
const PAPER_CONVERSATIONS = Number(
  process.env["RAPO_NEVER_ENDED_PAPER_CONVERSATIONS"] ?? Math.min(CONVERSATIONS, 300),
);
/** test budget: ~2 ms a turn on a quiet machine; up to ~200 ms a turn measured on a 2-core VM shared by many jobs. */
const TIMEOUT_MS = Math.max(600_000, CONVERSATIONS * NEVER_ENDED_TURNS * 200);

describe("never-ended conversations (issue 10)", () => {
  it(
    `keeps routing to the specialist over ${CONVERSATIONS} never-ended conversations with every default; N_a and L_a return to 0 after the idle window`,
    async () => {
      const { agreement, rapo, advance } = await playNeverEnded(CONVERSATIONS, {});
      console.log(
        `never-ended, every default: agreement ${agreement.toFixed(4)} over ${CONVERSATIONS} conversations, learned switch hazard ${rapo.switchHazard().toFixed(3)}`,
      );
      expect(agreement).toBeGreaterThanOrEqual(0.99);
      // independent questions: the classifier learned from the traffic that tasks rarely persist
      expect(rapo.switchHazard()).toBeGreaterThan(0.3);
      // never ended, still inside the idle window: they count in N_a
      expect(rapo.agents().reduce((n, a) => n + a.active, 0)).toBeGreaterThan(0);
      advance(rapo.config.routing.activeTtlMs + 1);
      await rapo.tick();
      for (const agent of rapo.agents()) {
        expect(agent.active).toBe(0);
        expect(agent.load).toBe(0);
        expect(agent.inflight).toBe(0);
      }
      await rapo.close();
    },
    TIMEOUT_MS,
  );

  it(
    "collapses under the paper's load formula on the same workload (what the default fixes)",
    async () => {
      const { agreement, rapo } = await playNeverEnded(PAPER_CONVERSATIONS, { routing: { load: "paper" } });
      console.log(`never-ended, paper load formula: agreement ${agreement.toFixed(4)}`);
      expect(agreement).toBeLessThan(0.6);
      await rapo.close();
    },
    TIMEOUT_MS,
  );
});
