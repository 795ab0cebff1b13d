/**
 * @module runtime/stream-turn
 * Streaming turns (issue 5): routing and the handoff are decided before the first token; a
 * model that fails before its first token is failed over like any other; once tokens have been
 * delivered, a failure ends the turn as durably failed (the caller has already seen text).
 */
import { ModelError, RapoError } from "../errors.js";
import { EMPTY_ANSWER, isBlankAnswer, type ModelReply, type ModelRequest, stream } from "../models/invoke.js";
import type { AgentRuntime } from "./agent-runtime.js";
import { StreamedAnswer } from "./answer-bounds.js";
import { TextChannel } from "./text-channel.js";
import { type AgentInvoker, STREAM_INTERRUPTED } from "./turn-pipeline.js";

/** What `sendStream` resolves with, once the answering agent has produced its first token. */
export interface TurnStream {
  /** the agent answering (after failover, if any). */
  agentId: string;
  /** text chunks as the model produces them. */
  textStream: AsyncIterable<string>;
}

/**
 * An invoker that streams into a channel and reports the agent when its first visible token
 * arrives (leading whitespace is held back, so a whitespace-only answer fails over before the
 * caller sees anything). Past `maxChars` characters the stream is cut off: the caller gets the
 * first `maxChars`, the reply carries what was received (the turn records the truncation).
 */
export function streamingInvoker(
  onFirstToken: (stream: TurnStream) => void,
  maxChars = Number.POSITIVE_INFINITY,
): AgentInvoker {
  return async (agent: AgentRuntime, request: ModelRequest): Promise<ModelReply> => {
    const iterator = stream(agent.spec.model, request)[Symbol.asyncIterator]();
    const answer = new StreamedAnswer(maxChars);
    let channel: TextChannel | null = null;
    const deliver = (final: boolean) => {
      const piece = answer.take(final);
      if (piece !== "") channel?.push(piece);
    };
    try {
      while (true) {
        if (answer.full) {
          // stops the HTTP request; the usage is estimated from what was received
          await iterator.return?.(undefined);
          // no channel yet: all of it was whitespace
          if (channel === null)
            throw new ModelError(`agent '${agent.id}' answered with only whitespace`, {
              agentId: agent.id,
              reason: EMPTY_ANSWER,
            });
          deliver(true);
          channel?.end();
          return { text: answer.text, inputTokens: 0, outputTokens: 0, usageEstimated: true };
        }
        const next = await iterator.next();
        if (next.done)
          throw new RapoError("empty_stream", `agent '${agent.id}' ended its stream without finishing`);
        const event = next.value;
        if (event.type === "finish") {
          if (!channel) onFirstToken({ agentId: agent.id, textStream: emptyChannel() });
          deliver(true);
          channel?.end();
          return {
            text: answer.text,
            inputTokens: event.usage.inputTokens,
            outputTokens: event.usage.outputTokens,
            usageEstimated: event.usage.estimated ?? false,
          };
        }
        answer.append(event.text);
        if (!channel) {
          if (isBlankAnswer(answer.text)) continue;
          channel = new TextChannel();
          onFirstToken({ agentId: agent.id, textStream: channel });
        }
        deliver(false);
      }
    } catch (error) {
      if (!channel) throw error; // nothing delivered yet: the pipeline may fail over
      const interrupted = new RapoError(
        STREAM_INTERRUPTED,
        `agent '${agent.id}' failed mid-stream: ${(error as Error).message}`,
        {
          category: "third-party",
          cause: error,
        },
      );
      channel.fail(interrupted);
      throw interrupted;
    }
  };
}

function emptyChannel(): TextChannel {
  const channel = new TextChannel();
  channel.end();
  return channel;
}
