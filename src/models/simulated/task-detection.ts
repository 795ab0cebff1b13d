/**
 * @module models/simulated/task-detection
 * The simulated model's own guess of a message's task type: it counts the cue words of each
 * task type of the taxonomy. Deliberately independent of rapo's classifier, so that a routing
 * mistake of the classifier stays a mistake instead of being mirrored by the model.
 */
import { type CategoryInput, DEFAULT_TASK_TYPES } from "../../state/taxonomy.js";

/** Maps a message to a task type id. */
export type TaskDetector = (text: string) => string;

const WORD_RE = /[a-z]+/g;

/**
 * Builds a detector over `taskTypes` (default: the SPEC §2 taxonomy). The task type with the
 * most cue-word hits wins, ties go to the earlier type, and a message without any cue word goes
 * to `fallback` (default: `dialogue` when declared, else the first type).
 */
export function createTaskDetector(
  taskTypes: readonly CategoryInput[] = DEFAULT_TASK_TYPES,
  fallback?: string,
): TaskDetector {
  if (taskTypes.length === 0) throw new RangeError("createTaskDetector needs at least one task type");
  const index = new Map<string, number[]>();
  taskTypes.forEach((t, i) => {
    for (const k of t.keywords ?? []) {
      const key = k.toLowerCase();
      const list = index.get(key) ?? [];
      if (!list.includes(i)) list.push(i);
      index.set(key, list);
    }
  });
  const defaultId = fallback ?? (taskTypes.some((t) => t.id === "dialogue") ? "dialogue" : taskTypes[0]!.id);
  const scores = new Int32Array(taskTypes.length);
  return (text) => {
    scores.fill(0);
    for (const word of text.toLowerCase().match(WORD_RE) ?? []) {
      const hits = index.get(word);
      if (hits) for (const i of hits) scores[i] = (scores[i] as number) + 1;
    }
    let best = -1;
    let bestScore = 0;
    for (let i = 0; i < scores.length; i++) {
      if ((scores[i] as number) > bestScore) {
        best = i;
        bestScore = scores[i] as number;
      }
    }
    return best < 0 ? defaultId : taskTypes[best]!.id;
  };
}
