/**
 * @module eval/methods/prompt-adapters
 * Prompt-space adapters of the evaluated methods. Every adapter renders components of the default
 * bank into the system prompt, so all methods shape the simulated model through the same
 * directives; they differ in who chooses the components and from which outcomes:
 *
 * - {@link staticPromptSpace}: rapo's P_i in the prompt-component space, rendered top-k (the
 *   renderer consensus moves; without consensus P_i keeps its PCA-initialised value).
 * - {@link ampoPrompts}: per agent, a bandit over branches (candidate component sets), on the
 *   agent's own verified outcomes.
 * - {@link p4Prompts}: per agent, a personalised set starting from the agent's role pattern,
 *   refined by single edits on the agent's own verified outcomes.
 * - {@link clinicalPrompts}: per task domain, a set starting from the domain's role pattern,
 *   refined by single edits on the verified outcomes of that domain's turns (whoever served them);
 *   an agent renders the set of its primary domain.
 *
 * Optimisers learn from verifier feedback only (`source: "feedback"`), not from rapo's implicit
 * signals, so their objective is exactly the task success they are judged on.
 */
import type { PendingOutcome } from "../../runtime/outcomes.js";
import type { PromptSpaceAdapter } from "../../runtime/prompt-vectors.js";
import { DEFAULT_PROMPT_COMPONENTS } from "../../state/prompt-components.js";
import { DEFAULT_PROMPT_PATTERNS, optionsFromConfig, PromptSpace } from "../../state/prompt-space.js";
import { BranchBandit, ComponentHillClimb, type ComponentSet } from "./prompt-search.js";
import type { MethodEnv } from "./types.js";

const BANK = DEFAULT_PROMPT_COMPONENTS.map((c) => c.id);
const TEXT = new Map(DEFAULT_PROMPT_COMPONENTS.map((c) => [c.id, c.text]));

/** Outcomes a prompt optimiser is trained on (trials per edit, branches…). */
export const PROMPT_SEARCH = {
  /** outcomes per AMPO branch before exploiting. */
  branchTrials: 12,
  /** UCB coefficient of the AMPO bandit. */
  branchExploration: 0.15,
  /** AMPO branches per agent (the role's pattern first, then patterns spread over the bank). */
  branches: 6,
  /** outcomes per edit of the P4 / clinical hill climb. */
  editTrials: 16,
} as const;

/** The prompt space of the environment (PCA basis over the default patterns). */
export function promptSpaceOf(env: MethodEnv): PromptSpace {
  return PromptSpace.createSync({ embedder: env.embedder, ...optionsFromConfig(env.config) });
}

function texts(ids: ComponentSet): string[] {
  return ids.map((id) => TEXT.get(id) ?? id);
}

function isVerdict(o: PendingOutcome): boolean {
  return o.source === "feedback";
}

/** rapo without a consensus adapter: P_i rendered from the prompt space (top-k above threshold). */
export function staticPromptSpace(env: MethodEnv): PromptSpaceAdapter {
  const space = promptSpaceOf(env);
  return {
    initialVector: (spec, index) => space.initialVector(spec.role, undefined, env.config.state.seed + index),
    components: (agent) => space.render(agent.learned.prompt).map((c) => c.text),
  };
}

/** AMPO-style multi-branch prompts per agent. */
export function ampoPrompts(env: MethodEnv): PromptSpaceAdapter & { bandits: BranchBandit[] } {
  const space = promptSpaceOf(env);
  const bandits = env.cast.map(
    (member, i) =>
      new BranchBandit(branchesFor(space, member.role, i), {
        minTrials: PROMPT_SEARCH.branchTrials,
        exploration: PROMPT_SEARCH.branchExploration,
      }),
  );
  return {
    bandits,
    initialVector: (spec, index) => space.initialVector(spec.role, undefined, env.config.state.seed + index),
    components: (agent) => texts(bandits[agent.index]?.active() ?? []),
    outcomeObservers: () => [
      (o) => {
        if (isVerdict(o)) bandits[o.agentIndex]?.record(o.outcome);
      },
    ],
  };
}

/** The role's own pattern, then other patterns of the bank spread by the agent's index. */
function branchesFor(space: PromptSpace, role: string, index: number): ComponentSet[] {
  const own = space.defaultComponents(role);
  const out: ComponentSet[] = [own];
  const patterns = DEFAULT_PROMPT_PATTERNS;
  const stride = 5; // coprime with the 24 default patterns, so branches differ across agents
  for (let k = 0; out.length < PROMPT_SEARCH.branches && k < patterns.length; k++) {
    const candidate = patterns[(index * 7 + k * stride) % patterns.length]!.components;
    if (!out.some((b) => sameSet(b, candidate))) out.push(candidate);
  }
  return out;
}

function sameSet(a: ComponentSet, b: ComponentSet): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

/** P4-style personalised prompts per agent. */
export function p4Prompts(env: MethodEnv): PromptSpaceAdapter & { climbs: ComponentHillClimb[] } {
  const space = promptSpaceOf(env);
  const climbs = env.cast.map(
    (member) => new ComponentHillClimb(space.defaultComponents(member.role), climbOptions(env)),
  );
  return {
    climbs,
    initialVector: (spec, index) => space.initialVector(spec.role, undefined, env.config.state.seed + index),
    components: (agent) => texts(climbs[agent.index]?.active() ?? []),
    outcomeObservers: () => [
      (o) => {
        if (isVerdict(o)) climbs[o.agentIndex]?.record(o.outcome);
      },
    ],
  };
}

function climbOptions(env: MethodEnv) {
  return { bank: BANK, maxComponents: env.config.promptSpace.topK, trialSize: PROMPT_SEARCH.editTrials };
}

/** Clinical-style prompt refinement per task domain. */
export function clinicalPrompts(
  env: MethodEnv,
): PromptSpaceAdapter & { domains: Map<string, ComponentHillClimb> } {
  const space = promptSpaceOf(env);
  const domainOfAgent = env.cast.map((m) => m.specialties[0] ?? "general");
  // a task type belongs to the primary domain of the first agent declaring it, else "general"
  const domainOfTask = env.taxonomy.taskTypes.map((t) => {
    const i = env.cast.findIndex((m) => m.specialties.includes(t.id));
    return i < 0 ? "general" : domainOfAgent[i]!;
  });
  const domains = new Map<string, ComponentHillClimb>();
  env.cast.forEach((m, i) => {
    const domain = domainOfAgent[i]!;
    if (!domains.has(domain))
      domains.set(domain, new ComponentHillClimb(space.defaultComponents(m.role), climbOptions(env)));
  });
  if (!domains.has("general"))
    domains.set(
      "general",
      new ComponentHillClimb(space.defaultComponents("general assistant"), climbOptions(env)),
    );
  return {
    domains,
    initialVector: (spec, index) => space.initialVector(spec.role, undefined, env.config.state.seed + index),
    components: (agent) => texts(domains.get(domainOfAgent[agent.index] ?? "general")?.active() ?? []),
    outcomeObservers: () => [
      (o) => {
        if (isVerdict(o)) domains.get(domainOfTask[o.task] ?? "general")?.record(o.outcome);
      },
    ],
  };
}
