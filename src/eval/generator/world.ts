/**
 * @module eval/generator/world
 * The hidden world of one synthetic conversation: sites linked by supply chains that start at
 * plants, products, and attribute values. Entity names are hyphenated capitalised identifiers
 * drawn from seeded word lists ("Lyon-Depot", "Widget-7"). Every value is distinct within a
 * world, so a wrong answer can never coincide with a right one by accident.
 */
import { type Attribute, type Fact, FactBook, factKey } from "../../models/simulated/fact-language.js";
import type { Prng } from "../../util/random.js";

/** Cities for site names (none is a cue word of the taxonomy). */
export const CITY_WORDS: readonly string[] = (
  "Lyon Paris Nice Lille Brest Rennes Nantes Dijon Metz Tours Reims Arles Amiens Caen Rouen Nancy " +
  "Orleans Vichy Annecy Bayonne Calais Cannes Colmar Dieppe Evian Grasse Laval Lorient Macon " +
  "Menton Nimes Pau Quimper Roanne Sedan Tarbes Toulon Troyes Valence Vannes Agen Albi Angers " +
  "Auxerre Belfort Blois Bourges Cahors Chartres Cholet Dax Epinal Gap Limoges Lourdes Millau " +
  "Morlaix Niort Poitiers Rodez Royan Saintes Sete Vienne Beaune Bergerac"
).split(" ");

/** Kinds of non-root site. Roots are always "-Plant". */
export const SITE_KINDS = ["Depot", "Store", "Hub", "Warehouse"] as const;

/** Product nouns (none is a cue word of the taxonomy). */
export const PRODUCT_WORDS: readonly string[] = (
  "Widget Gizmo Sprocket Gadget Bracket Valve Gear Bolt Lever Piston Rotor Spindle Flange Hinge " +
  "Pulley Clamp Nozzle Socket Washer Coupler Bearing Rivet Gasket Crank Ratchet Damper Bushing " +
  "Caster Toggle Shim"
).split(" ");

const SITE_ATTRIBUTES: Attribute[] = ["stock", "capacity", "demand", "staff"];
const PRODUCT_ATTRIBUTES: Attribute[] = ["price", "weight", "rating"];
const VALUE_RANGE = { min: 100, max: 9999 };
const MAX_CHAIN_NODES = 9;
const LONG_CHAIN_NODES = { min: 6, max: 9 };

/** One conversation's world. */
export interface World {
  sites: string[];
  products: string[];
  /** supply paths, each from its plant (index 0) down to its last customer. */
  chains: string[][];
  /** all facts, mandatory ones (supply links, product prices) first. */
  facts: Fact[];
  book: FactBook;
  /** every attribute value used (all distinct). */
  values: Set<number>;
}

/**
 * Fact counts a world of `entities` entities can have: `min` bounds the mandatory facts (every
 * supply link and every product price) from above, `max` counts every possible fact.
 */
export function relationBounds(entities: number): { min: number; max: number } {
  const { sites, products } = split(entities);
  const links = sites - 1;
  return {
    min: links + products,
    max: links + sites * SITE_ATTRIBUTES.length + products * PRODUCT_ATTRIBUTES.length,
  };
}

function split(entities: number): { sites: number; products: number } {
  const products = Math.max(1, Math.round(entities * 0.25));
  return { sites: entities - products, products };
}

/** Builds a world with exactly `entities` entities and `relations` facts (clamped to what fits). */
export function buildWorld(rng: Prng, entities: number, relations: number): World {
  const { sites: siteCount, products: productCount } = split(entities);
  const chains = chainShapes(rng, siteCount).map((size) => chainKinds(rng, size));
  const names = rng.shuffle(CITY_WORDS).slice(0, siteCount);
  let n = 0;
  const named = chains.map((chain) => chain.map((kind) => `${names[n++]}-${kind}`));
  const products = rng
    .shuffle(PRODUCT_WORDS)
    .slice(0, productCount)
    .map((word) => `${word}-${rng.int(2, 99)}`);
  const sites = named.flat();
  const values = new Set<number>();
  const value = () => freshValue(rng, values);
  const facts: Fact[] = [];
  for (const chain of named) {
    for (let i = 1; i < chain.length; i++)
      facts.push({ kind: "supply", supplier: chain[i - 1]!, customer: chain[i]! });
  }
  for (const p of products) facts.push({ kind: "attribute", attribute: "price", entity: p, value: value() });
  const optional = [
    ...rng.shuffle(sites).map((e) => ["stock", e] as const),
    ...rng.shuffle([
      ...sites.flatMap((e) => SITE_ATTRIBUTES.slice(1).map((a) => [a, e] as const)),
      ...products.flatMap((e) => PRODUCT_ATTRIBUTES.slice(1).map((a) => [a, e] as const)),
    ]),
  ];
  for (const [attribute, entity] of optional) {
    if (facts.length >= relations) break;
    facts.push({ kind: "attribute", attribute, entity, value: value() });
  }
  const unique = new Map(facts.map((f) => [factKey(f), f]));
  return { sites, products, chains: named, facts: [...unique.values()], book: new FactBook(facts), values };
}

/** Splits `sites` into chain sizes (2–9 nodes); the first chain is long when there is room. */
function chainShapes(rng: Prng, sites: number): number[] {
  const sizes: number[] = [];
  let left = sites;
  if (left >= LONG_CHAIN_NODES.min) {
    const first = Math.min(left, rng.int(LONG_CHAIN_NODES.min, LONG_CHAIN_NODES.max));
    sizes.push(first);
    left -= first;
  }
  while (left > 0) {
    let size = Math.min(left, rng.int(2, 6));
    if (left - size === 1) size = size < MAX_CHAIN_NODES ? size + 1 : size - 1;
    sizes.push(size);
    left -= size;
  }
  // A single leftover site joins the previous chain (or a short chain gives it a partner).
  const last = sizes[sizes.length - 1]!;
  if (last === 1 && sizes.length > 1) {
    sizes.pop();
    const prev = sizes.pop()!;
    if (prev < MAX_CHAIN_NODES) sizes.push(prev + 1);
    else sizes.push(prev - 1, 2);
  }
  return sizes;
}

function chainKinds(rng: Prng, size: number): string[] {
  return Array.from({ length: size }, (_, i) => (i === 0 ? "Plant" : rng.pick(SITE_KINDS)));
}

function freshValue(rng: Prng, used: Set<number>): number {
  for (;;) {
    const v = rng.int(VALUE_RANGE.min, VALUE_RANGE.max);
    if (!used.has(v)) {
      used.add(v);
      return v;
    }
  }
}
