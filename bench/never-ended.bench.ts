/**
 * Issue 10's never-ended-conversations case at the issue's size: three specialists over a
 * declared grammar / knowledge / reasoning taxonomy (prior 0.9 on their own type), 10 turns per
 * conversation, `endConversation` never called, every default. Prints the routing agreement
 * (share of turns answered by the specialist of the classified type) every 500 conversations and
 * at the end, the share of turns classified as another type than the one drawn, and the switch
 * hazard the classifier learned. The test (`src/runtime/never-ended.test.ts`) runs the same
 * workload on 300 conversations.
 * Run: `npm run bench:never-ended -- [--conversations 5000] [--config JSON]`. Ends with one JSON line.
 */
import { parseArgs } from "node:util";
import { playNeverEnded } from "../src/eval/never-ended/never-ended-workload.js";
import { machine } from "./harness.js";

const { values } = parseArgs({
  options: { conversations: { type: "string", default: "5000" }, config: { type: "string" } },
});
const conversations = Number(values.conversations);
const config = values.config === undefined ? {} : (JSON.parse(values.config) as Record<string, unknown>);
const started = performance.now();
const run = await playNeverEnded(conversations, config, (done, agreement) => {
  if (done % 500 === 0) console.log(`${done} conversations: agreement ${agreement.toFixed(4)}`);
});
const hazard = run.rapo.switchHazard();
await run.rapo.close();
const seconds = Math.round((performance.now() - started) / 100) / 10;
console.log(
  `never-ended, ${conversations} conversations (${run.turns} turns), every default: routing agreement ${run.agreement.toFixed(4)}; classified as another type than drawn: ${run.misclassified} turns; learned switch hazard ${hazard.toFixed(3)}; ${seconds} s`,
);
console.log(
  JSON.stringify({
    bench: "never-ended",
    conversations,
    turns: run.turns,
    agreement: run.agreement,
    misclassified: run.misclassified,
    hazard,
    seconds,
    machine: machine(),
  }),
);
