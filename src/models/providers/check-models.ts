/**
 * @module models/providers/check-models
 * Start-up check that each agent's model name exists on its server (`GET /models` for OpenAI
 * and OpenAI-compatible endpoints, `GET /tags` for Ollama), so a typo in `model` fails at
 * start-up with the agent and field named, not on the first turn. One request per endpoint.
 */
import type { AgentEntry, RapoFile } from "../../config/agents-file.js";
import { apiKeyEnvOf } from "../../config/file.js";
import { ConfigError } from "../../errors.js";
import { OLLAMA_DEFAULT_BASE_URL } from "./language-model.js";

/** One problem found. */
export interface ModelCheckProblem {
  agentId: string;
  kind: "unknown_model" | "unauthorized" | "unreachable";
  field: "model" | "apiKeyEnv" | "baseURL";
  message: string;
}

/** Options of {@link checkAgentModels}. */
export interface ModelCheckOptions {
  env?: NodeJS.ProcessEnv;
  fetch?: typeof globalThis.fetch;
  /** per-endpoint timeout in ms (default 5,000). */
  timeoutMs?: number;
}

const OPENAI_BASE_URL = "https://api.openai.com/v1";

type Listing = { ok: true; names: Set<string> } | { ok: false; status?: number; message: string };

function endpointOf(agent: AgentEntry): { url: string; kind: "openai" | "ollama" } | undefined {
  if (agent.provider === "openai" || agent.provider === "openai-compatible") {
    return { url: `${(agent.baseURL ?? OPENAI_BASE_URL).replace(/\/+$/, "")}/models`, kind: "openai" };
  }
  if (agent.provider === "ollama") {
    return { url: `${(agent.baseURL ?? OLLAMA_DEFAULT_BASE_URL).replace(/\/+$/, "")}/tags`, kind: "ollama" };
  }
  return undefined;
}

async function listModels(
  url: string,
  kind: "openai" | "ollama",
  apiKey: string | undefined,
  options: ModelCheckOptions,
): Promise<Listing> {
  const fetch = options.fetch ?? globalThis.fetch;
  try {
    const headers: Record<string, string> = apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` };
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(options.timeoutMs ?? 5_000) });
    if (!response.ok) return { ok: false, status: response.status, message: `HTTP ${response.status}` };
    const body = (await response.json()) as { data?: { id?: unknown }[]; models?: { name?: unknown }[] };
    const items =
      kind === "openai" ? (body.data ?? []).map((m) => m.id) : (body.models ?? []).map((m) => m.name);
    return { ok: true, names: new Set(items.filter((n): n is string => typeof n === "string")) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

function knows(names: Set<string>, model: string, kind: "openai" | "ollama"): boolean {
  // Ollama lists "llama3:latest" for a model pulled as "llama3"
  return names.has(model) || (kind === "ollama" && !model.includes(":") && names.has(`${model}:latest`));
}

function problemFor(
  agent: AgentEntry,
  url: string,
  listing: Listing,
  kind: "openai" | "ollama",
): ModelCheckProblem | undefined {
  const who = `agent '${agent.id}'`;
  if (listing.ok) {
    if (knows(listing.names, agent.model, kind)) return undefined;
    const known = [...listing.names].slice(0, 10).join(", ") || "none";
    const message = `${who}: field 'model': model '${agent.model}' is not served by ${url} (it lists: ${known})`;
    return { agentId: agent.id, kind: "unknown_model", field: "model", message };
  }
  if (listing.status === 401 || listing.status === 403) {
    const message = `${who}: field 'apiKeyEnv': ${url} refused the API key from ${apiKeyEnvOf(agent)} (${listing.message})`;
    return { agentId: agent.id, kind: "unauthorized", field: "apiKeyEnv", message };
  }
  const message = `${who}: field 'baseURL': cannot list models at ${url}: ${listing.message}`;
  return { agentId: agent.id, kind: "unreachable", field: "baseURL", message };
}

/** Lists the problems of every HTTP-served agent (anthropic, llama-cpp and simulated are skipped). */
export async function checkAgentModels(
  file: RapoFile,
  options: ModelCheckOptions = {},
): Promise<ModelCheckProblem[]> {
  const env = options.env ?? process.env;
  const listings = new Map<string, Promise<Listing>>();
  const checks: Promise<ModelCheckProblem | undefined>[] = [];
  for (const agent of file.agents) {
    const endpoint = endpointOf(agent);
    if (endpoint === undefined) continue;
    const variable = apiKeyEnvOf(agent);
    const apiKey = variable === undefined ? undefined : env[variable];
    const key = `${endpoint.url}\n${apiKey ?? ""}`;
    let listing = listings.get(key);
    if (listing === undefined) {
      listing = listModels(endpoint.url, endpoint.kind, apiKey, options);
      listings.set(key, listing);
    }
    checks.push(listing.then((l) => problemFor(agent, endpoint.url, l, endpoint.kind)));
  }
  return (await Promise.all(checks)).filter((p): p is ModelCheckProblem => p !== undefined);
}

/**
 * Throws a ConfigError naming the first agent whose model is unknown or whose key is refused;
 * unreachable endpoints only throw with `strict` (a server may come up after rapo starts).
 */
export async function assertAgentModels(
  file: RapoFile,
  options: ModelCheckOptions & { strict?: boolean } = {},
): Promise<ModelCheckProblem[]> {
  const problems = await checkAgentModels(file, options);
  const fatal = problems.filter((p) => options.strict === true || p.kind !== "unreachable");
  const first = fatal[0];
  if (first !== undefined) {
    const more = fatal.length > 1 ? ` (and ${fatal.length - 1} more)` : "";
    throw new ConfigError(`${first.message}${more}`, {
      field: first.field,
      agentId: first.agentId,
      problems: fatal,
    });
  }
  return problems;
}
