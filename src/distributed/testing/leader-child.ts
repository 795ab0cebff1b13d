/**
 * @module distributed/testing/leader-child
 * Child process of the fencing test: campaigns for leadership and, while leader, applies a
 * read-modify-write "learning step" to a leader-owned counter through `fencedWrite`, with a pause
 * between the read and the write (where the parent SIGSTOPs it). Prints one line per event:
 * `elected <token>`, `read <token> <count>`, `write <token> <count> ok|refused`, `demoted <token>`.
 *
 * Usage: node --import tsx leader-child.ts <redis url> <key prefix> <holder> <lease ms> <gap ms>
 */
import { connectRedis } from "../../store/redis-connection.js";
import { LeaderElector } from "../leader-elector.js";
import { RedisLeaderElection } from "../redis-leader-election.js";

const [url, prefix, holder, leaseArg, gapArg] = process.argv.slice(2);
if (url === undefined || prefix === undefined || holder === undefined) {
  throw new Error("usage: leader-child.ts <redis url> <key prefix> <holder> <lease ms> <gap ms>");
}
const leaseMs = Number(leaseArg ?? 300);
const gapMs = Number(gapArg ?? 200);
const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const client = await connectRedis(url);
const election = new RedisLeaderElection(client, prefix);
const elector = new LeaderElector(election, holder, leaseMs, {
  onElected: (lease) => say(`elected ${lease.token}`),
  onDemoted: (lease) => say(`demoted ${lease.token}`),
});
elector.start();

for (;;) {
  const lease = elector.current;
  if (lease === null) {
    await sleep(10);
    continue;
  }
  const stored = await election.read("learned");
  const count = stored === null ? 0 : Number(Buffer.from(stored).toString("utf8"));
  say(`read ${lease.token} ${count}`);
  await sleep(gapMs);
  const ok = await election.fencedWrite(lease.token, "learned", Buffer.from(String(count + 1)));
  say(`write ${lease.token} ${count + 1} ${ok ? "ok" : "refused"}`);
  await sleep(10);
}
