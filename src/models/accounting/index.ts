/**
 * @module models/accounting
 * Tokens and estimated cost per turn, agent and conversation; token estimates when a provider
 * reports none; handoff-packet size in tokens.
 */
export { BoundedMap } from "../../util/bounded-map.js";
export { estimateCost, type Pricing, type TokenUsage } from "./cost.js";
export {
  estimateHandoffTokens,
  estimatePromptTokens,
  estimateTokens,
  MESSAGE_OVERHEAD_TOKENS,
} from "./estimate-tokens.js";
export {
  emptyTotals,
  type UsageEntry,
  UsageLedger,
  type UsageLedgerOptions,
  type UsageRecord,
  type UsageTotals,
} from "./usage-ledger.js";
