import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runLeaderElectionSpec } from "../ports/testing/leader-election-spec.js";
import { RedisLeaderElection } from "./redis-leader-election.js";
import { useRedisServer } from "./testing/use-redis-server.js";

const redis = useRedisServer();

runLeaderElectionSpec("redis", async () => new RedisLeaderElection(redis.client, `t-${randomUUID()}:`));

const CHILD = fileURLToPath(new URL("./testing/leader-child.ts", import.meta.url));
const LEASE_MS = 400;

interface Child {
  process: ChildProcess;
  lines: { at: number; text: string }[];
  waitFor(pattern: RegExp, after?: number, timeoutMs?: number): Promise<{ at: number; text: string }>;
}

function startChild(prefix: string, holder: string): Child {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", CHILD, redis.server.url, prefix, holder, String(LEASE_MS), "250"],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const lines: { at: number; text: string }[] = [];
  const waiters: (() => void)[] = [];
  createInterface({ input: child.stdout! }).on("line", (text) => {
    lines.push({ at: Date.now(), text });
    for (const w of waiters.splice(0)) w();
  });
  return {
    process: child,
    lines,
    async waitFor(pattern, after = 0, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines.slice(after).find((l) => pattern.test(l.text));
        if (found !== undefined) return found;
        if (Date.now() > deadline)
          throw new Error(
            `${holder}: no line matching ${pattern}; got ${lines.map((l) => l.text).join(" / ")}`,
          );
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
  };
}

/** The child that wins the first election (either may boot first), then the other one. */
async function firstLeader(children: [Child, Child], timeoutMs = 20_000): Promise<[Child, Child]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const at = children.map(
      (c) => c.lines.find((l) => /^elected /.test(l.text))?.at ?? Number.POSITIVE_INFINITY,
    );
    if (at[0]! !== Number.POSITIVE_INFINITY || at[1]! !== Number.POSITIVE_INFINITY)
      return at[0]! <= at[1]! ? children : [children[1], children[0]];
    if (Date.now() > deadline) throw new Error("no child was elected leader");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("leader election across processes", () => {
  it("elects a new leader within 2 lease periods of SIGSTOP, and the resumed old leader's write is refused", async () => {
    const prefix = `t-${randomUUID()}:`;
    const children: [Child, Child] = [startChild(prefix, "a"), startChild(prefix, "b")];
    try {
      // a is whichever process won the first election, b the one waiting for the lease
      const [a, b] = await firstLeader(children);
      const electedA = await a.waitFor(/^elected /);
      await a.waitFor(/^write \d+ 2 ok$/);
      // Stop A between its read and its write: it still believes it leads with its old token.
      const marker = a.lines.length;
      await a.waitFor(/^read /, marker);
      a.process.kill("SIGSTOP");
      const stoppedAt = Date.now();
      const electedB = await b.waitFor(/^elected /);
      const failoverMs = electedB.at - stoppedAt;
      expect(failoverMs).toBeLessThanOrEqual(2 * LEASE_MS);
      expect(Number(electedB.text.split(" ")[1])).toBeGreaterThan(Number(electedA.text.split(" ")[1]));
      await b.waitFor(/^write \d+ \d+ ok$/);
      const resumeMarker = a.lines.length;
      a.process.kill("SIGCONT");
      const stale = await a.waitFor(/^write /, resumeMarker);
      expect(stale.text).toMatch(/ refused$/);
      await a.waitFor(/^demoted /, resumeMarker);
      await b.waitFor(/^write \d+ \d+ ok$/, b.lines.findIndex((l) => l.text.startsWith("write")) + 1);
      // The learned counter went up by exactly one per accepted write: no rollback, no double apply.
      const accepted = [...a.lines, ...b.lines]
        .filter((l) => / ok$/.test(l.text))
        .map((l) => Number(l.text.split(" ")[2]))
        .sort((x, y) => x - y);
      expect(accepted).toEqual(accepted.map((_, i) => i + 1));
      const stored = await new RedisLeaderElection(redis.client, prefix).read("learned");
      expect(Number(Buffer.from(stored!).toString("utf8"))).toBeGreaterThanOrEqual(accepted.length);
      console.log(`leader failover after SIGSTOP: ${failoverMs} ms (lease ${LEASE_MS} ms)`);
    } finally {
      for (const c of children) {
        c.process.kill("SIGCONT");
        c.process.kill("SIGKILL");
      }
    }
  });
});
