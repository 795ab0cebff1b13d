/**
 * @module config/file
 * Loads and validates a rapo config file: `rapo.config.json`, `.yaml`/`.yml`, or
 * `.ts`/`.mts`/`.js`/`.mjs` (default export: the object, or a function returning it).
 * A `.ts` file is loaded by dynamic import, so it needs a TypeScript loader: the `rapo` CLI runs
 * under tsx; elsewhere run `node --import tsx` (vitest also handles it).
 *
 * Every error is a ConfigError naming the file, the agent and the field: unknown provider,
 * duplicate agent id, an API key written in the file, a missing API key variable, a missing
 * `baseURL` for an OpenAI-compatible endpoint, a GGUF file that does not exist.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, extname, isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { ConfigError } from "../errors.js";
import {
  AGENT_PROVIDERS,
  type AgentEntry,
  DEFAULT_API_KEY_ENV,
  type EmbeddingEntry,
  type RapoFile,
  rapoFileSchema,
} from "./agents-file.js";
import { configErrorOf } from "./resolve.js";
import { configSchema } from "./schema.js";
import { knownKeysAt, suggestKey } from "./unknown-keys.js";

/** Where the file came from and what environment to check API key variables against. */
export interface ParseOptions {
  /** environment for API key checks (default `process.env`); `false` skips them. */
  env?: NodeJS.ProcessEnv | false;
  /** file name used in messages. */
  source?: string;
  /** directory relative GGUF paths are resolved against (default: the process's cwd). */
  baseDir?: string;
}

/** Loads, parses and validates the config file at `path`. */
export async function loadRapoFile(
  path: string,
  options: Omit<ParseOptions, "source" | "baseDir"> = {},
): Promise<RapoFile> {
  const absolute = resolve(path);
  const raw = await readRaw(absolute);
  return parseRapoFile(raw, { ...options, source: absolute, baseDir: dirname(absolute) });
}

async function readRaw(path: string): Promise<unknown> {
  const ext = extname(path).toLowerCase();
  if ([".ts", ".mts", ".js", ".mjs"].includes(ext)) return importModule(path, ext);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ConfigError(
      `cannot read config file ${path}: ${(error as Error).message}`,
      { file: path },
      error,
    );
  }
  try {
    if (ext === ".json") return JSON.parse(text);
    if (ext === ".yaml" || ext === ".yml") return parseYaml(text);
  } catch (error) {
    throw new ConfigError(
      `config file ${path} is not valid ${ext.slice(1)}: ${(error as Error).message}`,
      { file: path },
      error,
    );
  }
  throw new ConfigError(
    `config file ${path}: unsupported extension '${ext}' (use .json, .yaml, .yml, .ts, .js or .mjs)`,
    {
      file: path,
    },
  );
}

async function importModule(path: string, ext: string): Promise<unknown> {
  if (!existsSync(path))
    throw new ConfigError(`cannot read config file ${path}: no such file`, { file: path });
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const hint =
      code === "ERR_UNKNOWN_FILE_EXTENSION" && ext.endsWith("ts")
        ? " (a .ts config needs a TypeScript loader: use the rapo CLI, or run node with --import tsx)"
        : "";
    throw new ConfigError(
      `cannot load config file ${path}${hint}: ${(error as Error).message}`,
      { file: path },
      error,
    );
  }
  const exported = module.default ?? module;
  return typeof exported === "function" ? await (exported as () => unknown)() : exported;
}

/** Validates an already-parsed config object (e.g. from a `.ts` file or a test). */
export function parseRapoFile(input: unknown, options: ParseOptions = {}): RapoFile {
  const where = options.source === undefined ? "config" : `config file ${options.source}`;
  rejectLiteralKeys(input, where);
  const parsed = rapoFileSchema.safeParse(input);
  if (!parsed.success) throw fromZod(parsed.error, input, where);
  checkConfigSection(parsed.data.config, where);
  const file: RapoFile = { ...parsed.data, source: options.source };
  checkDuplicateIds(file.agents, where);
  for (const [index, agent] of file.agents.entries()) {
    checkAgent(agent, index, where, options);
  }
  if (file.embedding !== undefined && options.env !== false) {
    checkEmbedding(file.embedding, where, options.env ?? process.env);
  }
  if (file.judge !== undefined && options.env !== false) {
    checkApiKey(file.judge, "judge", where, options.env ?? process.env);
  }
  return file;
}

/** "agent 'writer' (agents[2])", or "agents[2]" when the entry has no usable id. */
function agentLabel(input: unknown, index: number): string {
  const id = (input as { agents?: { id?: unknown }[] } | null)?.agents?.[index]?.id;
  return typeof id === "string" && id !== "" ? `agent '${id}' (agents[${index}])` : `agents[${index}]`;
}

function fail(
  where: string,
  who: string,
  field: string,
  message: string,
  details: Record<string, unknown> = {},
): never {
  throw new ConfigError(`${where}: ${who}: field '${field}': ${message}`, { field, ...details });
}

function rejectLiteralKeys(input: unknown, where: string): void {
  const agents = (input as { agents?: unknown } | null)?.agents;
  const entries: [string, unknown][] = Array.isArray(agents)
    ? agents.map((a, i) => [agentLabel(input, i), a])
    : [];
  entries.push(["embedding", (input as { embedding?: unknown } | null)?.embedding]);
  for (const [who, entry] of entries) {
    if (entry === null || typeof entry !== "object") continue;
    for (const key of ["apiKey", "api_key", "key"]) {
      if (key in entry) {
        fail(
          where,
          who,
          key,
          "API keys are never read from the config file; put the key in an environment variable and name that variable in 'apiKeyEnv'",
        );
      }
    }
  }
}

/** The `config` section is checked here too, so a typo fails naming the file (issue 12/13). */
function checkConfigSection(config: unknown, where: string): void {
  if (config === undefined) return;
  const parsed = configSchema.safeParse(config);
  if (parsed.success) return;
  const error = configErrorOf(parsed.error, config, "config");
  const field = `config.${String(error.details["field"])}`;
  const suggestion = error.details["suggestion"];
  const problem =
    error.details["unknownKeys"] !== undefined
      ? `is unknown${suggestion === undefined ? "" : ` (did you mean '${String(suggestion)}'?)`}`
      : error.message.replace(/^invalid config '[^']*': /, "");
  throw new ConfigError(`${where}: field '${field}' ${problem}`, { ...error.details, field });
}

function fromZod(error: z.ZodError, input: unknown, where: string): ConfigError {
  const issue = error.issues[0]!;
  // an unknown key is reported at the key itself, so the message names the misspelt field
  const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]!] : issue.path;
  const isAgent = path[0] === "agents" && typeof path[1] === "number";
  const who = isAgent ? agentLabel(input, path[1] as number) : path[0] === "embedding" ? "embedding" : "file";
  const field =
    (isAgent ? path.slice(2) : path[0] === "embedding" ? path.slice(1) : path).join(".") || "(root)";
  const message = `${where}: ${who}: field '${field}': ${describeIssue(issue, input)}`;
  return new ConfigError(message, {
    field,
    path: path.join("."),
    issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  });
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  let value: unknown = input;
  for (const key of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  if (issue.code === "invalid_value" && issue.path.at(-1) === "provider") {
    return `unknown provider ${JSON.stringify(value)}; expected one of ${AGENT_PROVIDERS.join(", ")}`;
  }
  if (issue.code === "unrecognized_keys") {
    const suggestion = suggestKey(issue.keys[0]!, knownKeysAt(rapoFileSchema, issue.path));
    const hint = suggestion === undefined ? "" : ` (did you mean '${suggestion}'?)`;
    const others = issue.keys.length > 1 ? ` (also unknown: ${issue.keys.slice(1).join(", ")})` : "";
    return `unknown field${hint}${others}`;
  }
  if (value === undefined && issue.code === "invalid_type") return "is required";
  return `${issue.message} (got ${JSON.stringify(value)})`;
}

function checkDuplicateIds(agents: AgentEntry[], where: string): void {
  const seen = new Map<string, number>();
  for (const [index, agent] of agents.entries()) {
    const first = seen.get(agent.id);
    if (first !== undefined) {
      fail(
        where,
        `agent '${agent.id}' (agents[${index}])`,
        "id",
        `duplicate agent id, already used by agents[${first}]`,
        {
          agentId: agent.id,
        },
      );
    }
    seen.set(agent.id, index);
  }
}

/** The env var holding `entry`'s API key: its `apiKeyEnv`, or the provider's default. */
export function apiKeyEnvOf(entry: { provider: string; apiKeyEnv?: string }): string | undefined {
  return entry.apiKeyEnv ?? DEFAULT_API_KEY_ENV[entry.provider as keyof typeof DEFAULT_API_KEY_ENV];
}

function checkApiKey(
  entry: { provider: string; apiKeyEnv?: string },
  who: string,
  where: string,
  env: NodeJS.ProcessEnv,
) {
  const variable = apiKeyEnvOf(entry);
  if (variable === undefined || (env[variable] ?? "") !== "") return;
  const implicit = entry.apiKeyEnv === undefined ? ` (the default for provider '${entry.provider}')` : "";
  fail(
    where,
    who,
    "apiKeyEnv",
    `environment variable ${variable}${implicit} is not set; export it with the API key`,
    {
      variable,
    },
  );
}

function checkAgent(agent: AgentEntry, index: number, where: string, options: ParseOptions): void {
  const who = `agent '${agent.id}' (agents[${index}])`;
  if (agent.provider === "openai-compatible" && agent.baseURL === undefined) {
    fail(
      where,
      who,
      "baseURL",
      "provider 'openai-compatible' needs the endpoint, e.g. http://localhost:8000/v1",
    );
  }
  if (agent.provider === "llama-cpp") {
    const path = isAbsolute(agent.model)
      ? agent.model
      : resolve(options.baseDir ?? process.cwd(), agent.model);
    if (!existsSync(path)) fail(where, who, "model", `GGUF file ${path} does not exist`, { path });
    agent.model = path;
  }
  if (options.env !== false) checkApiKey(agent, who, where, options.env ?? process.env);
}

function checkEmbedding(embedding: EmbeddingEntry, where: string, env: NodeJS.ProcessEnv): void {
  if (embedding.provider === "openai-compatible" && embedding.baseURL === undefined) {
    fail(
      where,
      "embedding",
      "baseURL",
      "provider 'openai-compatible' needs the endpoint, e.g. http://localhost:8000/v1",
    );
  }
  checkApiKey(embedding, "embedding", where, env);
}
