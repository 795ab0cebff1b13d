/**
 * @module serve/request-schemas
 * zod schemas of every request body, built from the configured caps. A body that does not match
 * is a 400 naming the first offending parameter; validation runs before anything is queued.
 * Unknown top-level parameters are ignored (as OpenAI-compatible servers do), known ones must have
 * the right type and range.
 */
import { z } from "zod";
import type { RapoConfig } from "../config/schema.js";
import { HttpError } from "./openai-errors.js";

/** Caps that shape the schemas. */
export interface RequestCaps {
  maxMessages: number;
  maxMessageChars: number;
  maxRequestChars: number;
}

/** The caps of a resolved configuration. */
export function requestCaps(config: RapoConfig): RequestCaps {
  return {
    maxMessages: config.serve.maxMessages,
    maxMessageChars: config.limits.maxMessageChars,
    maxRequestChars: config.serve.maxRequestChars,
  };
}

const metadata = z
  .record(z.string().max(64), z.string().max(512))
  .refine((m) => Object.keys(m).length <= 16, "at most 16 metadata keys");

/** Sampling parameters clients commonly send: checked, then left to the agents' own settings. */
const sampling = {
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  max_tokens: z.number().int().positive().max(1_000_000).nullish(),
  max_completion_tokens: z.number().int().positive().max(1_000_000).nullish(),
  max_output_tokens: z.number().int().positive().max(1_000_000).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  seed: z.number().int().nullish(),
  user: z.string().max(256).nullish(),
};

function textPart(caps: RequestCaps) {
  return z.object({
    type: z.enum(["text", "input_text", "output_text"]),
    text: z.string().max(caps.maxMessageChars),
  });
}

function content(caps: RequestCaps) {
  return z.union([z.string().max(caps.maxMessageChars), z.array(textPart(caps)).max(64)]);
}

/** `POST /v1/chat/completions`. */
export function chatCompletionSchema(caps: RequestCaps) {
  const message = z.object({
    role: z.enum(["system", "developer", "user", "assistant", "tool"]),
    content: content(caps).nullish(),
    name: z.string().max(64).optional(),
  });
  return z.object({
    model: z.string().min(1).max(200),
    messages: z.array(message).min(1).max(caps.maxMessages),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
    n: z.literal(1).nullish(),
    metadata: metadata.nullish(),
    ...sampling,
  });
}

/** `POST /v1/responses`. */
export function responsesSchema(caps: RequestCaps) {
  const item = z.object({
    type: z.literal("message").optional(),
    role: z.enum(["system", "developer", "user", "assistant"]),
    content: content(caps),
  });
  return z.object({
    model: z.string().min(1).max(200),
    input: z.union([z.string().max(caps.maxMessageChars), z.array(item).min(1).max(caps.maxMessages)]),
    instructions: z.string().max(caps.maxMessageChars).nullish(),
    previous_response_id: z.string().min(1).max(200).nullish(),
    conversation: z
      .union([z.string().min(1).max(200), z.object({ id: z.string().min(1).max(200) })])
      .nullish(),
    stream: z.boolean().nullish(),
    store: z.boolean().nullish(),
    metadata: metadata.nullish(),
    ...sampling,
  });
}

/** `POST /v1/feedback`. */
export const feedbackSchema = z.object({
  /** a turn id, or the `chatcmpl-…` / `resp_…` id of the reply. */
  turn_id: z.string().min(1).max(220),
  outcome: z.number().min(0).max(1),
});

/** `POST /v1/conversations/:id/end` (the body is optional). */
export const endSchema = z.object({ outcome: z.number().min(0).max(1).optional() }).nullish();

/** Parses `body` with `schema`, or throws a 400 naming the first offending parameter. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const param = issue.path.length > 0 ? issue.path.join(".") : null;
  throw new HttpError(400, "invalid_request", `invalid ${param ?? "body"}: ${issue.message}`, { param });
}

/** The text of a message's content (parts joined), and its length for the request cap. */
export function contentText(value: string | { text: string }[] | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  return value.map((p) => p.text).join("");
}

/** Throws a 400 when the messages together exceed `maxRequestChars`. */
export function checkRequestChars(texts: readonly string[], caps: RequestCaps): void {
  let total = 0;
  for (const t of texts) total += t.length;
  if (total > caps.maxRequestChars)
    throw new HttpError(
      400,
      "request_too_long",
      `the messages hold ${total} characters; at most ${caps.maxRequestChars} are accepted`,
      { param: "messages" },
    );
}
