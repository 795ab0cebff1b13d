/**
 * @module eval/generator/jsonl
 * JSONL export and import of synthetic datasets: one conversation per line, validated with zod
 * on the way in. A malformed or truncated line is an InputError naming its line number.
 */
import { readFile, writeFile } from "node:fs/promises";
import { InputError } from "../../errors.js";
import { type SyntheticConversation, syntheticConversationSchema } from "./types.js";

/** Serialises conversations as JSONL (one JSON object per line, trailing newline). */
export function toJsonl(conversations: readonly SyntheticConversation[]): string {
  return conversations.map((c) => JSON.stringify(c)).join("\n") + (conversations.length > 0 ? "\n" : "");
}

/** Parses and validates JSONL text; blank lines are skipped. `source` names the input in errors. */
export function parseJsonl(text: string, source = "input"): SyntheticConversation[] {
  const out: SyntheticConversation[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (line.trim().length === 0) continue;
    const lineNumber = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new InputError(
        "invalid_dataset",
        `${source}:${lineNumber}: malformed JSON (${(error as Error).message})`,
        {
          source,
          line: lineNumber,
        },
      );
    }
    const parsed = syntheticConversationSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new InputError(
        "invalid_dataset",
        `${source}:${lineNumber}: invalid conversation at '${issue.path.join(".")}': ${issue.message}`,
        { source, line: lineNumber, path: issue.path.join(".") },
      );
    }
    out.push(parsed.data);
  }
  return out;
}

/** Writes conversations to `path` as JSONL. */
export async function writeJsonl(
  path: string,
  conversations: readonly SyntheticConversation[],
): Promise<void> {
  await writeFile(path, toJsonl(conversations), "utf8");
}

/** Reads and validates a JSONL dataset from `path`. */
export async function readJsonl(path: string): Promise<SyntheticConversation[]> {
  return parseJsonl(await readFile(path, "utf8"), path);
}
