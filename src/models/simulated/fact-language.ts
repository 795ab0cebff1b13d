/**
 * @module models/simulated/fact-language
 * The small controlled language shared by the synthetic generator and the simulated model:
 * facts ("The stock of Lyon-Depot is 420 units.", "Lyon-Depot supplies Nice-Store."), questions
 * (lookup, sum, difference, comparison, supply chains, rephrasing, slogans) and the computation
 * of an answer from the facts at hand. The generator formats facts and computes its answer key
 * with {@link computeAnswer}; the simulated model parses the facts present in the prompt it is
 * sent and runs the same computation, so a fact is known to it exactly when it reached the prompt.
 */
export * from "./facts.js";
export * from "./question-language.js";
