/**
 * @module runtime/outcome-evidence
 * A conversation's outcome evidence (issues 10 and 11, `routing.outcomeEvidence`): outcomes are
 * evidence about what the conversation is about, not only about the agent. When a specialist
 * fails a turn the classifier gave to its task type, that type becomes less likely for the
 * conversation; when it succeeds, more likely. The conversation keeps the log-likelihood of its
 * outcomes per task type (from the contextual model's posterior means), fading by the retention
 * λ per turn so a topic change is not held against; routing reads the turn's task distribution
 * corrected by it, so the next turn of a conversation its agent got wrong goes to the agent
 * strong on the next most likely task type, and a conversation its agent gets right stays.
 */
import type { ConversationState } from "./conversation-state.js";
import type { RuntimeContext } from "./runtime-context.js";

/** What noting outcome evidence reads: the agents (and the routing model), the config, live conversations. */
export type OutcomeEvidencePorts = Pick<RuntimeContext, "agents" | "config" | "conversations">;

/** Fades the conversation's outcome evidence by `retention` at a new turn (0 drops it). */
export function fadeOutcomeEvidence(conversation: ConversationState, retention: number): void {
  const evidence = conversation.outcomeEvidence;
  if (evidence === null) return;
  if (retention <= 0) {
    conversation.outcomeEvidence = null;
    return;
  }
  for (let j = 0; j < evidence.length; j++) evidence[j] = evidence[j]! * retention;
}

/**
 * Adds an explicit outcome (feedback, verifier) of `agentIndex` to its conversation's evidence,
 * when the conversation is live and the setting is on. O(task types), on the request path: the
 * next turn of the conversation may come before the control loop's next tick.
 */
export function noteOutcomeEvidence(
  ctx: OutcomeEvidencePorts,
  conversationId: string | undefined,
  agentIndex: number,
  outcome: number,
): void {
  const model = ctx.agents.table.contextual;
  if (
    ctx.config.routing.outcomeEvidence <= 0 ||
    !ctx.config.routing.learnCapabilities ||
    model === null ||
    conversationId === undefined
  )
    return;
  const conversation = ctx.conversations.peek(conversationId);
  if (conversation === undefined) return;
  conversation.outcomeEvidence ??= new Float64Array(model.dim);
  model.addOutcomeEvidence(agentIndex, outcome, conversation.outcomeEvidence);
}
