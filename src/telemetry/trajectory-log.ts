/**
 * @module telemetry/trajectory-log
 * SPEC §7: failed conversations are logged with their complete state trajectory, one JSON object
 * per line (JSONL), for offline analysis. Appends are synchronous `appendFileSync` calls without
 * fsync: a failure record is small and rare, and a crash may lose at most the line in flight.
 *
 * Typed arrays anywhere in a record (P_i, C_i, M_i…) are written as
 * `{"$typed":"f32","length":n,"base64":"…"}` (exact, the default) or, with `vectors: "summary"`,
 * as `{"$typed":"f32","length":n,"norm":…,"min":…,"max":…,"mean":…,"head":[first 8]}`.
 * {@link readTrajectoryLog} turns base64 vectors back into typed arrays.
 */
import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { RapoError } from "../errors.js";

/** One step (turn) of a failed conversation. */
export interface TrajectoryStep {
  seq: number;
  turnId?: string;
  agentId: string | null;
  user?: string;
  answer?: string | null;
  taskType?: string;
  modality?: string;
  outcome?: number | null;
  /** whether this turn was a handoff. */
  handoff?: boolean;
  error?: string | null;
  /** the agent's state triple at this step. */
  state?: { prompt?: Float32Array; context?: Float32Array; capability?: Float32Array };
  /**
   * The serving agent as routing saw it at this turn (recorded when the turn was routed): its
   * learned capability at the turn's cell, its load, the prompt components P_i rendered, and the
   * handoff packet's size when the turn was a handoff.
   */
  turnState?: {
    capabilityCell: number;
    load: number;
    components: string[];
    packetTokens: number | null;
  };
  at?: number;
}

/** A failed conversation and its trajectory. */
export interface FailedConversationRecord {
  conversationId: string;
  /** why it counts as failed (e.g. `turn_failed`, `context_break`, `low_outcome`). */
  reason: string;
  failedAt: number;
  steps: TrajectoryStep[];
  /** anything else worth keeping (config hash, seed, metrics…). */
  meta?: Record<string, unknown>;
}

/** Options of the log. */
export interface TrajectoryLogOptions {
  path: string;
  /** how typed arrays are written: exact base64 (default) or a numeric summary. */
  vectors?: "base64" | "summary";
}

const TYPED_KEY = "$typed";
const SUMMARY_HEAD = 8;

/** Append-only JSONL log of failed conversations. */
export class TrajectoryLog {
  readonly path: string;
  private readonly vectors: "base64" | "summary";
  private written = 0;

  constructor(options: TrajectoryLogOptions) {
    this.path = options.path;
    this.vectors = options.vectors ?? "base64";
    mkdirSync(dirname(this.path), { recursive: true });
  }

  /** Records appended by this instance. */
  get count(): number {
    return this.written;
  }

  /** Appends one record as one line. Throws RapoError `trajectory_log_write_failed` on I/O errors. */
  append(record: FailedConversationRecord): void {
    const line = JSON.stringify(record, (_key, value: unknown) => this.encode(value));
    try {
      appendFileSync(this.path, `${line}\n`);
    } catch (cause) {
      throw new RapoError("trajectory_log_write_failed", `cannot append to the trajectory log ${this.path}`, {
        cause,
        details: { path: this.path },
      });
    }
    this.written++;
  }

  private encode(value: unknown): unknown {
    if (!(value instanceof Float32Array || value instanceof Float64Array)) return value;
    const kind = value instanceof Float32Array ? "f32" : "f64";
    if (this.vectors === "base64") {
      const base64 = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64");
      return { [TYPED_KEY]: kind, length: value.length, base64 };
    }
    return { [TYPED_KEY]: kind, length: value.length, ...summarise(value) };
  }
}

/** Reads every record of a log; base64 vectors come back as typed arrays. */
export function readTrajectoryLog(path: string): FailedConversationRecord[] {
  const text = readFileSync(path, "utf8");
  return text
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line, (_key, value: unknown) => decode(value)) as FailedConversationRecord);
}

function decode(value: unknown): unknown {
  if (typeof value !== "object" || value === null || !(TYPED_KEY in value)) return value;
  const v = value as { [TYPED_KEY]: string; base64?: string; length: number };
  if (typeof v.base64 !== "string") return value;
  const bytes = Buffer.from(v.base64, "base64");
  const copy = new Uint8Array(bytes); // aligned copy for the typed-array view
  return v[TYPED_KEY] === "f64" ? new Float64Array(copy.buffer) : new Float32Array(copy.buffer);
}

function summarise(v: Float32Array | Float64Array) {
  let squares = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    squares += x * x;
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const finite = (x: number) => (Number.isFinite(x) ? x : null); // NaN/Infinity are not JSON
  return {
    norm: finite(Math.sqrt(squares)),
    min: v.length > 0 ? finite(min) : null,
    max: v.length > 0 ? finite(max) : null,
    mean: v.length > 0 ? finite(sum / v.length) : null,
    head: Array.from(v.subarray(0, SUMMARY_HEAD), finite),
  };
}
