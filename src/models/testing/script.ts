/**
 * @module models/testing/script
 * What a protocol test server does per request: reply (text, usage, chunk pacing), answer 429
 * with Retry-After, fail with a 5xx, or hang until the client disconnects. Behaviours are
 * queued and consumed one per model request (chat or embeddings), then a fallback applies.
 */
import { FNV_OFFSET, fnvStep } from "../../util/hash.js";

/** One chat message as the server received it (content flattened to text). */
export interface ChatMessage {
  role: string;
  content: string;
}

/** Token counts the server reports; `null` in a behaviour omits usage from the response. */
export interface ScriptedUsage {
  inputTokens: number;
  outputTokens: number;
}

/** What the server does for one model request. */
export type Behaviour =
  | {
      kind: "reply";
      /** the answer, or a function of the request's messages. Default: "echo: <last user message>". */
      text?: string | ((messages: ChatMessage[]) => string);
      /** usage to report; default counts words; null reports none. */
      usage?: ScriptedUsage | null;
      /** pause between streamed chunks, in ms (default 0). */
      chunkDelayMs?: number;
      /** stream only this many chunks, then hang until the client disconnects. */
      stallAfterChunks?: number;
    }
  | {
      kind: "rate-limit" /** Retry-After header value (seconds or HTTP date); omitted when absent. */;
      retryAfter?: string;
    }
  | { kind: "error" /** default 500. */; status?: number; message?: string }
  | { kind: "hang" };

/** The script of a test server. */
export interface ServerScript {
  /** model names the server knows; others get 404 model_not_found. Absent: every name is accepted. */
  models?: string[];
  /** consumed one per model request, in order. */
  behaviours?: Behaviour[];
  /** applies once `behaviours` is empty (default: a plain reply). */
  fallback?: Behaviour | ((request: RecordedRequest) => Behaviour);
  /** dimension of the deterministic embeddings (default 8). */
  embeddingDim?: number;
  /** OpenAI server only: requests without `Authorization: Bearer <apiKey>` get 401 invalid_api_key. */
  apiKey?: string;
}

/** A request as the server saw it. */
export interface RecordedRequest {
  index: number;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** parsed JSON body, or undefined. */
  body: unknown;
  receivedAt: number;
  /** the behaviour applied, for model requests. */
  behaviour?: Behaviour["kind"];
  /** set when the client closed the connection before the response was complete. */
  clientAborted: boolean;
  /** resolves when the connection closes, whoever closes it. */
  closed: Promise<void>;
}

/** Takes the next behaviour for `request`. */
export function nextBehaviour(script: ServerScript, request: RecordedRequest): Behaviour {
  const queued = script.behaviours?.shift();
  if (queued !== undefined) return queued;
  const fallback = script.fallback;
  if (fallback === undefined) return { kind: "reply" };
  return typeof fallback === "function" ? fallback(request) : fallback;
}

/** The reply text of a `reply` behaviour for `messages`. */
export function replyText(behaviour: Extract<Behaviour, { kind: "reply" }>, messages: ChatMessage[]): string {
  const text = behaviour.text;
  if (typeof text === "function") return text(messages);
  if (text !== undefined) return text;
  const lastUser = [...messages].reverse().find((m) => m.role === "user");
  return `echo: ${lastUser?.content ?? ""}`;
}

function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === "" ? 0 : trimmed.split(/\s+/).length;
}

/** Usage to report: the scripted one, none (null), or word counts of prompt and reply. */
export function replyUsage(
  behaviour: Extract<Behaviour, { kind: "reply" }>,
  messages: ChatMessage[],
  text: string,
): ScriptedUsage | null {
  if (behaviour.usage !== undefined) return behaviour.usage;
  let input = 0;
  for (const m of messages) input += countWords(m.content);
  return { inputTokens: input, outputTokens: countWords(text) };
}

/** Splits `text` into stream chunks: one per word, whitespace kept with the word before it. */
export function chunksOf(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** A deterministic unit-free embedding of `text` (FNV-1a hashed character trigrams). */
export function embedText(text: string, dim: number): number[] {
  const vector = new Array<number>(dim).fill(0);
  const padded = `  ${text.toLowerCase()}  `;
  for (let i = 0; i + 3 <= padded.length; i++) {
    let hash = FNV_OFFSET;
    for (let j = i; j < i + 3; j++) hash = fnvStep(hash, padded.charCodeAt(j));
    const slot = (hash >>> 0) % dim;
    vector[slot] = (vector[slot] ?? 0) + ((hash >>> 31) & 1 ? -1 : 1);
  }
  return vector;
}

/** Flattens a chat message's content (string, or OpenAI/Ollama parts) to text. */
export function flattenContent(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  let text = "";
  for (const part of content) {
    const t = (part as { text?: unknown } | null)?.text;
    if (typeof t === "string") text += t;
  }
  return text;
}

/** The messages of a chat request body, content flattened. */
export function messagesOf(body: unknown): ChatMessage[] {
  const raw = (body as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(raw)) return [];
  return raw.map((m: { role?: unknown; content?: unknown }) => ({
    role: typeof m.role === "string" ? m.role : "",
    content: flattenContent(m.content),
  }));
}
