/**
 * @module rapo
 * Reasoning-aware prompt orchestration: route each turn to the agent most likely to succeed that
 * is not overloaded, hand conversations between specialists with a handoff packet, learn agents'
 * capabilities online, and keep neighbouring agents' prompts consistent through consensus.
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
export * from "./routing/index.js";
export * from "./runtime/index.js";
