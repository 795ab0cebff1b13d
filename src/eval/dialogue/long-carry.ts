/**
 * @module eval/dialogue/long-carry
 * Fact carry-over in long conversations of the evaluation's synthetic generator (issue 11 item
 * 4): the user turns of 40–60-turn conversations are fed to a fact ledger as the runtime does;
 * at every turn from `fromTurn` on whose answer needs facts stated earlier, a packet is filled
 * from the ledger for that turn within the token budget, and the share of the needed facts it
 * carries is counted — so turn 50 must still carry what it needs from turn 3.
 */
import { cleanFact, dedupKey } from "../../state/fact-keys.js";
import { FactLedger } from "../../state/fact-ledger.js";
import { generateDataset } from "../generator/generate.js";

/** Options of {@link longConversationCarry}. */
export interface LongCarryOptions {
  conversations: number;
  seed: number;
  minTurns?: number;
  maxTurns?: number;
  /** first turn (0-based) counted. */
  fromTurn?: number;
  /** ledger cap (`handoff.maxFacts`) and packet budget (`handoff.factTokens`). */
  maxFacts: number;
  factTokens: number;
}

/** What {@link longConversationCarry} measures. */
export interface LongCarryFigures {
  turns: number;
  neededFacts: number;
  /** share of needed facts present in the packet filled for the turn. */
  carried: number;
  /** mean facts per packet, and mean packet size in tokens (≈ characters / 4). */
  meanFacts: number;
  meanTokens: number;
}

/** Measures fact carry-over at turns ≥ `fromTurn` of long synthetic conversations. */
export function longConversationCarry(options: LongCarryOptions): LongCarryFigures {
  const conversations = generateDataset({
    conversations: options.conversations,
    seed: options.seed,
    minTurns: options.minTurns ?? 40,
    maxTurns: options.maxTurns ?? 60,
  });
  const from = options.fromTurn ?? 25;
  let turns = 0;
  let needed = 0;
  let carried = 0;
  let facts = 0;
  let tokens = 0;
  for (const conversation of conversations) {
    const ledger = new FactLedger(options.maxFacts);
    for (const turn of conversation.turns) {
      const earlier = turn.expected.neededFacts.filter((f) => !turn.facts.includes(f));
      if (turn.index >= from && earlier.length > 0) {
        const packet = ledger.select(options.factTokens, turn.user);
        const text = packet.map(dedupKey).join("\n");
        turns++;
        needed += earlier.length;
        carried += earlier.filter((f) => text.includes(dedupKey(cleanFact(f)))).length;
        facts += packet.length;
        tokens += Math.round(packet.join(" ").length / 4);
      }
      ledger.ingest(turn.user, undefined, "user");
    }
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    turns,
    neededFacts: needed,
    carried: round(carried / Math.max(1, needed)),
    meanFacts: round(facts / Math.max(1, turns)),
    meanTokens: round(tokens / Math.max(1, turns)),
  };
}
