/**
 * @module consensus/effectiveness-window
 * E, the conversation effectiveness over a rolling window (SPEC §4: E ≥ 0.7 over the last 100
 * conversations). A ring of the last `capacity` outcomes with a running sum; E is unknown (null)
 * until `minSamples` conversations were seen, so a cold start cannot trigger a rollback.
 */
import { InputError } from "../errors.js";

/** Rolling mean of conversation outcomes in [0, 1]. */
export class EffectivenessWindow {
  readonly capacity: number;
  readonly minSamples: number;
  private readonly values: Float64Array;
  private head = 0;
  private count = 0;
  private sum = 0;

  constructor(capacity: number, minSamples: number) {
    if (!Number.isInteger(capacity) || capacity <= 0 || !Number.isInteger(minSamples) || minSamples <= 0) {
      throw new InputError(
        "invalid_window",
        `effectiveness window needs positive sizes, got ${capacity}/${minSamples}`,
      );
    }
    this.capacity = capacity;
    this.minSamples = Math.min(minSamples, capacity);
    this.values = new Float64Array(capacity);
  }

  /** Records one conversation outcome. Throws InputError outside [0, 1] (NaN included). */
  push(success: number): void {
    if (!(success >= 0 && success <= 1)) {
      throw new InputError("invalid_outcome", `conversation success must be in [0, 1], got ${success}`, {
        success,
      });
    }
    if (this.count === this.capacity) this.sum -= this.values[this.head]!;
    else this.count++;
    this.values[this.head] = success;
    this.head = (this.head + 1) % this.capacity;
    this.sum += success;
  }

  /** Outcomes held. */
  get size(): number {
    return this.count;
  }

  /** E, or null while fewer than `minSamples` outcomes are held. */
  value(): number | null {
    if (this.count < this.minSamples) return null;
    // re-summing is cheap (≤ capacity) and keeps floating-point drift out of a long-lived sum
    let sum = 0;
    for (let i = 0; i < this.count; i++) sum += this.values[i]!;
    this.sum = sum;
    return sum / this.count;
  }

  /** Forgets every outcome (after a rollback the restored configuration is judged afresh). */
  clear(): void {
    this.head = 0;
    this.count = 0;
    this.sum = 0;
  }

  /** Held outcomes, oldest first. */
  exportState(): Float64Array {
    const out = new Float64Array(this.count);
    for (let i = 0; i < this.count; i++)
      out[i] = this.values[(this.head - this.count + i + this.capacity) % this.capacity]!;
    return out;
  }

  /** Replaces the content with outcomes oldest first (the last `capacity` are kept). */
  importState(outcomes: Float64Array): void {
    this.clear();
    for (let i = Math.max(0, outcomes.length - this.capacity); i < outcomes.length; i++)
      this.push(outcomes[i]!);
  }
}
