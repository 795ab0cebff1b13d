import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  answerValue,
  isAcceptance,
  isAcknowledgement,
  isRejection,
  questionAttribute,
} from "./dialogue-acts.js";
import { FactLedger } from "./fact-ledger.js";
import { findTypedValues } from "./typed-values.js";

const values = (text: string) => findTypedValues(text).map((v) => `${v.attribute}=${v.value}`);

describe("typed values", () => {
  it("keeps dates, times, amounts and addresses whole and normalised", () => {
    expect(values("On the 12th of March.")).toEqual(["date=March 12"]);
    expect(values("March 12th works, or 14 March 2026.")).toEqual(["date=March 12", "date=March 14, 2026"]);
    expect(values("Around half past seven in the evening.")).toEqual(["time=19:30"]);
    expect(values("At 7 pm, or 19:30, or 9:30am.")).toEqual(["time=19:00", "time=19:30", "time=09:30"]);
    expect(values("I live at 42 Elm St. near the park")).toEqual(["address=42 Elm Street"]);
    expect(values("Send $1,200 to Maria.")).toEqual(["amount=$1200", "to=Maria"]);
    expect(values("next Friday at noon")).toEqual(["date=next Friday", "time=12:00"]);
    expect(values("You may 3 things")).toEqual([]);
  });

  it("reads lower-case values after slot-like cues and counts with their noun", () => {
    expect(values("A table for four, italian food if possible.")).toEqual(["people=4", "food=italian"]);
    expect(values("It costs 45 dollars for two nights in a double room.")).toEqual([
      "amount=$45",
      "nights=2",
      "room=double",
    ]);
    expect(values("Can you find me a flight from New Orleans to Salt Lake City?")).toEqual([
      "from=New Orleans",
      "to=Salt Lake City",
    ]);
  });

  it("stays linear on long, hostile text", () => {
    const hostile = "1 ".repeat(20_000) + "the 12th of ".repeat(2_000) + "a".repeat(10_000);
    const started = performance.now();
    findTypedValues(hostile);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe("dialogue acts", () => {
  it("tells acceptances, rejections and acknowledgements apart", () => {
    for (const yes of ["Yes, please.", "Sure.", "That works for me.", "Sounds good.", "Okay."])
      expect(isAcceptance(yes), yes).toBe(true);
    for (const no of ["No, not that one.", "Hmm, is there anything else?", "No, thank you."]) {
      expect(isRejection(no), no).toBe(true);
      expect(isAcceptance(no), no).toBe(false);
    }
    expect(isAcknowledgement("Yes, that's right.")).toBe(true);
    expect(isAcknowledgement("Yes, at 7 pm.")).toBe(false);
  });

  it("names what a question asks and the value of a short answer", () => {
    expect(questionAttribute("Which city are you departing from?")).toBe("city");
    expect(questionAttribute("How many nights?")).toBe("nights");
    expect(questionAttribute("What's your destination?")).toBe("destination");
    expect(questionAttribute("Who is it with?")).toBe("person");
    expect(answerValue("Somewhere in New Orleans.")).toBe("New Orleans");
    expect(answerValue("Premium economy, please.")).toBe("Premium economy");
    expect(answerValue("Yes, please.")).toBeNull();
  });
});

describe("FactLedger in dialogue", () => {
  it("stores a restated value once, whatever its wording", () => {
    const ledger = new FactLedger(20);
    ledger.ingest("I need a table on the 12th of March?", undefined, "user");
    ledger.ingest("Please confirm: a table on March 12.", undefined, "assistant");
    expect(ledger.facts().filter((f) => f.startsWith("date:"))).toEqual(["date: March 12"]);
    expect(ledger.entities()).toContain("March 12");
    expect(ledger.entities()).not.toContain("March");
  });

  it("never stores acknowledgements", () => {
    const ledger = new FactLedger(20);
    for (const text of ["Yes, that's right.", "No, thank you.", "Okay, thanks a lot!", "That is great."])
      ledger.ingest(text, undefined, "user");
    expect(ledger.facts()).toEqual([]);
  });

  it("keeps offers as proposed facts, confirmed by yes and dropped by no", () => {
    const ledger = new FactLedger(20);
    ledger.ingest("How about Blue Fin? Would you like a table at 7 pm?", undefined, "assistant");
    expect(ledger.facts()).toEqual(["name: Blue Fin (proposed)", "time: 19:00 (proposed)"]);
    ledger.ingest("Yes, please.", undefined, "user");
    expect(ledger.facts()).toEqual(["name: Blue Fin", "time: 19:00"]);
    ledger.ingest("Would you prefer Casa Miguel at 8 pm?", undefined, "assistant");
    ledger.ingest("No, not that one.", undefined, "user");
    expect(ledger.facts()).toEqual(["name: Blue Fin", "time: 19:00"]);
  });

  it("reads a short answer as the value of what was asked", () => {
    const ledger = new FactLedger(20);
    ledger.ingest("Which city are you flying from?", undefined, "assistant");
    ledger.ingest("Salt Lake City, please.", undefined, "user");
    ledger.ingest("How many people?", undefined, "assistant");
    ledger.ingest("Four.", undefined, "user");
    expect(ledger.facts()).toEqual(["city: Salt Lake City", "people: 4"]);
  });

  it("supersedes a corrected value and says so", () => {
    const ledger = new FactLedger(20);
    ledger.ingest("Dinner at 7 pm on March 12?", undefined, "user");
    ledger.ingest("Please confirm: dinner at 7 pm on March 12. Shall I book it?", undefined, "assistant");
    ledger.ingest("Sorry, can we change that to 8:30 pm?", undefined, "user");
    expect(ledger.facts()).toEqual(["date: March 12", "time: 20:30 (changed from 19:00)"]);
  });

  it("fills a packet by relevance to the turn within a token budget", () => {
    const ledger = new FactLedger(200);
    ledger.ingest("Can you book a table at Trattoria Roma for the 3rd of May?", undefined, "user");
    for (let i = 0; i < 60; i++) ledger.add(`Warehouse ${i} stores ${i + 10} pallets of copper wire.`);
    const packet = ledger.select(60, "Does Trattoria Roma have vegetarian dishes?");
    expect(packet.some((f) => f.includes("Trattoria Roma"))).toBe(true);
    expect(packet.join(" ").length / 4).toBeLessThanOrEqual(60);
    expect(ledger.select(10_000, "")).toHaveLength(ledger.size);
  });

  it("never exceeds its caps, and selection never exceeds its budget (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 80 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 200 }),
        (texts, budget) => {
          const ledger = new FactLedger(8, { maxChars: 200 });
          for (const [i, t] of texts.entries())
            ledger.ingest(t, undefined, i % 2 === 0 ? "user" : "assistant");
          const chosen = ledger.select(budget, texts[0] ?? "");
          const cost = chosen.reduce((n, f) => n + Math.ceil(f.length / 4) + 1, 0);
          return ledger.size <= 8 && ledger.entities().length <= 8 && cost <= budget;
        },
      ),
      { seed: 11, verbose: true },
    );
  });
});

describe("FactLedger: whose word wins (issue 11)", () => {
  it("keeps the user's value when an answer restates it differently; the user's own change supersedes", () => {
    const ledger = new FactLedger(16);
    ledger.ingest("The staff of Nancy-Hub is 2702 people.", undefined, "user");
    ledger.ingest("The staff of Nancy-Hub is 2720 people.", undefined, "assistant");
    expect(ledger.facts().join("\n")).toContain("2702");
    expect(ledger.facts().join("\n")).not.toContain("2720");
    ledger.ingest("The staff of Nancy-Hub is 3000 people.", undefined, "user");
    expect(ledger.facts().join("\n")).toContain("3000");
    expect(ledger.facts().join("\n")).not.toContain("2702");
  });

  it("evicts what the assistant stated before what the user stated", () => {
    const ledger = new FactLedger(3);
    ledger.ingest("The demand of Lyon-Depot is 120 units.", undefined, "user");
    ledger.ingest("The stock of Arles-Store is 40 units.", undefined, "assistant");
    ledger.ingest("The capacity of Pau-Store is 70 units.", undefined, "user");
    ledger.ingest("The weight of Gear-97 is 9 kg.", undefined, "user");
    const text = ledger.facts().join("\n");
    expect(text).toContain("Lyon-Depot");
    expect(text).not.toContain("Arles-Store");
  });
});
