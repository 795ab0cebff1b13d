/**
 * @module ports/testing/leader-election-spec
 * Conformance suite of {@link LeaderElection} (memory twin and Redis). Leases are real time.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LeaderElection } from "../leader-election.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bytes = (...values: number[]) => new Uint8Array(values);

/** Registers the suite; `create` gives a fresh, empty election per test. */
export function runLeaderElectionSpec(name: string, create: () => Promise<LeaderElection>): void {
  describe(`LeaderElection conformance: ${name}`, () => {
    let election: LeaderElection;
    beforeEach(async () => {
      election = await create();
    });
    afterEach(async () => {
      await election.close();
    });

    it("gives the lease to one holder; the same holder renews with the same token", async () => {
      const a = await election.tryAcquire("a", 5000);
      expect(a).toMatchObject({ holder: "a" });
      expect(await election.tryAcquire("b", 5000)).toBeNull();
      const again = await election.tryAcquire("a", 5000);
      expect(again!.token).toBe(a!.token);
      expect(await election.current()).toEqual({ holder: "a", token: a!.token });
      const renewed = await election.renew(a!, 5000);
      expect(renewed!.token).toBe(a!.token);
    });

    it("hands an expired lease to another holder with a larger token; the old one cannot renew", async () => {
      const a = await election.tryAcquire("a", 60);
      await sleep(90);
      expect(await election.current()).toBeNull();
      const b = await election.tryAcquire("b", 5000);
      expect(b!.token).toBeGreaterThan(a!.token);
      expect(await election.renew(a!, 5000)).toBeNull();
      expect(await election.current()).toEqual({ holder: "b", token: b!.token });
    });

    it("frees the lease on resign, and only for the holder's own token", async () => {
      const a = await election.tryAcquire("a", 5000);
      await election.resign({ ...a!, token: a!.token + 100 });
      expect(await election.current()).not.toBeNull();
      await election.resign(a!);
      expect(await election.current()).toBeNull();
      const b = await election.tryAcquire("b", 5000);
      expect(b!.token).toBeGreaterThan(a!.token);
    });

    it("fences: a write with an older token is refused and changes nothing", async () => {
      const a = await election.tryAcquire("a", 60);
      expect(await election.fencedWrite(a!.token, "weights", bytes(1))).toBe(true);
      await sleep(90);
      const b = await election.tryAcquire("b", 5000);
      expect(await election.fencedWrite(b!.token, "weights", bytes(2))).toBe(true);
      expect(await election.fencedWrite(a!.token, "weights", bytes(9))).toBe(false);
      expect(await election.read("weights")).toEqual(bytes(2));
      expect(await election.read("absent")).toBeNull();
    });
  });
}
