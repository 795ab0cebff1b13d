/**
 * @module runtime
 * The orchestrator and its public types.
 */

export type { Truncation } from "./answer-bounds.js";
export { type ConsensusPromptsOptions, consensusPrompts } from "./consensus-prompts.js";
export type { LoopStage, TickContext } from "./control-loop.js";
export { Orchestrator, type OrchestratorOptions, type SendInput } from "./orchestrator.js";
export type { PromptSpaceAdapter, PromptSpacePorts } from "./prompt-vectors.js";
export type { VerifiableTurn, Verifier } from "./runtime-context.js";
export type { AgentSummary } from "./summaries.js";
export type * from "./types.js";
