/**
 * @module rapo
 * Reasoning-aware prompt orchestration: route each turn to the agent most likely to succeed that
 * is not overloaded, hand conversations between specialists with a handoff packet, learn agents'
 * capabilities online, and keep neighbouring agents' prompts consistent through consensus.
 *
 * The root export is the orchestrator and what a user needs beside it; subpaths (`rapo/models`,
 * `rapo/state`, `rapo/store`, `rapo/eval`, `rapo/routing`, `rapo/consensus`) hold the rest.
 *
 * ```ts
 * import { Orchestrator, simulatedModel } from "rapo";
 * const rapo = await Orchestrator.create({ agents: [{ id: "a", role: "analyst", model: simulatedModel({ id: "a" }) }] });
 * const reply = await rapo.send({ content: "What is the total stock of Lyon-Depot?" });
 * await rapo.feedback(reply.turnId, 1);
 * ```
 */
export * from "./config/index.js";
export * from "./errors.js";
export { scriptedModel } from "./models/scripted-model.js";
export { createSimClock } from "./models/simulated/scheduler.js";
export { simulatedModel, simulatedModelFactory } from "./models/simulated/simulated-model.js";
export { adaptiveRouting, type RoutingPolicy } from "./routing/router.js";
export * from "./runtime/index.js";
export { asEmbeddingModel, fromEmbeddingModel, LocalEmbedder } from "./state/embedding.js";
export type { TaxonomyInput } from "./state/taxonomy.js";
export { MemoryStore } from "./store/memory-store.js";
export { openStore } from "./store/open-store.js";
// the class is in `rapo/store`: exporting it here would load better-sqlite3 with every import
export type { SqliteStore, SqliteStoreOptions } from "./store/sqlite-store.js";
