/**
 * @module models/providers/llama-cpp
 * A local GGUF model as an AI SDK LanguageModelV3, through node-llama-cpp (an optional
 * dependency, pinned 3.21.1: `npm i -E node-llama-cpp@3.21.1`). The package is imported lazily
 * on the first call, so nothing else in rapo needs it; without it the call fails with a
 * ModelError that says how to install it.
 *
 * One context sequence per model: calls are serialised (a GGUF model on a CPU runs one
 * generation at a time anyway); node-llama-cpp reuses the evaluated prefix between calls.
 */
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  LanguageModelV3Usage,
} from "@ai-sdk/provider";
import { ModelError } from "../../errors.js";

/** The install hint shown when node-llama-cpp is missing. */
export const LLAMA_CPP_INSTALL_HINT = "node-llama-cpp is not installed: npm i -E node-llama-cpp@3.21.1";

/** Options of {@link createLlamaCppModel}. */
export interface LlamaCppModelOptions {
  /** absolute path of the GGUF file. */
  modelPath: string;
  /** context window in tokens (default: node-llama-cpp's choice for the memory available). */
  contextSize?: number;
  /** layers offloaded to a GPU (default "auto"). */
  gpuLayers?: number | "auto" | "max";
  temperature?: number;
  seed?: number;
  /** loads the node-llama-cpp module; injectable for tests. */
  importModule?: () => Promise<unknown>;
}

// The slice of node-llama-cpp's API used here, typed structurally so this file compiles
// without the package installed.
type HistoryItem =
  | { type: "system"; text: string }
  | { type: "user"; text: string }
  | { type: "model"; response: string[] };
interface TokenMeterState {
  usedInputTokens: number;
  usedOutputTokens: number;
}
interface Sequence {
  tokenMeter: { getState(): TokenMeterState };
  /** tokens now in the context: the prompt (reused prefix included) and the answer. */
  nextTokenIndex: number;
}
interface ChatResponse {
  response: string;
  metadata: { stopReason: string };
}
interface LlamaChat {
  generateResponse(
    history: HistoryItem[],
    options: {
      maxTokens?: number;
      temperature?: number;
      seed?: number;
      signal?: AbortSignal;
      onTextChunk?: (text: string) => void;
    },
  ): Promise<ChatResponse>;
  dispose(options?: { disposeSequence?: boolean }): void;
}
interface NodeLlamaCpp {
  getLlama(options?: { build?: "never" }): Promise<{
    loadModel(options: { modelPath: string; gpuLayers?: number | "auto" | "max" }): Promise<{
      createContext(options?: { contextSize?: number }): Promise<{ getSequence(): Sequence }>;
    }>;
  }>;
  LlamaChat: new (options: { contextSequence: Sequence; autoDisposeSequence?: boolean }) => LlamaChat;
}

/** Converts an AI SDK prompt to node-llama-cpp chat history, ending with an open model turn. */
export function toLlamaHistory(prompt: LanguageModelV3Prompt): HistoryItem[] {
  const history: HistoryItem[] = [];
  for (const message of prompt) {
    if (message.role === "system") history.push({ type: "system", text: message.content });
    else if (message.role === "user" || message.role === "assistant") {
      let text = "";
      for (const part of message.content) if (part.type === "text") text += part.text;
      history.push(message.role === "user" ? { type: "user", text } : { type: "model", response: [text] });
    }
  }
  history.push({ type: "model", response: [] });
  return history;
}

/**
 * Usage of one generation. The token meter counts only tokens evaluated now; a prefix reused
 * from the previous call is not re-evaluated, so the prompt's size is read from the context
 * (tokens in it minus those generated; ±1 for a final token sampled but not evaluated) and the
 * reused part is reported as `cacheRead`.
 */
function usage(before: TokenMeterState, sequence: Sequence): LanguageModelV3Usage {
  const after = sequence.tokenMeter.getState();
  const evaluated = after.usedInputTokens - before.usedInputTokens;
  const output = after.usedOutputTokens - before.usedOutputTokens;
  const input = Math.max(evaluated, sequence.nextTokenIndex - output);
  return {
    inputTokens: { total: input, noCache: evaluated, cacheRead: input - evaluated, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
  };
}

function finishReason(stopReason: string): LanguageModelV3GenerateResult["finishReason"] {
  if (stopReason === "maxTokens") return { unified: "length", raw: stopReason };
  if (stopReason === "abort") return { unified: "other", raw: stopReason };
  return { unified: "stop", raw: stopReason };
}

async function importNodeLlamaCpp(): Promise<unknown> {
  // a variable specifier keeps TypeScript and bundlers from resolving the optional package
  const specifier = "node-llama-cpp";
  return import(specifier);
}

/** A GGUF model behind the LanguageModelV3 interface. */
class LlamaCppLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = "v3";
  readonly provider = "llama-cpp";
  readonly modelId: string;
  readonly supportedUrls = {};
  private loaded: Promise<{ module: NodeLlamaCpp; sequence: Sequence }> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: LlamaCppModelOptions) {
    this.modelId = options.modelPath;
  }

  async doGenerate(call: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const { response, usage: used } = await this.run(call, undefined);
    return {
      content: [{ type: "text", text: response.response }],
      finishReason: finishReason(response.metadata.stopReason),
      usage: used,
      warnings: [],
    };
  }

  async doStream(call: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    let controller!: ReadableStreamDefaultController<LanguageModelV3StreamPart>;
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      start: (c) => {
        controller = c;
      },
    });
    const id = "text-0";
    controller.enqueue({ type: "stream-start", warnings: [] });
    controller.enqueue({ type: "text-start", id });
    this.run(call, (delta) => controller.enqueue({ type: "text-delta", id, delta })).then(
      ({ response, usage: used }) => {
        controller.enqueue({ type: "text-end", id });
        controller.enqueue({
          type: "finish",
          usage: used,
          finishReason: finishReason(response.metadata.stopReason),
        });
        controller.close();
      },
      (error: unknown) => {
        controller.enqueue({ type: "error", error });
        controller.close();
      },
    );
    return { stream };
  }

  /** Runs one generation after the previous one finished (one sequence, one generation at a time). */
  private run(call: LanguageModelV3CallOptions, onTextChunk: ((text: string) => void) | undefined) {
    const next = this.queue.then(async () => {
      const { module, sequence } = await this.load();
      call.abortSignal?.throwIfAborted();
      const chat = new module.LlamaChat({ contextSequence: sequence, autoDisposeSequence: false });
      const before = sequence.tokenMeter.getState();
      try {
        const response = await chat.generateResponse(toLlamaHistory(call.prompt), {
          maxTokens: call.maxOutputTokens,
          temperature: call.temperature ?? this.options.temperature,
          seed: call.seed ?? this.options.seed,
          signal: call.abortSignal,
          onTextChunk,
        });
        return { response, usage: usage(before, sequence) };
      } finally {
        chat.dispose({ disposeSequence: false });
      }
    });
    this.queue = next.catch(() => {});
    return next;
  }

  private load(): Promise<{ module: NodeLlamaCpp; sequence: Sequence }> {
    // a failed load is not cached: the next call tries again (e.g. after installing the package)
    this.loaded ??= this.loadOnce().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  private async loadOnce(): Promise<{ module: NodeLlamaCpp; sequence: Sequence }> {
    let module: NodeLlamaCpp;
    try {
      module = (await (this.options.importModule ?? importNodeLlamaCpp)()) as NodeLlamaCpp;
    } catch (error) {
      throw new ModelError(LLAMA_CPP_INSTALL_HINT, { modelPath: this.options.modelPath }, error);
    }
    try {
      // "never": use the prebuilt binaries shipped in the npm package, never compile or download at run time
      const llama = await module.getLlama({ build: "never" });
      const model = await llama.loadModel({
        modelPath: this.options.modelPath,
        gpuLayers: this.options.gpuLayers,
      });
      const context = await model.createContext({ contextSize: this.options.contextSize });
      return { module, sequence: context.getSequence() };
    } catch (error) {
      const message = `cannot load GGUF model ${this.options.modelPath}: ${(error as Error).message}`;
      throw new ModelError(message, { modelPath: this.options.modelPath }, error);
    }
  }
}

/** Creates a LanguageModelV3 over a local GGUF file (loaded on the first call). */
export function createLlamaCppModel(options: LlamaCppModelOptions): LanguageModelV3 {
  return new LlamaCppLanguageModel(options);
}
