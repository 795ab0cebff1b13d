/**
 * @module eval/scenario
 * Scenarios as data: the zod schema of a scenario file, the loader (built-in names or files) and
 * what the runner derives from a scenario (cast, generator options, offered load, base config).
 */
export {
  BUILTIN_SCENARIOS,
  type BuiltinScenario,
  builtinScenarioPath,
  isBuiltinScenario,
  loadScenario,
  packageRoot,
  parseScenario,
  validateScenario,
} from "./loader.js";
export {
  type Scenario,
  type ScenarioAgent,
  type ScenarioInput,
  scenarioAgentSchema,
  scenarioSchema,
} from "./schema.js";
export { baseConfigOf, castOf, concurrencyAt, generatorOptionsOf, totalSlots } from "./world.js";
