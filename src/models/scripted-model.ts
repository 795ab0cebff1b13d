/**
 * @module models/scripted-model
 * A scripted fake `LanguageModelV3` for unit tests: it answers from a list of replies (or a
 * function), records every call in `.calls`, and fails loudly on a call the script did not
 * expect — so a test notices an extra model call instead of silently receiving a default.
 */
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3FinishReason,
  LanguageModelV3GenerateResult,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
} from "@ai-sdk/provider";
import { RapoError } from "../errors.js";
import { hang, sleep } from "./simulated/scheduler.js";

/** One scripted reply: its text, or a description of what the call does. */
export type ScriptedReply =
  | string
  | {
      /** text of the answer (default ""). */
      text?: string;
      /** when set, the call rejects with this error (after `delayMs`). */
      error?: unknown;
      /** wait this long (real ms, abortable) before answering. */
      delayMs?: number;
      /** never answer; reject when the abort signal fires. */
      hang?: boolean;
      usage?: { inputTokens?: number; outputTokens?: number };
      finishReason?: LanguageModelV3FinishReason["unified"];
    };

/** A recorded call. */
export interface ScriptedCall {
  method: "generate" | "stream";
  prompt: LanguageModelV3Prompt;
  options: LanguageModelV3CallOptions;
  /** the system prompt text (all system messages joined). */
  system: string;
  /** text of the last user message ("" when none). */
  lastUserText: string;
}

/** A function script: gets each call and its 0-based index. */
export type ScriptFunction = (call: ScriptedCall, index: number) => ScriptedReply | Promise<ScriptedReply>;

/** The fake model with its call log. */
export interface ScriptedLanguageModel extends LanguageModelV3 {
  /** every call received, in order (including unexpected ones). */
  readonly calls: readonly ScriptedCall[];
  /** scripted replies not used yet (Infinity for a function script). */
  readonly remaining: number;
  doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult>;
  doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult>;
}

/** Raised by a scripted model on a call beyond its script. */
export class UnexpectedCallError extends RapoError {
  constructor(modelId: string, index: number, scripted: number, lastUserText: string) {
    super(
      "unexpected_model_call",
      `scripted model '${modelId}' got unexpected call #${index + 1} (script has ${scripted} replies); ` +
        `last user message: ${JSON.stringify(lastUserText.slice(0, 200))}`,
      { category: "system", details: { modelId, index, scripted } },
    );
  }
}

/** Creates a scripted model. */
export function scriptedModel(
  script: readonly ScriptedReply[] | ScriptFunction,
  options: { modelId?: string; provider?: string } = {},
): ScriptedLanguageModel {
  const modelId = options.modelId ?? "scripted";
  const calls: ScriptedCall[] = [];
  const replyFor = async (call: ScriptedCall, index: number): Promise<ScriptedReply> => {
    if (typeof script === "function") return script(call, index);
    if (index >= script.length)
      throw new UnexpectedCallError(modelId, index, script.length, call.lastUserText);
    return script[index] as ScriptedReply;
  };
  const run = async (method: ScriptedCall["method"], callOptions: LanguageModelV3CallOptions) => {
    const call = describeCall(method, callOptions);
    const index = calls.length;
    calls.push(call);
    return settle(await replyFor(call, index), callOptions.abortSignal);
  };
  return {
    specificationVersion: "v3",
    provider: options.provider ?? "scripted",
    modelId,
    supportedUrls: {},
    get calls() {
      return calls;
    },
    get remaining() {
      return typeof script === "function"
        ? Number.POSITIVE_INFINITY
        : Math.max(0, script.length - calls.length);
    },
    async doGenerate(callOptions): Promise<LanguageModelV3GenerateResult> {
      const r = await run("generate", callOptions);
      return {
        content: [{ type: "text", text: r.text }],
        finishReason: r.finishReason,
        usage: r.usage,
        warnings: [],
      };
    },
    async doStream(callOptions): Promise<LanguageModelV3StreamResult> {
      const r = await run("stream", callOptions);
      const parts: LanguageModelV3StreamPart[] = [
        { type: "stream-start", warnings: [] },
        { type: "text-start", id: "0" },
        ...(r.text.match(/\S+\s*|\s+/g) ?? []).map(
          (delta): LanguageModelV3StreamPart => ({ type: "text-delta", id: "0", delta }),
        ),
        { type: "text-end", id: "0" },
        { type: "finish", usage: r.usage, finishReason: r.finishReason },
      ];
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        start(controller) {
          for (const part of parts) controller.enqueue(part);
          controller.close();
        },
      });
      return { stream };
    },
  };
}

function describeCall(method: ScriptedCall["method"], options: LanguageModelV3CallOptions): ScriptedCall {
  const system = options.prompt
    .filter((m) => m.role === "system")
    .map((m) => m.content)
    .join("\n");
  let lastUserText = "";
  for (const m of options.prompt) {
    if (m.role === "user") lastUserText = m.content.map((p) => (p.type === "text" ? p.text : "")).join("");
  }
  return { method, prompt: options.prompt, options, system, lastUserText };
}

async function settle(reply: ScriptedReply, signal: AbortSignal | undefined) {
  const r = typeof reply === "string" ? { text: reply } : reply;
  if (r.hang) await hang(signal);
  if (r.delayMs) await sleep(r.delayMs, signal);
  if (r.error !== undefined) throw r.error;
  const text = r.text ?? "";
  const outputTokens = r.usage?.outputTokens ?? text.match(/\S+/g)?.length ?? 0;
  const inputTokens = r.usage?.inputTokens ?? 0;
  const unified = r.finishReason ?? "stop";
  return {
    text,
    finishReason: { unified, raw: unified } satisfies LanguageModelV3FinishReason,
    usage: {
      inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: outputTokens, text: outputTokens, reasoning: undefined },
    },
  };
}
