/**
 * @module models/testing/http-harness
 * The `node:http` plumbing shared by the protocol test servers: listen on 127.0.0.1:0, record
 * every request (and whether the client hung up early), write JSON, stream chunks with pacing,
 * and close with every open connection destroyed so a hanging request never blocks a test.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RecordedRequest } from "./script.js";

/** A started test server. */
export interface TestServer {
  /** e.g. `http://127.0.0.1:40123`. */
  origin: string;
  port: number;
  /** every request received, in order. */
  requests: RecordedRequest[];
  /** resolves with request number `index` (0-based) once it has arrived. */
  request(index: number): Promise<RecordedRequest>;
  /** stops listening and destroys open connections. */
  close(): Promise<void>;
}

/** Handles one recorded request. */
export type RequestHandler = (request: RecordedRequest, res: ServerResponse) => void | Promise<void>;

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return undefined;
  }
}

function record(req: IncomingMessage, res: ServerResponse, body: unknown, index: number): RecordedRequest {
  let onClosed: () => void = () => {};
  const recorded: RecordedRequest = {
    index,
    method: req.method ?? "GET",
    path: (req.url ?? "/").split("?")[0]!,
    headers: req.headers,
    body,
    receivedAt: Date.now(),
    clientAborted: false,
    closed: new Promise<void>((resolve) => {
      onClosed = resolve;
    }),
  };
  res.on("close", () => {
    if (!res.writableFinished) recorded.clientAborted = true;
    onClosed();
  });
  return recorded;
}

/** Starts a server on 127.0.0.1 with a free port. */
export async function startTestServer(handler: RequestHandler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const waiters: { index: number; resolve: (r: RecordedRequest) => void }[] = [];
  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => {
        const recorded = record(req, res, body, requests.length);
        requests.push(recorded);
        for (let i = waiters.length - 1; i >= 0; i--) {
          if (waiters[i]!.index === recorded.index) waiters.splice(i, 1)[0]!.resolve(recorded);
        }
        return handler(recorded, res);
      })
      .catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { message: String(error) } });
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    request: (index) => {
      const seen = requests[index];
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ index, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes a JSON response. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(text);
}

/**
 * Writes `frames` one by one, `delayMs` apart, stopping if the client disconnects; with
 * `stallAfter`, writes that many frames and then leaves the response open.
 */
export async function writeFrames(
  res: ServerResponse,
  frames: string[],
  options: { delayMs?: number; stallAfter?: number } = {},
): Promise<void> {
  const limit = options.stallAfter ?? frames.length;
  for (let i = 0; i < frames.length; i++) {
    if (res.destroyed) return;
    if (i === limit) return;
    res.write(frames[i]);
    if (options.delayMs !== undefined && options.delayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    }
  }
  res.end();
}
