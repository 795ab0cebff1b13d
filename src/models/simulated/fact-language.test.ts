import { describe, expect, it } from "vitest";
import {
  computeAnswer,
  entitiesIn,
  type Fact,
  FactBook,
  factBookOf,
  formatFact,
  parseFacts,
  parseQuestion,
} from "./fact-language.js";

const stock = (entity: string, value: number): Fact => ({
  kind: "attribute",
  attribute: "stock",
  entity,
  value,
});
const supply = (supplier: string, customer: string): Fact => ({ kind: "supply", supplier, customer });

describe("facts", () => {
  it("formats and parses every fact wording back to the same fact", () => {
    const facts: Fact[] = [
      stock("Lyon-Depot", 420),
      { kind: "attribute", attribute: "price", entity: "Widget-7", value: 135 },
      supply("Lille-Plant", "Lyon-Depot"),
    ];
    const text = facts.map((f) => formatFact(f)).join(" ");
    expect(text).toBe(
      "The stock of Lyon-Depot is 420 units. The price of Widget-7 is 135 euros. Lille-Plant supplies Lyon-Depot.",
    );
    expect(parseFacts(text).map((f) => f.fact)).toEqual(facts);
    const variant = facts.map((f) => formatFact(f, { units: "pieces", supplierNoun: "vendor" })).join(" ");
    expect(variant).toContain("420 pieces");
    expect(variant).toContain("The vendor of Lyon-Depot is Lille-Plant.");
    expect(parseFacts(variant).map((f) => f.fact)).toEqual(facts);
  });

  it("never reads the model's claims as facts", () => {
    const claims = [
      "Lyon-Depot has a stock of 420 units.",
      "Lyon-Depot's stock comes to 420 items.",
      "Nice-Store is supplied by Lyon-Depot.",
      "The combined stock of Lyon-Depot and Paris-Depot comes to 720 units.",
      "Lille-Plant is the original supplier of Nice-Store.",
      "Could you clarify the stock of Paris-Depot?",
    ].join(" ");
    expect(parseFacts(claims)).toEqual([]);
  });

  it("finds facts inside arbitrary text, lower-case 'the' included", () => {
    const text =
      "Good. Note: the stock of Nice-Store is 310 units. Also, Brest-Plant supplies Nice-Store and more.";
    expect(parseFacts(text).map((f) => f.fact)).toEqual([
      stock("Nice-Store", 310),
      supply("Brest-Plant", "Nice-Store"),
    ]);
  });

  it("lets a later statement replace an earlier one", () => {
    const book = factBookOf("The stock of Lyon-Depot is 420 units. The stock of Lyon-Depot is 433 units.");
    expect(book.attribute("stock", "Lyon-Depot")?.value).toBe(433);
    expect(book.size).toBe(1);
  });

  it("lists hyphenated capitalised entity names once each", () => {
    expect(entitiesIn("Widget-7 and Lyon-Depot, then Widget-7 again; not-a-name, Step 1")).toEqual([
      "Widget-7",
      "Lyon-Depot",
    ]);
  });
});

describe("questions", () => {
  it.each([
    ["Find the stock of Lyon-Depot.", "lookup", ["Lyon-Depot"]],
    ["What is the total stock of Lyon-Depot and Paris-Depot?", "sum", ["Lyon-Depot", "Paris-Depot"]],
    [
      "Plan the merge: work out the combined stock of Agen-Hub, Blois-Hub and Caen-Hub.",
      "sum",
      ["Agen-Hub", "Blois-Hub", "Caen-Hub"],
    ],
    [
      "What is the difference between the stock of Lyon-Depot and Paris-Depot?",
      "difference",
      ["Lyon-Depot", "Paris-Depot"],
    ],
    [
      "Solve for the gap in stock between Lyon-Depot and Paris-Depot.",
      "difference",
      ["Lyon-Depot", "Paris-Depot"],
    ],
    ["Which site has more stock: Lyon-Depot or Paris-Depot?", "max", ["Lyon-Depot", "Paris-Depot"]],
    ["Show which site has the lower stock: Lyon-Depot or Paris-Depot.", "min", ["Lyon-Depot", "Paris-Depot"]],
    ["Who ultimately supplies Nice-Store?", "chain", ["Nice-Store"]],
    [
      "Rephrase in the passive voice the sentence that names the supplier of Nice-Store.",
      "rephrase",
      ["Nice-Store"],
    ],
    ["Write a slogan for Widget-7 that mentions its price.", "creative", ["Widget-7"]],
  ])("parses %s", (text, op, entities) => {
    expect(parseQuestion(text)).toMatchObject({ op, entities });
  });

  it("ignores the fact sentences around a question", () => {
    const q = parseQuestion(
      "Note: the stock of Rome-Hub is 500 units. Which site has more stock: Lyon-Depot or Nice-Store?",
    );
    expect(q).toEqual({ op: "max", attribute: "stock", entities: ["Lyon-Depot", "Nice-Store"] });
  });

  it("returns null when nothing is asked", () => {
    expect(parseQuestion("Hello, can you help me?")).toBeNull();
    expect(parseQuestion("The stock of Lyon-Depot is 420 units.")).toBeNull();
  });
});

describe("computeAnswer", () => {
  const book = new FactBook([
    stock("Lyon-Depot", 420),
    stock("Paris-Depot", 300),
    stock("Nice-Store", 515),
    supply("Lille-Plant", "Lyon-Depot"),
    supply("Lyon-Depot", "Paris-Depot"),
    supply("Paris-Depot", "Nice-Store"),
  ]);
  const ask = (text: string) => computeAnswer(parseQuestion(text)!, book);

  it("computes sums, differences, comparisons and lookups", () => {
    expect(ask("the combined stock of Lyon-Depot and Paris-Depot").result).toBe("720");
    expect(ask("the gap in stock between Lyon-Depot and Nice-Store").result).toBe("95");
    expect(ask("Which site has the most stock: Lyon-Depot, Paris-Depot or Nice-Store?").result).toBe(
      "Nice-Store",
    );
    expect(ask("Which site has the least stock: Lyon-Depot, Paris-Depot or Nice-Store?").result).toBe(
      "Paris-Depot",
    );
    expect(ask("Find the stock of Paris-Depot.")).toEqual({
      result: "300",
      used: [stock("Paris-Depot", 300)],
      missing: [],
    });
  });

  it("follows a supply chain back to its plant, citing every link", () => {
    const c = ask("Which plant ultimately supplies Nice-Store?");
    expect(c.result).toBe("Lille-Plant");
    expect(c.used).toHaveLength(3);
    expect(ask("Rephrase in the passive voice: the supplier of Nice-Store.").result).toBe(
      "Nice-Store is supplied by Paris-Depot",
    );
  });

  it("returns null and names the missing fact when one is not known", () => {
    expect(ask("the combined stock of Lyon-Depot and Rome-Hub")).toEqual({
      result: null,
      used: [stock("Lyon-Depot", 420)],
      missing: [{ kind: "attribute", attribute: "stock", entity: "Rome-Hub" }],
    });
    const broken = new FactBook([supply("Paris-Depot", "Nice-Store")]);
    expect(
      computeAnswer(parseQuestion("Which plant ultimately supplies Nice-Store?")!, broken),
    ).toMatchObject({
      result: null,
      missing: [{ kind: "supplier", entity: "Paris-Depot" }],
    });
  });
});
