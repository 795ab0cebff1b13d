/**
 * @module serve/sse
 * Server-sent events: frames, and a readable stream of them that fastify sends as the reply.
 * When the client goes away fastify destroys the stream, which returns the generator and runs its
 * `finally` blocks: that is where a turn's model call is aborted.
 */
import { Readable } from "node:stream";
import type { FastifyReply } from "fastify";

/** A `data:` frame of a JSON value (or the literal `[DONE]`). */
export function sseData(value: unknown): string {
  return `data: ${typeof value === "string" ? value : JSON.stringify(value)}\n\n`;
}

/** A named event frame. */
export function sseEvent(event: string, value: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(value)}\n\n`;
}

/** Sends `frames` as an event stream with the given extra headers. */
export function sendEventStream(
  reply: FastifyReply,
  frames: AsyncIterable<string>,
  headers: Record<string, string> = {},
): FastifyReply {
  reply.headers({
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    "x-accel-buffering": "no",
    ...headers,
  });
  return reply.send(Readable.from(frames, { objectMode: false }));
}

/** An AbortController aborted when the client disconnects before the reply is complete. */
export function abortOnDisconnect(reply: FastifyReply): AbortController {
  const controller = new AbortController();
  reply.raw.once("close", () => {
    if (!reply.raw.writableFinished) controller.abort(new Error("client disconnected"));
  });
  return controller;
}
