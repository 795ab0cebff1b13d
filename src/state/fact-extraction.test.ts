import { describe, expect, it } from "vitest";
import { createClassifier } from "./classifier.js";
import { extractFacts, FactLedger, normaliseFact } from "./fact-extraction.js";
import { resolveTaxonomy } from "./taxonomy.js";

describe("extractFacts", () => {
  it("reuses the classifier's analysis of the same text, and only of the same text", () => {
    const classifier = createClassifier(resolveTaxonomy());
    const text = "The stock of Lyon-Depot is 420 units. Nice-Store orders 30 units every Monday.";
    const { analysis } = classifier.classify(text);
    expect(analysis?.text).toBe(text);
    const other = "Paris-Depot holds 130 units of copper wire.";
    // another text was analysed in between (interleaved conversations): the memo is gone
    const expected = extractFacts(text);
    classifier.classify(other);
    expect(extractFacts(text, analysis)).toEqual(expected);
    expect(extractFacts(other, analysis)).toEqual(extractFacts(other));
    expect(createClassifier(resolveTaxonomy(), { ner: true }).classify(text).analysis).toBeUndefined();
  });

  it("keeps informative declarative sentences, normalised", () => {
    const { facts } = extractFacts(
      "Hello!   The stock of  Lyon-Depot is 420 units.\nLyon-Depot supplies Berlin Hub with 40 kg of steel. Thanks!",
    );
    expect(facts).toEqual([
      "The stock of Lyon-Depot is 420 units.",
      "Lyon-Depot supplies Berlin Hub with 40 kg of steel.",
    ]);
  });

  it("excludes questions, instructions and sentences without information", () => {
    const { facts } = extractFacts(
      "Where is the Lyon depot? List the suppliers. That is great. It works. The invoice is overdue. Is Acme Corp a supplier?",
    );
    expect(facts).toEqual(["The invoice is overdue."]);
  });

  it("recognises relation verbs, numbers and entities as information", () => {
    expect(extractFacts("the depot is located near the river.").facts).toHaveLength(1);
    expect(extractFacts("each pallet costs 12 EUR.").facts).toHaveLength(1);
    expect(extractFacts("we met Claire Dubois yesterday.").facts).toHaveLength(1);
    expect(extractFacts("we went home early.").facts).toHaveLength(0);
  });

  it("keeps abbreviations and decimals inside one sentence", () => {
    const { facts, entities } = extractFacts("Dr. Smith paid $3.5 million for SKU-1182. Then he left.");
    expect(facts).toEqual(["Dr. Smith paid $3.5 million for SKU-1182."]);
    expect(entities).toEqual(["Dr. Smith", "$3.5 million", "SKU-1182"]);
  });

  it("returns entities as the classifier finds them, distinct", () => {
    const { entities } = extractFacts(
      "Acme Corp owns Lyon-Depot. Lyon-Depot ships to Acme Corp and Berlin Hub.",
    );
    expect(entities).toEqual(["Acme Corp", "Lyon-Depot", "Berlin Hub"]);
  });

  it("handles empty text", () => {
    expect(extractFacts("")).toEqual({ facts: [], entities: [] });
  });
});

describe("FactLedger", () => {
  it("keeps facts in order and de-duplicates by normalised sentence", () => {
    const ledger = new FactLedger(10);
    expect(ledger.add("Lyon-Depot supplies Berlin Hub.")).toBe(true);
    expect(ledger.add("Acme Corp owns Lyon-Depot.")).toBe(true);
    expect(ledger.add("  lyon-depot   supplies berlin hub ")).toBe(false);
    expect(ledger.add("   ")).toBe(false);
    expect(ledger.facts()).toEqual(["Lyon-Depot supplies Berlin Hub.", "Acme Corp owns Lyon-Depot."]);
    expect(ledger.has("LYON-DEPOT supplies Berlin Hub")).toBe(true);
  });

  it("replaces an older fact about the same subject and attribute", () => {
    const ledger = new FactLedger(10);
    ledger.add("Lyon-Depot holds 40 units.");
    ledger.add("The price is 12 EUR.");
    ledger.add("Lyon-Depot holds 55 units.");
    ledger.add("The depot is located in Lyon.");
    ledger.add("The depot is located in Paris.");
    ledger.add("The price is 15 EUR.");
    expect(ledger.facts()).toEqual([
      "Lyon-Depot holds 55 units.",
      "The depot is located in Paris.",
      "The price is 15 EUR.",
    ]);
  });

  it("keeps many-valued relations and different attributes side by side", () => {
    const ledger = new FactLedger(10);
    ledger.add("Lyon-Depot supplies Berlin Hub.");
    ledger.add("Lyon-Depot supplies Acme Corp.");
    ledger.add("Alice is a manager.");
    ledger.add("Alice is in Paris.");
    ledger.add("Lyon-Depot holds 40 units of steel.");
    ledger.add("Lyon-Depot holds 12 units of copper.");
    expect(ledger.size).toBe(6);
  });

  it("drops the oldest facts beyond the cap", () => {
    const ledger = new FactLedger(3);
    for (let i = 1; i <= 5; i++) ledger.add(`Site ${i} opened in Lyon.`);
    expect(ledger.facts()).toEqual([
      "Site 3 opened in Lyon.",
      "Site 4 opened in Lyon.",
      "Site 5 opened in Lyon.",
    ]);
  });

  it("ingests text: facts and entities, returning what was new", () => {
    const ledger = new FactLedger(10);
    const first = ledger.ingest("Acme Corp owns Lyon-Depot. Who runs it?");
    expect(first).toEqual({ facts: ["Acme Corp owns Lyon-Depot."], entities: ["Acme Corp", "Lyon-Depot"] });
    const second = ledger.ingest("Acme Corp owns Lyon-Depot. Claire Dubois runs Lyon-Depot.");
    expect(second).toEqual({ facts: ["Claire Dubois runs Lyon-Depot."], entities: ["Claire Dubois"] });
    expect(ledger.entities()).toEqual(["Acme Corp", "Lyon-Depot", "Claire Dubois"]);
  });

  it("caps entities and round-trips through JSON", () => {
    const ledger = new FactLedger(4, { maxEntities: 2 });
    for (const e of ["Lyon", "Paris", "lyon", "Berlin"]) ledger.addEntity(e);
    expect(ledger.entities()).toEqual(["Paris", "Berlin"]);
    ledger.add("Paris hosts the main depot.");
    const copy = FactLedger.fromJSON(ledger.toJSON(), 4, { maxEntities: 2 });
    expect(copy.toJSON()).toEqual(ledger.toJSON());
    ledger.clear();
    expect(ledger.size).toBe(0);
    expect(ledger.entities()).toEqual([]);
  });

  it("normalises whitespace", () => {
    expect(normaliseFact("  a \n b\t c  ")).toBe("a b c");
    for (const odd of ["a\u00a0b", "a\u2028b", "a\ufeffb", "a\u3000b", "a  b", " a b", "a b "])
      expect(normaliseFact(odd), JSON.stringify(odd)).toBe(odd.replace(/\s+/g, " ").trim());
    expect(normaliseFact("already normal.")).toBe("already normal.");
    expect(normaliseFact("")).toBe("");
  });

  it("de-duplicates ignoring case and trailing punctuation or spaces", () => {
    const ledger = new FactLedger(10);
    ledger.add("Lyon-Depot ships to Paris.");
    expect(ledger.has("LYON-DEPOT ships to Paris!;\u00a0")).toBe(true);
    expect(ledger.has("Lyon-Depot ships to Paris?")).toBe(false);
  });
});
