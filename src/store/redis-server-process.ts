/**
 * @module store/redis-server-process
 * A `redis-server` child process on a free loopback port: {@link startRedisServer} (no persistence
 * unless asked) returns a handle whose `stop()` kills it and removes its directory. Used at run time
 * by `rapo scale` (when no `--redis` URL is given) and by the tests through `store/testing`.
 * Needs the `redis-server` and `redis-cli` executables on the PATH (Debian package `redis-server`).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A running redis-server. */
export interface RedisServerHandle {
  port: number;
  url: string;
  dir: string;
  process: ChildProcess;
  /** SIGKILLs (or SIGTERMs, for a clean shutdown) the server and removes its directory unless kept. */
  stop(options?: { signal?: NodeJS.Signals; keepDir?: boolean }): Promise<void>;
}

/** Options of {@link startRedisServer}. */
export interface RedisServerOptions {
  /** extra `redis-server` arguments, e.g. `["--appendonly", "yes"]`. */
  args?: string[];
  /** port to use (default: a free one). */
  port?: number;
  /** working directory (default: a fresh temporary one). */
  dir?: string;
}

/** A free TCP port on 127.0.0.1 (optionally whose +10000 cluster bus port is free too). */
export async function freePort(withBusPort = false): Promise<number> {
  for (;;) {
    const port = await listenFree(0);
    if (!withBusPort) return port;
    if (port + 10000 < 65536 && (await isFree(port + 10000))) return port;
  }
}

/** Starts redis-server and waits until it answers PING. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServerHandle> {
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "rapo-redis-"));
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--save",
    "",
    "--appendonly",
    "no",
  ];
  const child = spawn("redis-server", [...args, ...(options.args ?? [])], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await waitForPing(port, child);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    process: child,
    async stop({ signal = "SIGKILL", keepDir = false } = {}) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
      if (!keepDir && options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs one redis-cli command against a loopback port and returns its output. */
export async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run("redis-cli", ["-h", "127.0.0.1", "-p", String(port), ...args]);
  return stdout;
}

async function waitForPing(port: number, child: ChildProcess): Promise<void> {
  await waitFor(async () => {
    if (child.exitCode !== null)
      throw new Error(`redis-server on port ${port} exited with ${child.exitCode}`);
    try {
      return (await cli(port, "PING")).trim() === "PONG";
    } catch {
      return false;
    }
  });
}

/** Polls `check` every 50 ms until it holds; throws after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting for redis");
    await new Promise((r) => setTimeout(r, 50));
  }
}

function listenFree(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const chosen = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(chosen));
    });
  });
}

async function isFree(port: number): Promise<boolean> {
  try {
    await listenFree(port);
    return true;
  } catch {
    return false;
  }
}
