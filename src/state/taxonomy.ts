/**
 * @module state/taxonomy
 * Task types × linguistic modalities: the rows and columns of the capability matrix M_i.
 * SPEC §2 names a 10 × 5 default; users may declare their own (one task type per business
 * domain, say) and the classifier and capability matrices follow the declaration.
 */
import { z } from "zod";
import { ConfigError } from "../errors.js";

/** One category of the taxonomy: a task type or a modality. */
export const categorySchema = z.object({
  /** stable identifier, e.g. `math`. */
  id: z
    .string()
    .min(1)
    .regex(/^[a-z0-9_-]+$/i),
  /** short human description; also used by the classifier. */
  description: z.string().default(""),
  /** example utterances: the classifier learns its prototypes from them. */
  examples: z.array(z.string().min(1)).default([]),
  /** cue words that strongly indicate this category. */
  keywords: z.array(z.string().min(1)).default([]),
});

export type Category = z.infer<typeof categorySchema>;
export type CategoryInput = z.input<typeof categorySchema>;

/** The taxonomy: m task types and l modalities. */
export interface Taxonomy {
  readonly taskTypes: readonly Category[];
  readonly modalities: readonly Category[];
}

export interface TaxonomyInput {
  taskTypes: CategoryInput[];
  modalities: CategoryInput[];
}

/** SPEC §2: the 10 task types of the default taxonomy. */
export const DEFAULT_TASK_TYPES: CategoryInput[] = [
  {
    id: "retrieval",
    description: "find or look up stored information",
    keywords: ["find", "look", "lookup", "search", "where", "list", "show", "retrieve", "which", "fetch"],
    examples: ["Find the invoice for order 1182", "Where is the Lyon warehouse located?"],
  },
  {
    id: "problem_solving",
    description: "work out a solution to a practical problem",
    keywords: [
      "solve",
      "fix",
      "plan",
      "optimize",
      "optimise",
      "resolve",
      "schedule",
      "decide",
      "troubleshoot",
    ],
    examples: ["How do I fix the failing deployment?", "Plan the delivery route for three trucks"],
  },
  {
    id: "creative",
    description: "write or invent original content",
    keywords: [
      "write",
      "story",
      "poem",
      "imagine",
      "invent",
      "slogan",
      "creative",
      "compose",
      "draft",
      "tagline",
    ],
    examples: ["Write a short story about a lighthouse", "Invent a slogan for the bakery"],
  },
  {
    id: "grammar",
    description: "check or rewrite language, syntax and style",
    keywords: [
      "grammar",
      "rephrase",
      "rewrite",
      "correct",
      "sentence",
      "clause",
      "syntax",
      "punctuation",
      "parse",
    ],
    examples: ["Correct the grammar of this sentence", "Rephrase the clause in passive voice"],
  },
  {
    id: "knowledge",
    description: "explain facts about entities and their relations",
    keywords: ["who", "what", "explain", "define", "history", "relation", "entity", "fact", "known", "about"],
    examples: ["Who founded the company and when?", "Explain the relation between these suppliers"],
  },
  {
    id: "reasoning",
    description: "multi-step logical inference",
    keywords: [
      "why",
      "therefore",
      "infer",
      "deduce",
      "because",
      "implies",
      "conclude",
      "if",
      "then",
      "reason",
    ],
    examples: [
      "If A supplies B and B supplies C, who supplies C indirectly?",
      "Why does that conclusion follow?",
    ],
  },
  {
    id: "math",
    description: "calculate quantities",
    keywords: [
      "calculate",
      "compute",
      "sum",
      "total",
      "average",
      "percent",
      "how",
      "many",
      "much",
      "multiply",
      "difference",
    ],
    examples: ["What is the total stock of both warehouses?", "Compute 15 percent of 240"],
  },
  {
    id: "code",
    description: "write, read or debug program code",
    keywords: ["code", "function", "bug", "compile", "typescript", "python", "sql", "api", "debug", "script"],
    examples: ["Write a TypeScript function that sorts users", "Why does this SQL query fail?"],
  },
  {
    id: "summarisation",
    description: "condense earlier content",
    keywords: [
      "summarise",
      "summarize",
      "summary",
      "recap",
      "brief",
      "tldr",
      "condense",
      "overview",
      "outline",
    ],
    examples: ["Summarise what we agreed so far", "Give me a brief recap of the report"],
  },
  {
    id: "dialogue",
    description: "manage the conversation itself: greetings, clarification, closing",
    keywords: ["hello", "hi", "thanks", "thank", "bye", "clarify", "mean", "sorry", "again", "okay"],
    examples: ["Hello, can you help me?", "Thanks, that is all for today"],
  },
];

/** SPEC §2: the 5 linguistic modalities of the default taxonomy. */
export const DEFAULT_MODALITIES: CategoryInput[] = [
  {
    id: "question",
    description: "a question",
    keywords: ["?", "what", "who", "how", "why", "when", "where", "which"],
    examples: ["What is the total?"],
  },
  {
    id: "instruction",
    description: "an imperative request",
    keywords: ["please", "write", "give", "make", "list", "compute", "find"],
    examples: ["List the suppliers."],
  },
  {
    id: "narrative",
    description: "a statement or story",
    keywords: ["was", "were", "then", "once", "had"],
    examples: ["The shipment arrived late on Monday."],
  },
  {
    id: "dialogue",
    description: "conversational exchange",
    keywords: ["hello", "thanks", "you", "i", "okay", "sure"],
    examples: ["Thanks, that helps!"],
  },
  {
    id: "structured",
    description: "structured data: tables, lists, code, JSON",
    keywords: ["{", "|", "=", ":", ";", "csv", "json"],
    examples: ["id | name | stock"],
  },
];

/** Validates a taxonomy declaration; rejects empty lists and duplicate ids. */
export function resolveTaxonomy(input?: TaxonomyInput): Taxonomy {
  const raw = input ?? { taskTypes: DEFAULT_TASK_TYPES, modalities: DEFAULT_MODALITIES };
  const taskTypes = parseCategories(raw.taskTypes, "taxonomy.taskTypes");
  const modalities = parseCategories(raw.modalities, "taxonomy.modalities");
  return { taskTypes, modalities };
}

function parseCategories(list: CategoryInput[], field: string): Category[] {
  if (!Array.isArray(list) || list.length === 0) {
    throw new ConfigError(`invalid config '${field}': must declare at least one category`, {
      field,
      value: list,
    });
  }
  const parsed = list.map((c, i) => {
    const r = categorySchema.safeParse(c);
    if (!r.success) {
      throw new ConfigError(`invalid config '${field}.${i}': ${r.error.issues[0]?.message}`, {
        field,
        value: c,
      });
    }
    return r.data;
  });
  const seen = new Set<string>();
  for (const c of parsed) {
    if (seen.has(c.id))
      throw new ConfigError(`invalid config '${field}': duplicate id '${c.id}'`, { field, value: c.id });
    seen.add(c.id);
  }
  return parsed;
}

/** Index of a task type by id, or -1. */
export function taskIndexOf(taxonomy: Taxonomy, id: string): number {
  return taxonomy.taskTypes.findIndex((t) => t.id === id);
}
