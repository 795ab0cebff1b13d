/**
 * @module models/simulated/directives
 * Which prompt components the simulated model was given. It looks for the exact directive
 * phrases of the default component bank in its system prompt; those phrases are the only way an
 * orchestrator can shape its wording, which is what makes prompt consensus measurable.
 */
import { DIRECTIVES } from "../../state/prompt-components.js";

/** Name of a directive of the default component bank. */
export type DirectiveName = keyof typeof DIRECTIVES;

/** For each directive, whether its phrase is present in the system prompt. */
export type DirectiveSet = Readonly<Record<DirectiveName, boolean>>;

const NAMES = Object.keys(DIRECTIVES) as DirectiveName[];

/** Detects the directives whose exact phrase appears in `system`. */
export function detectDirectives(system: string): DirectiveSet {
  const set = {} as Record<DirectiveName, boolean>;
  for (const name of NAMES) set[name] = system.includes(DIRECTIVES[name]);
  return set;
}
