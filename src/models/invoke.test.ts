import { APICallError, type LanguageModelV3StreamPart, type LanguageModelV3Usage } from "@ai-sdk/provider";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { ModelError, TimeoutError } from "../errors.js";
import { generate, type ModelRequest, type StreamEvent, stream } from "./invoke.js";
import { CircuitBreaker } from "./resilience/circuit-breaker.js";

const request: ModelRequest = {
  system: "you are terse",
  messages: [{ role: "user", content: "what is two plus two" }],
  maxOutputTokens: 32,
  timeoutMs: 1000,
  agentId: "math",
};

function usage(input: number | undefined, output: number | undefined): LanguageModelV3Usage {
  return {
    inputTokens: { total: input, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: undefined, reasoning: undefined },
  };
}

function textModel(text: string, reported = usage(7, 2)) {
  return new MockLanguageModelV3({
    doGenerate: async () => ({
      content: [{ type: "text", text }],
      finishReason: { unified: "stop", raw: "stop" },
      usage: reported,
      warnings: [],
    }),
  });
}

function streamOf(parts: LanguageModelV3StreamPart[], onCancel?: () => void) {
  return new ReadableStream<LanguageModelV3StreamPart>({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      // left open: the consumer decides when to stop
    },
    cancel: onCancel,
  });
}

/** A breaker that opens on the first counted failure. */
function breakerOpeningOnFirstFailure(): CircuitBreaker {
  return new CircuitBreaker({
    failureThreshold: 1,
    failureRate: 1,
    window: 4,
    minCalls: 4,
    cooldownMs: 1000,
  });
}

const serverError = () =>
  new APICallError({ message: "boom", url: "u", requestBodyValues: {}, statusCode: 500, isRetryable: true });

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe("generate", () => {
  it("returns text and the provider's usage", async () => {
    const model = textModel("four");
    await expect(generate(model, request)).resolves.toEqual({
      text: "four",
      inputTokens: 7,
      outputTokens: 2,
      usageEstimated: false,
      attempts: 1,
    });
    expect(model.doGenerateCalls[0]?.maxOutputTokens).toBe(32);
    expect(model.doGenerateCalls[0]?.prompt[0]).toEqual({ role: "system", content: "you are terse" });
  });

  it("estimates usage when the provider reports none", async () => {
    const reply = await generate(textModel("the answer is four", usage(undefined, undefined)), request);
    expect(reply.usageEstimated).toBe(true);
    expect(reply.inputTokens).toBeGreaterThan(8);
    expect(reply.outputTokens).toBeGreaterThan(2);
  });

  it("times out a model that ignores its abort signal, naming the agent", async () => {
    let signal: AbortSignal | undefined;
    const model = new MockLanguageModelV3({
      doGenerate: (options) => {
        signal = options.abortSignal;
        return new Promise(() => {});
      },
    });
    const error = await generate(model, { ...request, timeoutMs: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/agent 'math'.*did not answer within 10 ms/);
    expect(signal?.aborted).toBe(true);
  });

  it("gives a provider that copies its call options an abort signal that the timeout aborts", async () => {
    let signal: AbortSignal | undefined;
    const model = new MockLanguageModelV3({
      doGenerate: (options) => {
        // providers spread or destructure their options: the signal must survive that
        signal = { ...options }.abortSignal;
        return new Promise(() => {});
      },
    });
    const error = await generate(model, { ...request, timeoutMs: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe(error);
  });

  it("retries under a policy and records the outcome in the breaker", async () => {
    let calls = 0;
    const model = new MockLanguageModelV3({
      doGenerate: async () => {
        if (++calls === 1) throw serverError();
        return {
          content: [{ type: "text", text: "ok" }],
          finishReason: { unified: "stop", raw: "stop" },
          usage: usage(1, 1),
          warnings: [],
        };
      },
    });
    const breaker = breakerOpeningOnFirstFailure();
    const retry = {
      maxRetries: 2,
      initialDelayMs: 1,
      backoffFactor: 2,
      maxDelayMs: 5,
      jitter: 0,
      maxTotalDelayMs: 100,
    };
    const reply = await generate(model, { ...request, retry, breaker });
    expect(reply).toMatchObject({ text: "ok", attempts: 2 });
    expect(breaker.state("math")).toBe("closed");
    const failing = new MockLanguageModelV3({
      doGenerate: async () => {
        throw serverError();
      },
    });
    const error = await generate(failing, { ...request, breaker }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).message).toMatch(/agent 'math' .* failed \(HTTP 500\): boom/);
    expect(breaker.state("math")).toBe("open");
  });

  it("does not count a 429 against the agent's breaker (a rate limit is back-off, not ill health)", async () => {
    const breaker = breakerOpeningOnFirstFailure();
    const limited = new MockLanguageModelV3({
      doGenerate: async () => {
        throw new APICallError({
          message: "slow down",
          url: "u",
          requestBodyValues: {},
          statusCode: 429,
          responseHeaders: { "retry-after-ms": "250" },
          isRetryable: true,
        });
      },
    });
    for (let i = 0; i < 5; i++) await generate(limited, { ...request, breaker }).catch(() => undefined);
    expect(breaker.state("math")).toBe("closed");
    // a server error still counts: the breaker opens on it
    const failing = new MockLanguageModelV3({
      doGenerate: async () => {
        throw serverError();
      },
    });
    await generate(failing, { ...request, breaker }).catch(() => undefined);
    expect(breaker.state("math")).toBe("open");
  });

  it("rejects with the caller's reason on abort and does not count it against the agent", async () => {
    const controller = new AbortController();
    const model = new MockLanguageModelV3({ doGenerate: () => new Promise(() => {}) });
    const breaker = breakerOpeningOnFirstFailure();
    const pending = generate(model, { ...request, signal: controller.signal, breaker });
    const reason = new Error("user left");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(breaker.state("math")).toBe("closed");
  });

  it("asks Ollama models for num_predict, which Ollama actually reads", async () => {
    const model = textModel("x");
    Object.assign(model, { provider: "ollama.responses" });
    await generate(model, request);
    expect(model.doGenerateCalls[0]?.providerOptions).toEqual({ ollama: { options: { num_predict: 32 } } });
  });
});

describe("stream", () => {
  const parts = (texts: string[], reported?: LanguageModelV3Usage): LanguageModelV3StreamPart[] => [
    { type: "stream-start", warnings: [] },
    { type: "text-start", id: "t" },
    ...texts.map((delta): LanguageModelV3StreamPart => ({ type: "text-delta", id: "t", delta })),
    { type: "text-end", id: "t" },
    {
      type: "finish",
      finishReason: { unified: "stop", raw: "stop" },
      usage: reported ?? usage(undefined, undefined),
    },
  ];

  it("yields text deltas then a finish with usage (estimated when absent)", async () => {
    const model = new MockLanguageModelV3({
      doStream: async () => ({
        stream: new ReadableStream({
          start: (c) => {
            for (const p of parts(["fo", "ur"])) c.enqueue(p);
            c.close();
          },
        }),
      }),
    });
    const events = await collect(stream(model, request));
    expect(events.slice(0, 2)).toEqual([
      { type: "text", text: "fo" },
      { type: "text", text: "ur" },
    ]);
    expect(events[2]).toMatchObject({ type: "finish", usage: { estimated: true } });
  });

  it("cancels the provider stream when the consumer breaks out", async () => {
    let cancelled = false;
    let signal: AbortSignal | undefined;
    const model = new MockLanguageModelV3({
      doStream: async (options) => {
        signal = options.abortSignal;
        return {
          stream: streamOf(parts(["a", "b", "c"]).slice(0, 3), () => {
            cancelled = true;
          }),
        };
      },
    });
    for await (const event of stream(model, request)) {
      expect(event).toEqual({ type: "text", text: "a" });
      break;
    }
    expect(cancelled).toBe(true);
    expect(signal?.aborted).toBe(true);
  });

  it("times out when no first token arrives, and when the stream stalls later", async () => {
    const silent = new MockLanguageModelV3({
      doStream: async () => ({ stream: streamOf([{ type: "stream-start", warnings: [] }]) }),
    });
    await expect(collect(stream(silent, { ...request, timeoutMs: 10 }))).rejects.toThrow(
      /sent no token within 10 ms/,
    );
    const stalling = new MockLanguageModelV3({
      doStream: async () => ({ stream: streamOf(parts(["a"]).slice(0, 3)) }),
    });
    const seen: StreamEvent[] = [];
    const error = await (async () => {
      for await (const e of stream(stalling, { ...request, timeoutMs: 10 })) seen.push(e);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([{ type: "text", text: "a" }]);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/stalled/);
  });

  it("retries before the first token, never after", async () => {
    let calls = 0;
    const retry = {
      maxRetries: 3,
      initialDelayMs: 1,
      backoffFactor: 1,
      maxDelayMs: 1,
      jitter: 0,
      maxTotalDelayMs: 100,
    };
    const model = new MockLanguageModelV3({
      doStream: async () => {
        calls++;
        if (calls === 1) throw serverError();
        const tail: LanguageModelV3StreamPart[] = [{ type: "error", error: serverError() }];
        return {
          stream: new ReadableStream({
            start: (c) => {
              for (const p of [...parts(["x"]).slice(0, 3), ...tail]) c.enqueue(p);
              c.close();
            },
          }),
        };
      },
    });
    const seen: StreamEvent[] = [];
    const error = await (async () => {
      for await (const e of stream(model, { ...request, retry })) seen.push(e);
    })().catch((e: unknown) => e);
    expect(calls).toBe(2);
    expect(seen).toEqual([{ type: "text", text: "x" }]);
    expect(error).toBeInstanceOf(ModelError);
  });
});
