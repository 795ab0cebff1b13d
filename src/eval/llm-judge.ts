/**
 * @module eval/llm-judge
 * An optional verifier that asks a configured model whether a turn succeeded, so capability
 * learning has an outcome when the user gives no explicit feedback (SPEC §3: "a pluggable LLM
 * judge for real ones"). The answer is parsed leniently (JSON, "score: 0.8", "8/10", "80%",
 * yes/no) into [0, 1]. It never throws into the caller's turn: any failure yields null.
 */

import type { LanguageModelV3 } from "@ai-sdk/provider";
import { generate } from "../models/invoke.js";
import type { RetryPolicy } from "../models/resilience/retry.js";
import type { Verifier } from "../runtime/runtime-context.js";

/** The turn being judged. */
export interface JudgedTurn {
  userMessage: string;
  answer: string;
  /** task type id, if known: helps the judge calibrate. */
  taskType?: string;
}

/** Options of {@link createLlmJudge}. */
export interface LlmJudgeOptions {
  model: LanguageModelV3;
  /** budget of one judgement in ms. */
  timeoutMs: number;
  /** default 64: the judge answers with a number. */
  maxOutputTokens?: number;
  retry?: RetryPolicy;
  /** replaces the default instructions (the system prompt). */
  instructions?: string;
  /** told why a judgement failed (it returned null). */
  onError?: (error: unknown) => void;
}

/** Judges one turn: a score in [0, 1], or null if the judge failed or answered nonsense. */
export type LlmJudge = (turn: JudgedTurn, signal?: AbortSignal) => Promise<number | null>;

/** The default judge instructions. */
export const DEFAULT_JUDGE_INSTRUCTIONS = [
  "You grade an assistant's answer to a user's message.",
  "Decide how well the answer addresses the message: correct, relevant and complete.",
  'Reply with JSON only: {"score": <number from 0 to 1>} where 1 is a fully successful answer and 0 a failure.',
].join("\n");

const clamp = (x: number) => Math.min(1, Math.max(0, x));

function fromNumber(value: number, scale: number): number | null {
  if (!Number.isFinite(value) || value < 0 || value > scale) return null;
  return clamp(value / scale);
}

function fromJson(text: string): number | null {
  const match = text.match(/\{[^{}]*\}/);
  if (match === null) return null;
  try {
    const parsed = JSON.parse(match[0]) as Record<string, unknown>;
    const value = parsed.score ?? parsed.rating ?? parsed.success;
    if (typeof value === "boolean") return value ? 1 : 0;
    if (typeof value === "number")
      return value > 1 && value <= 10 ? fromNumber(value, 10) : fromNumber(value, 1);
  } catch {
    // not JSON after all: try the other forms
  }
  return null;
}

function fromLabelled(text: string): number | null {
  const ratio = text.match(/(-?\d+(?:\.\d+)?)\s*\/\s*(10|5|100)\b/);
  if (ratio !== null) return fromNumber(Number(ratio[1]), Number(ratio[2]));
  const percent = text.match(/(-?\d+(?:\.\d+)?)\s*%/);
  if (percent !== null) return fromNumber(Number(percent[1]), 100);
  const labelled = text.match(/\b(?:score|rating)\s*[:=]?\s*(-?\d+(?:\.\d+)?)/i);
  if (labelled !== null) {
    const value = Number(labelled[1]);
    return value > 1 && value <= 10 ? fromNumber(value, 10) : fromNumber(value, 1);
  }
  const bare = text.trim().match(/^(-?\d+(?:\.\d+)?)\.?$/);
  return bare === null ? null : fromNumber(Number(bare[1]), 1);
}

function fromYesNo(text: string): number | null {
  const word = text
    .trim()
    .toLowerCase()
    .match(/^[^a-z]*([a-z]+)/)?.[1];
  if (word === "yes" || word === "success" || word === "successful" || word === "pass" || word === "true")
    return 1;
  if (word === "no" || word === "failure" || word === "failed" || word === "fail" || word === "false")
    return 0;
  return null;
}

/**
 * Parses a judge's answer into [0, 1]: JSON `{"score": x}` (x in [0,1], or 0–10), "score: 0.8",
 * "8/10", "80%", a bare number in [0,1], or a leading yes/no. Null when nothing fits or the
 * number is out of range.
 */
export function parseJudgeScore(text: string): number | null {
  return fromJson(text) ?? fromLabelled(text) ?? fromYesNo(text);
}

function renderTurn(turn: JudgedTurn): string {
  const task = turn.taskType === undefined ? "" : `Task type: ${turn.taskType}\n\n`;
  return `${task}User message:\n${turn.userMessage}\n\nAssistant answer:\n${turn.answer}\n\nScore the answer.`;
}

/** Creates a judge over `options.model`. */
export function createLlmJudge(options: LlmJudgeOptions): LlmJudge {
  return async (turn, signal) => {
    try {
      const reply = await generate(options.model, {
        system: options.instructions ?? DEFAULT_JUDGE_INSTRUCTIONS,
        messages: [{ role: "user", content: renderTurn(turn) }],
        maxOutputTokens: options.maxOutputTokens ?? 64,
        timeoutMs: options.timeoutMs,
        signal,
        retry: options.retry,
        agentId: "llm-judge",
      });
      const score = parseJudgeScore(reply.text);
      if (score === null)
        options.onError?.(new Error(`unparsable judge answer: ${reply.text.slice(0, 200)}`));
      return score;
    } catch (error) {
      options.onError?.(error);
      return null;
    }
  };
}

/**
 * The judge as an orchestrator `verifier`: every finished turn is scored in the background and
 * the score feeds capability learning (turns the judge cannot score add nothing).
 */
export function judgeVerifier(judge: LlmJudge): Verifier {
  return (turn) => judge({ userMessage: turn.userContent, answer: turn.answer, taskType: turn.taskType });
}
