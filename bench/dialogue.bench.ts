/**
 * Multi-domain dialogue benchmark (issue 11): seeded task dialogues over 18 service domains,
 * one agent per domain declared through the public `taxonomy` option. Variant 1 reports, for
 * rapo (public API: send, feedback) without and with honest 0/1 feedback, the TF-IDF
 * nearest-description router, sticky TF-IDF, embedding similarity and the oracle: routing
 * accuracy overall, per 1,000-turn window and after the first 2,000 turns, handoffs per real
 * switch, and the share of earlier slot values present in handoff-packet facts at real switches
 * (also under oracle routing, which measures the ledger alone). Variant 2 (imperfect
 * declarations, six agents with hidden skills): rapo with/without feedback, static routing by
 * declaration on rapo's classified domain, random, oracle. Last, fact carry-over of the handoff
 * ledger in long conversations of the evaluation's generator (turns ≥ 25 of 40–60-turn ones).
 * Run: `npm run bench:dialogue -- [--dialogues 900] [--seed 1] [--only 1|2|3] [--config JSON]`
 * (`--config`: extra rapo configuration of the rapo rows). Ends with one JSON line.
 */
import { parseArgs } from "node:util";
import { configSchema } from "../src/config/schema.js";
import {
  DIALOGUE_DOMAINS,
  generateDialogues,
  longConversationCarry,
  oracleRouter,
  type RoutingFigures,
  runImperfectDeclarations,
  runRapoDialogues,
  scoreTextRouter,
  similarityRouter,
  stickyTfidfRouter,
  tfidfRouter,
} from "../src/eval/dialogue/index.js";
import { machine } from "./harness.js";

const { values } = parseArgs({
  options: {
    dialogues: { type: "string", default: "900" },
    seed: { type: "string", default: "1" },
    only: { type: "string" },
    config: { type: "string" },
  },
});
const seed = Number(values.seed);
// extra rapo configuration for the rapo rows (JSON), e.g. '{"routing":{"switchCost":0.3}}'
const config = values.config === undefined ? {} : (JSON.parse(values.config) as Record<string, unknown>);
const dialogues = generateDialogues({ dialogues: Number(values.dialogues), seed });
const domains = DIALOGUE_DOMAINS;
const turns = dialogues.reduce((n, d) => n + d.turns.length, 0);
const switches = dialogues.reduce((n, d) => n + d.turns.filter((t) => t.switched).length, 0);
console.log(
  `${dialogues.length} dialogues, ${turns} user turns, ${switches} real switches, ${domains.length} domains, seed ${seed}`,
);

function pct(x: number | undefined): string {
  return x === undefined || Number.isNaN(x) || x === null ? "—" : `${(100 * x).toFixed(1)} %`;
}

function table(title: string, rows: RoutingFigures[]): void {
  console.log(`\n${title}`);
  console.log(
    "| router | accuracy | after 2,000 turns | per 1,000-turn window | handoffs / real switch | slot values in packet facts (facts+entities) at switches |",
  );
  console.log("|---|---|---|---|---|---|");
  for (const r of rows) {
    const carry =
      r.valuesInFacts === undefined
        ? "—"
        : `${pct(r.valuesInFacts)} (${pct(r.valuesInFactsOrEntities)}), ${r.switchesWithPacket}/${r.realSwitches} switches`;
    console.log(
      `| ${r.router} | ${pct(r.accuracy)} | ${pct(r.accuracyAfterWarmup)} | ${r.windows.map((w) => (100 * w).toFixed(0)).join(" ")} | ${r.handoffsPerSwitch.toFixed(2)} | ${carry} |`,
    );
  }
}

const started = performance.now();
const variant1: RoutingFigures[] = [];
if (values.only !== "2") {
  variant1.push(await runRapoDialogues(dialogues, domains, { feedback: false, config }));
  variant1.push(await runRapoDialogues(dialogues, domains, { feedback: true, config }));
  for (const router of [tfidfRouter(domains), stickyTfidfRouter(domains), similarityRouter(domains)])
    variant1.push(scoreTextRouter(dialogues, domains, router));
  variant1.push(oracleRouter(dialogues, domains));
  variant1.push(await runRapoDialogues(dialogues, domains, { feedback: false, oracle: true }));
  table("Variant 1: one agent per domain (right = routed to the gold domain's agent)", variant1);
}
const variant2 = values.only === "1" ? [] : await runImperfectDeclarations(dialogues, domains, seed, config);
if (variant2.length > 0)
  table("Variant 2: imperfect declarations (right = the routed agent succeeded)", variant2);
// fact carry-over in long conversations of the evaluation's generator, at the default cap and budget
const handoff = configSchema.parse({}).handoff;
const long =
  values.only === "1" || values.only === "2"
    ? null
    : longConversationCarry({
        conversations: 100,
        seed: 42,
        maxFacts: handoff.maxFacts,
        factTokens: handoff.factTokens,
      });
if (long !== null)
  console.log(
    `\nLong conversations (evaluation generator, 40–60 turns, 100 conversations, seed 42): at turns ≥ 25, ${pct(long.carried)} of the ${long.neededFacts} earlier facts the turn needs are in its packet (${long.meanFacts} facts, ${long.meanTokens} tokens on average; maxFacts ${handoff.maxFacts}, factTokens ${handoff.factTokens})`,
  );
const seconds = Math.round((performance.now() - started) / 100) / 10;
console.log(`\n${seconds} s`);
console.log(
  JSON.stringify({
    bench: "dialogue",
    seed,
    dialogues: dialogues.length,
    turns,
    switches,
    variant1,
    variant2,
    seconds,
    machine: machine(),
  }),
);
