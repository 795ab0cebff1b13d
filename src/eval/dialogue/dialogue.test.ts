import { describe, expect, it } from "vitest";
import { createPrng } from "../../util/random.js";
import { DIALOGUE_DOMAINS } from "./domains.js";
import { generateDialogues } from "./generate-dialogues.js";
import { imperfectCast } from "./imperfect-declarations.js";
import { longConversationCarry } from "./long-carry.js";
import { oracleRouter, runRapoDialogues, scoreTextRouter } from "./run-routers.js";
import { dateValue, timeValue, valueInFacts } from "./slot-values.js";
import { stickyTfidfRouter, tfidfRouter } from "./text-routers.js";

const domains = DIALOGUE_DOMAINS;

describe("dialogue workload", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const a = generateDialogues({ dialogues: 20, seed: 3 });
    expect(generateDialogues({ dialogues: 20, seed: 3 })).toEqual(a);
    expect(generateDialogues({ dialogues: 20, seed: 4 })).not.toEqual(a);
  });

  it("covers at least 10 domains, marks one switch per later visit, and ends every dialogue", () => {
    const dialogues = generateDialogues({ dialogues: 200, seed: 1 });
    expect(domains.length).toBeGreaterThanOrEqual(10);
    expect(new Set(dialogues.flatMap((d) => d.domains)).size).toBe(domains.length);
    for (const d of dialogues) {
      const switches = d.turns.filter((t) => t.switched);
      expect(switches.length).toBe(d.domains.length - 1);
      // gold domains follow the visits in order; a switch is exactly where the gold domain changes
      d.turns.forEach((t, i) => {
        if (i > 0) expect(t.switched).toBe(t.domain !== d.turns[i - 1]!.domain);
        expect(t.user.length).toBeGreaterThan(0);
        expect(t.user).not.toMatch(/[{}]/);
        expect(t.assistant).not.toMatch(/[{}]/);
      });
      for (const s of switches) expect(s.earlierValues.length).toBeGreaterThan(0);
    }
  });

  it("has domain-free acknowledgements and assistant offers ending in a question", () => {
    const turns = generateDialogues({ dialogues: 100, seed: 2 }).flatMap((d) => d.turns);
    expect(turns.some((t) => t.user === "Yes, please.")).toBe(true);
    expect(turns.some((t) => t.user === "No, thank you.")).toBe(true);
    expect(turns.filter((t) => t.assistant.endsWith("?")).length / turns.length).toBeGreaterThan(0.6);
  });
});

describe("slot values", () => {
  it("are found in facts in any standard written form", () => {
    const rng = createPrng(5);
    for (let i = 0; i < 50; i++) {
      const date = dateValue(rng);
      const [, month, day] = date.canonical.split("-").map(Number);
      expect(valueInFacts(date, [`Date: 2026-${date.canonical.slice(5)}`])).toBe(true);
      expect(valueInFacts(date, [`${date.forms[1]} it is`])).toBe(true);
      expect(valueInFacts(date, [`month ${month} day ${day! + 1}`])).toBe(false);
      const time = timeValue(rng);
      expect(valueInFacts(time, [`time: ${time.canonical}`])).toBe(true);
      expect(valueInFacts(time, ["time: 23:59"])).toBe(time.canonical === "23:59");
    }
  });
});

describe("routers on the workload", () => {
  const dialogues = generateDialogues({ dialogues: 40, seed: 9 });

  it("scores the oracle 1.0 with one handoff per real switch", () => {
    const figures = oracleRouter(dialogues, domains);
    expect(figures.accuracy).toBe(1);
    expect(figures.handoffs).toBe(figures.realSwitches);
    expect(figures.realSwitches).toBe(dialogues.reduce((n, d) => n + d.domains.length - 1, 0));
  });

  it("scores TF-IDF deterministically, and sticky TF-IDF hands off less", () => {
    const a = scoreTextRouter(dialogues, domains, tfidfRouter(domains));
    expect(scoreTextRouter(dialogues, domains, tfidfRouter(domains))).toEqual(a);
    expect(a.accuracy).toBeGreaterThan(0);
    expect(a.accuracy).toBeLessThan(1);
    const sticky = scoreTextRouter(dialogues, domains, stickyTfidfRouter(domains));
    expect(sticky.handoffs).toBeLessThan(a.handoffs);
  });

  it("plays rapo's runtime under oracle routing: accuracy 1, a packet at every real switch", async () => {
    const small = dialogues.slice(0, 8);
    const figures = await runRapoDialogues(small, domains, { feedback: true, oracle: true });
    expect(figures.accuracy).toBe(1);
    expect(figures.handoffsPerSwitch).toBe(1);
    expect(figures.switchesWithPacket).toBe(figures.realSwitches);
    expect(figures.valuesInFacts).toBeGreaterThan(0);
  }, 60_000);
});

describe("imperfect declarations", () => {
  it("has one strong agent per domain, an over-claimer, an under-declarer and a drifter", () => {
    const cast = imperfectCast(domains, 1);
    expect(new Set(cast.groups.flat()).size).toBe(18);
    expect(cast.declared[5]).toEqual([]);
    expect(cast.declared[4]).toEqual([...cast.groups[4]!, ...cast.groups[5]!]);
    const drifting = cast.groups[3]![0]!;
    expect(cast.skill(3, drifting, 0, 100)).toBe(0.9);
    expect(cast.skill(3, drifting, 60, 100)).toBe(0.4);
    expect(cast.skill(0, drifting, 60, 100)).toBe(0.6);
    expect(cast.skill(4, cast.groups[5]![0]!, 0, 100)).toBe(0.35);
  });
});

describe("long conversations", () => {
  it("carry the earlier facts a late turn needs within the token budget", () => {
    const figures = longConversationCarry({ conversations: 12, seed: 3, maxFacts: 128, factTokens: 1000 });
    expect(figures.turns).toBeGreaterThan(20);
    expect(figures.carried).toBeGreaterThan(0.9);
    expect(figures.meanTokens).toBeLessThanOrEqual(1000);
    // a tiny budget carries less: the measure can fail
    expect(
      longConversationCarry({ conversations: 12, seed: 3, maxFacts: 128, factTokens: 40 }).carried,
    ).toBeLessThan(figures.carried);
  });
});
