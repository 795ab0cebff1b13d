/**
 * @module cli/generate
 * `rapo generate`: writes a seeded synthetic dataset (SPEC §10) with its answer key as JSONL.
 */
import { InputError } from "../errors.js";
import { generateDataset } from "../eval/generator/generate.js";
import { writeJsonl } from "../eval/generator/jsonl.js";

/** Options of `rapo generate`. */
export interface GenerateOptions {
  conversations: number;
  seed: number;
  out: string;
}

/** Generates and writes the dataset, then prints a one-line summary. */
export async function runGenerate(options: GenerateOptions, out: (line: string) => void): Promise<void> {
  const dataset = generateDataset({ conversations: options.conversations, seed: options.seed });
  try {
    await writeJsonl(options.out, dataset);
  } catch (error) {
    throw new InputError(
      "output_not_writable",
      `cannot write the dataset to '${options.out}': ${(error as Error).message}`,
      {
        path: options.out,
      },
    );
  }
  const turns = dataset.reduce((n, c) => n + c.turns.length, 0);
  const transitions = dataset.reduce((n, c) => n + c.transitions, 0);
  out(
    `wrote ${dataset.length} conversations (${turns} turns, ${transitions} specialist transitions, seed ${options.seed}) to ${options.out}`,
  );
}
