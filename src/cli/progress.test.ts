import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EtaEstimator, formatEta } from "./progress.js";

/** Feeds unit durations (seconds) to an estimator and returns the ETA after each unit. */
function etas(total: number, durations: number[], startupSeconds = 0): (number | null)[] {
  const eta = new EtaEstimator(total);
  let now = startupSeconds * 1000;
  return durations.map((d, i) => {
    now += d * 1000;
    eta.update(i + 1, now);
    return eta.seconds();
  });
}

describe("EtaEstimator", () => {
  it("does not swing when cheap and expensive units alternate after a slow start-up", () => {
    const total = 400;
    // a 60 s model load, then conversations of 0.2 s and 4 s alternating (mean 2.1 s)
    const durations = Array.from({ length: total }, (_, i) => (i === 0 ? 60 : i % 2 ? 0.2 : 4));
    const series = etas(total, durations);
    const finishes: number[] = [];
    let elapsed = 0;
    for (const [i, eta] of series.entries()) {
      elapsed += durations[i]!;
      if (i < 20 || i >= total - 20) continue; // the last units' true cost is one coin flip away
      expect(eta, `after ${i + 1} units`).not.toBeNull();
      const trueRemaining = durations.slice(i + 1).reduce((a, b) => a + b, 0);
      expect(Math.abs(eta! - trueRemaining) / trueRemaining, `after ${i + 1} units`).toBeLessThan(0.15);
      finishes.push(elapsed + eta!);
    }
    // the predicted finish time moves by under 10 % over the whole run (it swung ×60 before)
    expect(Math.max(...finishes) / Math.min(...finishes)).toBeLessThan(1.1);
  });

  it("is exact for constant-rate work, unknown before evidence and when finished", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 500 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (total, d) => {
          const series = etas(total, Array(total).fill(d), 30);
          expect(series[0]).toBeNull(); // one unit gives no rate
          expect(series[total - 1]).toBeNull();
          for (const [i, eta] of series.entries()) {
            if (eta === null) continue;
            expect(eta).toBeCloseTo((total - i - 1) * d, 6);
          }
        },
      ),
    );
  });

  it("never reports a negative time", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: 1, maxLength: 300 }),
        (ds) => {
          for (const eta of etas(ds.length + 5, ds)) if (eta !== null) expect(eta).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe("formatEta", () => {
  it("prints seconds, minutes or hours", () => {
    expect(formatEta(null)).toBe("…");
    expect(formatEta(44.6)).toBe("45s");
    expect(formatEta(725)).toBe("12m 05s");
    expect(formatEta(4 * 3600 + 25 * 60 + 10)).toBe("4h 25m");
  });
});
