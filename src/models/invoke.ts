/**
 * @module models/invoke
 * Calls an AI SDK language model (spec v3) through its `doGenerate`, with a timeout and a
 * caller-supplied abort signal. Working at the spec level (not `generateText`) keeps the
 * per-turn overhead to what the model itself costs.
 */
import type { LanguageModelV3, LanguageModelV3Prompt } from "@ai-sdk/provider";
import { ModelError, TimeoutError } from "../errors.js";

/** What the orchestrator sends a model for one turn. */
export interface ModelRequest {
  system: string;
  messages: { role: "user" | "assistant"; content: string }[];
  maxOutputTokens: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** What comes back. */
export interface ModelReply {
  text: string;
  inputTokens: number;
  outputTokens: number;
}

/** Builds the v3 prompt: one system message then the alternating history. */
export function toPrompt(request: Pick<ModelRequest, "system" | "messages">): LanguageModelV3Prompt {
  const prompt: LanguageModelV3Prompt = [{ role: "system", content: request.system }];
  for (const m of request.messages) {
    prompt.push(
      m.role === "user"
        ? { role: "user", content: [{ type: "text", text: m.content }] }
        : { role: "assistant", content: [{ type: "text", text: m.content }] },
    );
  }
  return prompt;
}

/** Calls `model` once; rejects with TimeoutError after `timeoutMs`, ModelError on failure. */
export async function generate(model: LanguageModelV3, request: ModelRequest): Promise<ModelReply> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(request.signal?.reason);
  request.signal?.addEventListener("abort", onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new TimeoutError(`model ${model.modelId} did not answer within ${request.timeoutMs} ms`));
    }, request.timeoutMs);
  });
  try {
    const call = model.doGenerate({
      prompt: toPrompt(request),
      maxOutputTokens: request.maxOutputTokens,
      abortSignal: controller.signal,
    });
    const result = await Promise.race([call, timeout]);
    const text = result.content
      .filter((part) => part.type === "text")
      .map((part) => part.text)
      .join("");
    return {
      text,
      inputTokens: result.usage.inputTokens.total ?? 0,
      outputTokens: result.usage.outputTokens.total ?? 0,
    };
  } catch (error) {
    if (error instanceof TimeoutError || error instanceof ModelError) throw error;
    throw new ModelError(`model ${model.modelId} failed: ${(error as Error).message}`, { modelId: model.modelId }, error);
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener("abort", onAbort);
  }
}
