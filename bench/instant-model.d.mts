import type { LanguageModelV3 } from "@ai-sdk/provider";

/** A model that answers at once with a fact-bearing sentence: no model cost in the figures. */
export declare function instantModel(id: string): LanguageModelV3;
