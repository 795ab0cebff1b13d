/**
 * @module runtime/distributed/testing/bus-diagnostics
 * Test helper: a bounded wait for a distributed test's turns, and what the Redis turn bus holds
 * for the turns that are still unanswered when it runs out (their reply keys, the stream entries
 * that carry them and who holds those in the consumer group, the worker lines naming them), so a
 * stuck turn fails the test quickly with a message instead of waiting for the vitest timeout.
 */
import { connectRedis } from "../../../store/redis-connection.js";
import { redisKeys } from "../../../store/redis-keys.js";

/** Resolves with `promise`, or rejects after `ms` with the message `describe` builds then. */
export async function settleWithin<T>(
  promise: Promise<T>,
  ms: number,
  describe: () => Promise<string>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<"expired">((resolve) => {
    timer = setTimeout(() => resolve("expired"), ms);
  });
  try {
    const first = await Promise.race([promise.then((value) => ({ value })), expired]);
    if (first !== "expired") return first.value;
  } finally {
    clearTimeout(timer);
  }
  throw new Error(await describe().catch((error: unknown) => `(diagnostics failed: ${String(error)})`));
}

/**
 * One line per turn id: whether the bus holds a reply for it (or for a failover retry `<id>.<n>`),
 * each stream entry carrying it with its pending-entry state (consumer, idle ms, deliveries), and
 * the worker output lines that mention it.
 */
export async function describeBusTurns(options: {
  redis: string;
  keyPrefix: string;
  agentIds: readonly string[];
  turnIds: readonly string[];
  workerLines?: Record<string, readonly string[]>;
}): Promise<string[]> {
  const client = await connectRedis(options.redis);
  const keys = redisKeys(options.keyPrefix);
  try {
    const entries: { agentId: string; id: string; turnId: string; failedOver: string[] }[] = [];
    const pending = new Map<string, string>();
    for (const agentId of options.agentIds) {
      const stream = keys.agentStream(agentId);
      for (const [id, flat] of (await client.xrange(stream, "-", "+")) as [string, string[]][]) {
        const json = flat[flat.indexOf("turn") + 1];
        try {
          const turn = JSON.parse(json ?? "null") as { turnId: string; failedOver: string[] };
          entries.push({ agentId, id, turnId: turn.turnId, failedOver: turn.failedOver });
        } catch {
          // not a turn: irrelevant here
        }
      }
      const details = (await client.xpending(stream, "workers", "-", "+", 10_000).catch(() => [])) as [
        string,
        string,
        number,
        number,
      ][];
      for (const [id, consumer, idle, deliveries] of details)
        pending.set(`${agentId}/${id}`, `held by ${consumer}, idle ${idle} ms, ${deliveries} deliveries`);
    }
    const out: string[] = [];
    for (const turnId of options.turnIds) {
      const replies: string[] = [];
      for (const id of [turnId, `${turnId}.1`, `${turnId}.2`, `${turnId}.3`]) {
        const reply = await client.get(keys.turnResult(id));
        if (reply !== null) {
          const r = JSON.parse(reply) as { status: string; agentId: string | null; completedBy: string };
          replies.push(`${id}: ${r.status} by ${r.agentId} on ${r.completedBy}`);
        }
      }
      const carried = entries
        .filter((e) => e.turnId === turnId || e.turnId.startsWith(`${turnId}.`))
        .map(
          (e) =>
            `${e.agentId}/${e.id} (${e.turnId}, failedOver [${e.failedOver.join(",")}]) ${pending.get(`${e.agentId}/${e.id}`) ?? "not delivered yet"}`,
        );
      const lines = Object.entries(options.workerLines ?? {}).flatMap(([worker, all]) =>
        all.filter((l) => l.includes(turnId)).map((l) => `${worker}: ${l}`),
      );
      out.push(
        `${turnId}: replies [${replies.join("; ")}]; stream entries [${carried.join("; ")}]; worker lines [${lines.join("; ")}]`,
      );
    }
    return out;
  } finally {
    client.disconnect();
  }
}
