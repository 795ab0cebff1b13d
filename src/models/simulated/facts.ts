/**
 * @module models/simulated/facts
 * Facts of the controlled language shared by the synthetic generator and the simulated model.
 * Facts are sentences such as "The stock of Lyon-Depot is 420 units." or "Lyon-Depot supplies
 * Nice-Store.". Several wordings parse to the same fact (unit synonyms, "The vendor of B is A."),
 * so an agent that does not follow the shared glossary is still understood; wrong claims are
 * always worded outside this grammar so they never turn into facts.
 */

/** Attributes an entity can have, with the unit a fact states them in. */
export const ATTRIBUTES = {
  stock: { unit: "units", holder: "site" },
  capacity: { unit: "units", holder: "site" },
  demand: { unit: "units", holder: "site" },
  staff: { unit: "people", holder: "site" },
  price: { unit: "euros", holder: "product" },
  weight: { unit: "kg", holder: "product" },
  rating: { unit: "points", holder: "product" },
} as const;

/** One attribute name. */
export type Attribute = keyof typeof ATTRIBUTES;

/** All attribute names, in declaration order. */
export const ATTRIBUTE_NAMES = Object.keys(ATTRIBUTES) as Attribute[];

/** Words accepted in place of "units" (the glossary's canonical term for quantities). */
export const UNIT_SYNONYMS = ["items", "pieces", "articles"] as const;

/** Nouns accepted for the supplier of a site; "supplier" is the glossary's canonical one. */
export const SUPPLIER_NOUNS = ["supplier", "vendor", "provider", "source"] as const;

/** "Lyon-Depot", "Widget-7": a capitalised word, a hyphen, a capitalised word or a number. */
export const ENTITY_SOURCE = "[A-Z][a-z]+-(?:[A-Z][a-z]+|[0-9]+)(?![A-Za-z0-9-])";

const ATTR_ALT = ATTRIBUTE_NAMES.join("|");
const UNIT_ALT = ["units", ...UNIT_SYNONYMS, "people", "euros", "kg", "points"].join("|");
const NOUN_ALT = SUPPLIER_NOUNS.join("|");
const E = `(${ENTITY_SOURCE})`;

const ATTRIBUTE_FACT_RE = new RegExp(`\\b[Tt]he (${ATTR_ALT}) of ${E} is (\\d+) (?:${UNIT_ALT})\\b\\.?`, "g");
const SUPPLY_FACT_RE = new RegExp(`${E} supplies ${E}\\.?`, "g");
const SUPPLIER_NOUN_FACT_RE = new RegExp(`\\b[Tt]he (?:${NOUN_ALT}) of ${E} is ${E}\\.?`, "g");
const ENTITY_RE = new RegExp(ENTITY_SOURCE, "g");

/** "The <attribute> of <entity> is <value> <unit>." */
export interface AttributeFact {
  kind: "attribute";
  attribute: Attribute;
  entity: string;
  value: number;
}

/** "<supplier> supplies <customer>." */
export interface SupplyFact {
  kind: "supply";
  supplier: string;
  customer: string;
}

/** A fact of the controlled language. */
export type Fact = AttributeFact | SupplyFact;

/** A fact found in a text, with the span of its sentence. */
export interface LocatedFact {
  fact: Fact;
  start: number;
  end: number;
}

/** How to word a fact: the glossary's canonical terms by default. */
export interface FactWording {
  /** word used for the unit "units" (glossary: "units"). */
  units?: string;
  /** when set, a supply fact is worded "The <noun> of <customer> is <supplier>." */
  supplierNoun?: string;
}

/** Formats a fact as one sentence of the language (canonical wording unless told otherwise). */
export function formatFact(fact: Fact, wording: FactWording = {}): string {
  if (fact.kind === "supply") {
    return wording.supplierNoun
      ? `The ${wording.supplierNoun} of ${fact.customer} is ${fact.supplier}.`
      : `${fact.supplier} supplies ${fact.customer}.`;
  }
  const unit = ATTRIBUTES[fact.attribute].unit;
  const shown = unit === "units" && wording.units ? wording.units : unit;
  return `The ${fact.attribute} of ${fact.entity} is ${fact.value} ${shown}.`;
}

/** Stable identity of a fact's subject: a later fact with the same key replaces an earlier one. */
export function factKey(fact: Fact): string {
  return fact.kind === "attribute" ? `a|${fact.attribute}|${fact.entity}` : `s|${fact.customer}`;
}

/** True when two facts state the same thing. */
export function sameFact(a: Fact, b: Fact): boolean {
  return factKey(a) === factKey(b) && formatFact(a) === formatFact(b);
}

/** Every fact stated in `text`, in order of appearance. Accepts all wordings of the language. */
export function parseFacts(text: string): LocatedFact[] {
  const found: LocatedFact[] = [];
  for (const m of text.matchAll(ATTRIBUTE_FACT_RE)) {
    const fact: AttributeFact = {
      kind: "attribute",
      attribute: m[1] as Attribute,
      entity: m[2] as string,
      value: Number(m[3]),
    };
    found.push({ fact, start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(SUPPLY_FACT_RE)) {
    const fact: SupplyFact = { kind: "supply", supplier: m[1] as string, customer: m[2] as string };
    found.push({ fact, start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(SUPPLIER_NOUN_FACT_RE)) {
    const fact: SupplyFact = { kind: "supply", supplier: m[2] as string, customer: m[1] as string };
    found.push({ fact, start: m.index, end: m.index + m[0].length });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Distinct entity names in `text`, in order of first appearance. */
export function entitiesIn(text: string): string[] {
  return [...new Set(text.match(ENTITY_RE) ?? [])];
}

/** Plants are the roots of supply chains: "Which plant ultimately supplies X?" ends at one. */
export function isPlant(entity: string): boolean {
  return entity.endsWith("-Plant");
}

/** "A", "A and B", "A, B and C". */
export function formatList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** The facts known from a text: attribute values and who supplies whom (last statement wins). */
export class FactBook {
  private readonly values = new Map<string, AttributeFact>();
  private readonly suppliers = new Map<string, SupplyFact>();

  constructor(facts: Iterable<Fact> = []) {
    for (const f of facts) this.add(f);
  }

  /** Adds or replaces a fact. */
  add(fact: Fact): void {
    if (fact.kind === "attribute") this.values.set(`${fact.attribute}|${fact.entity}`, fact);
    else this.suppliers.set(fact.customer, fact);
  }

  /** The attribute fact for (attribute, entity), if stated. */
  attribute(attribute: Attribute, entity: string): AttributeFact | undefined {
    return this.values.get(`${attribute}|${entity}`);
  }

  /** The supply fact naming the supplier of `customer`, if stated. */
  supplierOf(customer: string): SupplyFact | undefined {
    return this.suppliers.get(customer);
  }

  /** All known facts. */
  all(): Fact[] {
    return [...this.values.values(), ...this.suppliers.values()];
  }

  /** Known attribute facts of one attribute. */
  ofAttribute(attribute: Attribute): AttributeFact[] {
    return [...this.values.values()].filter((f) => f.attribute === attribute);
  }

  /** Number of known facts. */
  get size(): number {
    return this.values.size + this.suppliers.size;
  }
}

/** Builds a {@link FactBook} from every fact stated in `text`. */
export function factBookOf(text: string): FactBook {
  return new FactBook(parseFacts(text).map((f) => f.fact));
}
