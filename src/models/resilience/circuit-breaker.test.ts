import { describe, expect, it } from "vitest";
import { type BreakerPolicy, type BreakerTransition, CircuitBreaker } from "./circuit-breaker.js";

const policy: BreakerPolicy = {
  failureThreshold: 3,
  failureRate: 0.5,
  window: 10,
  minCalls: 6,
  cooldownMs: 1000,
};

function setup(p: BreakerPolicy = policy) {
  const clock = { t: 0 };
  const transitions: BreakerTransition[] = [];
  const breaker = new CircuitBreaker(p, { now: () => clock.t, onStateChange: (t) => transitions.push(t) });
  return { clock, transitions, breaker };
}

describe("CircuitBreaker", () => {
  it("opens after N consecutive failures and stops routing", () => {
    const { breaker, transitions } = setup();
    breaker.recordFailure("a");
    breaker.recordFailure("a");
    expect(breaker.canRoute("a")).toBe(true);
    breaker.recordFailure("a");
    expect(breaker.state("a")).toBe("open");
    expect(breaker.canRoute("a")).toBe(false);
    expect(breaker.canRoute("b")).toBe(true);
    expect(breaker.trippedCount).toBe(1);
    expect(transitions).toMatchObject([
      { agentId: "a", from: "closed", to: "open", reason: "consecutive_failures" },
    ]);
  });

  it("a success resets the consecutive count", () => {
    const { breaker } = setup();
    breaker.recordFailure("a");
    breaker.recordFailure("a");
    breaker.recordSuccess("a");
    breaker.recordFailure("a");
    breaker.recordFailure("a");
    expect(breaker.state("a")).toBe("closed");
  });

  it("opens on the failure rate over the window once minCalls are seen", () => {
    const { breaker, transitions } = setup({ ...policy, failureThreshold: 100 });
    // F S F S F: rate 0.6 but only 5 calls < minCalls
    for (const failed of [1, 0, 1, 0, 1]) failed ? breaker.recordFailure("a") : breaker.recordSuccess("a");
    expect(breaker.state("a")).toBe("closed");
    breaker.recordSuccess("a"); // 3/6 = 0.5 ≥ 0.5
    expect(breaker.state("a")).toBe("closed"); // rate is only judged on a failure
    breaker.recordFailure("a"); // 4/7
    expect(breaker.state("a")).toBe("open");
    expect(transitions.at(-1)?.reason).toBe("failure_rate");
  });

  it("forgets outcomes that slide out of the window", () => {
    const { breaker } = setup({
      ...policy,
      failureThreshold: 100,
      window: 4,
      minCalls: 4,
      failureRate: 0.75,
    });
    for (const failed of [1, 1, 0, 0, 0, 0, 1, 0])
      failed ? breaker.recordFailure("a") : breaker.recordSuccess("a");
    expect(breaker.state("a")).toBe("closed");
    breaker.recordFailure("a"); // window: 0 1 0 1 → 2/4 < 0.75
    expect(breaker.state("a")).toBe("closed");
    breaker.recordFailure("a"); // 1 0 1 1 → 3/4
    expect(breaker.state("a")).toBe("open");
  });

  it("half-opens after the cool-down, lets one probe through, closes on its success", () => {
    const { breaker, clock, transitions } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure("a");
    clock.t = 999;
    expect(breaker.canRoute("a")).toBe(false);
    clock.t = 1000;
    expect(breaker.canRoute("a")).toBe(true);
    expect(breaker.state("a")).toBe("half-open");
    breaker.beginCall("a");
    expect(breaker.canRoute("a")).toBe(false); // the probe is in flight
    breaker.recordSuccess("a");
    expect(breaker.state("a")).toBe("closed");
    expect(breaker.canRoute("a")).toBe(true);
    expect(breaker.trippedCount).toBe(0);
    expect(transitions.map((t) => `${t.from}>${t.to}:${t.reason}`)).toEqual([
      "closed>open:consecutive_failures",
      "open>half-open:cooldown_elapsed",
      "half-open>closed:probe_succeeded",
    ]);
  });

  it("re-opens when the probe fails, restarting the cool-down", () => {
    const { breaker, clock } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure("a");
    clock.t = 1500;
    expect(breaker.canRoute("a")).toBe(true);
    breaker.beginCall("a");
    breaker.recordFailure("a");
    expect(breaker.state("a")).toBe("open");
    clock.t = 2499;
    expect(breaker.canRoute("a")).toBe(false);
    clock.t = 2500;
    expect(breaker.canRoute("a")).toBe(true);
  });

  it("frees the probe slot when the call is cancelled or never reports back", () => {
    const { breaker, clock } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure("a");
    clock.t = 1000;
    breaker.canRoute("a");
    breaker.beginCall("a");
    breaker.cancelCall("a");
    expect(breaker.canRoute("a")).toBe(true);
    breaker.beginCall("a");
    clock.t = 1999;
    expect(breaker.canRoute("a")).toBe(false);
    clock.t = 2000;
    expect(breaker.canRoute("a")).toBe(true);
  });

  it("reset closes every breaker", () => {
    const { breaker } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure("a");
    for (let i = 0; i < 3; i++) breaker.recordFailure("b");
    breaker.reset();
    expect(breaker.canRoute("a") && breaker.canRoute("b")).toBe(true);
    expect(breaker.trippedCount).toBe(0);
  });
});
