import { MemoryTurnBus } from "./memory-turn-bus.js";
import { runTurnBusSpec } from "./testing/turn-bus-spec.js";

runTurnBusSpec("memory", {
  create: async () => new MemoryTurnBus(),
  pushRaw: async (bus, agentId, fields) => (bus as MemoryTurnBus).pushRaw(agentId, fields),
});
