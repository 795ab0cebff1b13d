/**
 * @module runtime/distributed/testing/worker-process
 * Test helper: runs `rapo worker --events` as a real child process and collects its stdout lines
 * (`ready`, `elected <token>`, `served <turnId> <agent> first|again`, `published <version> <applied>`, …).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../../../bin/rapo.js", import.meta.url));

/** A running `rapo worker` child. */
export interface WorkerProcess {
  id: string;
  child: ChildProcess;
  lines: string[];
  /** resolves when the worker printed its ready line. */
  ready: Promise<void>;
  /** resolves with the first line matching `pattern` among those from line `from` on (default 0). */
  waitFor(pattern: RegExp, timeoutMs?: number, from?: number): Promise<string>;
}

/** Starts `rapo worker` for `agents` (every agent of the config when empty). */
export function spawnWorker(options: {
  redis: string;
  keyPrefix: string;
  config: string;
  id: string;
  agents?: readonly string[];
  lead?: boolean;
}): WorkerProcess {
  const args = [
    BIN,
    "worker",
    "--redis",
    options.redis,
    "--config",
    options.config,
    "--key-prefix",
    options.keyPrefix,
  ];
  args.push("--id", options.id, "--events");
  if (options.agents && options.agents.length > 0) args.push("--agents", options.agents.join(","));
  if (options.lead === false) args.push("--no-lead");
  const child = spawn(process.execPath, args, {
    env: { ...process.env, RAPO_LOG_LEVEL: "error" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();
  createInterface({ input: child.stdout! }).on("line", (line) => {
    lines.push(line);
    for (const w of waiters) {
      if (w.pattern.test(line)) {
        waiters.delete(w);
        w.resolve(line);
      }
    }
  });
  const waitFor = (pattern: RegExp, timeoutMs = 60_000, from = 0) => {
    const seen = lines.slice(from).find((l) => pattern.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(entry);
        reject(new Error(`${options.id}: no line matching ${pattern} within ${timeoutMs} ms`));
      }, timeoutMs);
      const entry = {
        pattern,
        resolve: (line: string) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      waiters.add(entry);
    });
  };
  const ready = Promise.race([
    waitFor(/ready, hosting/, 180_000).then(() => undefined),
    new Promise<void>((_, reject) =>
      child.once("exit", (code) => reject(new Error(`${options.id} exited with ${code}`))),
    ),
  ]);
  ready.catch(() => undefined);
  return { id: options.id, child, lines, ready, waitFor };
}

/** A simulated agent of a deployment config: id, role and capability prior. */
export interface DeploymentAgent {
  id: string;
  role: string;
  prior: Record<string, number>;
}

/**
 * Capability twins on three workers (the failover test and `bench:distributed`): each agent's
 * most similar agent is its twin, hosted by another worker, so it substitutes for it (SPEC §7).
 */
export const TWIN_AGENTS: readonly DeploymentAgent[] = [
  { id: "code-a", role: "You write code.", prior: { code: 0.95 } },
  { id: "code-b", role: "You write code.", prior: { code: 0.9 } },
  { id: "math-a", role: "You solve math.", prior: { math: 0.95 } },
  { id: "math-b", role: "You solve math.", prior: { math: 0.9 } },
  { id: "story-a", role: "You write stories.", prior: { creative: 0.95 } },
  { id: "story-b", role: "You write stories.", prior: { creative: 0.9 } },
];

/** Which worker hosts which of {@link TWIN_AGENTS}: no worker hosts both twins of a pair. */
export const TWIN_HOSTS: Readonly<Record<string, readonly string[]>> = {
  w1: ["code-a", "story-b"],
  w2: ["code-b", "math-a"],
  w3: ["math-b", "story-a"],
};

/**
 * Writes a deployment config of simulated agents into `dir` as `name`; returns its path.
 * `simulated` is merged into each agent's simulated-model options: by default real latency
 * (150–300 ms per call, `timeScale` 1) at the model's default capacity of 4 calls at once.
 */
export function writeDeploymentConfig(
  dir: string,
  agents: readonly DeploymentAgent[],
  config: Record<string, unknown>,
  simulated: Record<string, unknown> = {},
  name = "rapo.config.json",
): string {
  const path = join(dir, name);
  const defaults = { timeScale: 1, latency: { baseMs: 150, perTokenMs: 0, jitterMs: 150 } };
  writeFileSync(
    path,
    JSON.stringify({
      agents: agents.map((a, i) => ({
        id: a.id,
        role: a.role,
        provider: "simulated",
        model: "sim",
        capabilityPrior: a.prior,
        simulated: { seed: i + 1, defaultSkill: 0.9, ...defaults, ...simulated },
      })),
      config,
    }),
  );
  return path;
}
