/**
 * @module cli/configured-agents
 * Agents declared in a `rapo.config.{json,yaml,ts}` file, built through the AI SDK providers;
 * model names are checked against the servers at start-up.
 */
import { loadRapoFile } from "../config/file.js";
import type { RapoConfigInput } from "../config/schema.js";
import { createAgentSpecs } from "../models/providers/agent-specs.js";
import { assertAgentModels } from "../models/providers/check-models.js";
import { simulatedModelFactory } from "../models/simulated/simulated-model.js";
import type { AgentSpec } from "../runtime/types.js";

/** Loads, validates and builds the agents of a config file. */
export async function loadConfiguredAgents(
  path: string,
): Promise<{ agents: AgentSpec[]; config: RapoConfigInput }> {
  const file = await loadRapoFile(path);
  await assertAgentModels(file);
  const agents = createAgentSpecs(file, process.env, { simulatedFactory: simulatedModelFactory() });
  return { agents, config: (file.config ?? {}) as RapoConfigInput };
}
