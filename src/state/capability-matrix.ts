/**
 * @module state/capability-matrix
 * M_i ∈ R^{m×l} (SPEC §2, §3): an agent's success rate per task type (rows) × modality
 * (columns), learned from outcomes, plus decayed evidence counts that drive exploration.
 * Row-major Float32Arrays so routing reads a cell by index without allocation.
 */
import type { RapoConfig } from "../config/schema.js";
import { ConfigError, InputError } from "../errors.js";
import { fromFloat16Array, toFloat16Array } from "./float16.js";
import type { Taxonomy } from "./taxonomy.js";
import { cosine } from "./vector-math.js";

/** The routing settings capability learning reads. */
export type CapabilityLearningConfig = Pick<
  RapoConfig["routing"],
  "learningRate" | "decay" | "capabilityPrior" | "capabilitySpill" | "modalitySpill"
>;

/** A prior as in `AgentSpec.capabilityPrior`: per task id (all modalities) or a full m×l matrix. */
export type CapabilityPrior = Record<string, number> | number[][];

/** Rows (task types) × columns (modalities). */
export interface MatrixShape {
  readonly rows: number;
  readonly cols: number;
}

/** The capability matrix of one agent with its evidence. */
export class CapabilityMatrix {
  /** success rates in [0, 1], row-major (task·cols + modality). */
  readonly values: Float32Array;
  /** decayed count of outcomes observed per cell. */
  readonly evidenceValues: Float32Array;

  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly config: CapabilityLearningConfig,
  ) {
    if (!Number.isInteger(rows) || rows <= 0 || !Number.isInteger(cols) || cols <= 0) {
      throw new InputError("invalid_shape", `capability matrix needs positive sizes, got ${rows}×${cols}`);
    }
    this.values = new Float32Array(rows * cols).fill(config.capabilityPrior);
    this.evidenceValues = new Float32Array(rows * cols);
  }

  /**
   * A matrix for `taxonomy` initialised from `prior` (default: `routing.capabilityPrior` in
   * every cell). Throws ConfigError for unknown task ids, wrong shapes or values outside [0, 1].
   */
  static fromPrior(
    taxonomy: Taxonomy,
    prior: CapabilityPrior | undefined,
    config: { routing: CapabilityLearningConfig } | CapabilityLearningConfig,
  ): CapabilityMatrix {
    const routing = "routing" in config ? config.routing : config;
    const matrix = new CapabilityMatrix(taxonomy.taskTypes.length, taxonomy.modalities.length, routing);
    if (prior === undefined) return matrix;
    if (Array.isArray(prior)) matrix.applyMatrixPrior(prior);
    else matrix.applyTaskPrior(taxonomy, prior);
    return matrix;
  }

  /**
   * Restores a matrix from {@link toFloat16} output: values then evidence (2·rows·cols halves),
   * or values only (rows·cols halves, evidence zero).
   */
  static fromFloat16(
    data: Uint16Array,
    shape: MatrixShape | Taxonomy,
    config: CapabilityLearningConfig,
  ): CapabilityMatrix {
    const { rows, cols } =
      "rows" in shape ? shape : { rows: shape.taskTypes.length, cols: shape.modalities.length };
    const matrix = new CapabilityMatrix(rows, cols, config);
    const cells = rows * cols;
    if (data.length !== cells && data.length !== 2 * cells) {
      throw new InputError(
        "invalid_shape",
        `float16 capability data has ${data.length} halves, expected ${cells} or ${2 * cells}`,
      );
    }
    fromFloat16Array(data.subarray(0, cells), matrix.values);
    if (data.length === 2 * cells) fromFloat16Array(data.subarray(cells), matrix.evidenceValues);
    return matrix;
  }

  /** Number of cells m·l. */
  get size(): number {
    return this.values.length;
  }

  /** Row-major index of (task, modality). */
  cell(task: number, modality: number): number {
    this.checkIndex(task, modality);
    return task * this.cols + modality;
  }

  /** C_a for a (task, modality) cell. */
  score(task: number, modality: number): number {
    return this.values[this.cell(task, modality)]!;
  }

  /** Decayed evidence of a cell. */
  evidence(task: number, modality: number): number {
    return this.evidenceValues[this.cell(task, modality)]!;
  }

  /** Σ evidence over all cells. */
  totalEvidence(): number {
    let total = 0;
    for (let i = 0; i < this.evidenceValues.length; i++) total += this.evidenceValues[i]!;
    return total;
  }

  /**
   * SPEC §3: M ← (1−η)M + η·o·e_τᵀ. The (task, modality) cell moves towards `outcome` with η;
   * the other cells of the same task row move with η·capabilitySpill and those of the same
   * modality column with η·modalitySpill. Evidence of the task row decays by `decay` (recent
   * outcomes weigh more); the touched cell gains 1 and its row siblings gain capabilitySpill.
   * Other rows keep their evidence: an outcome on one task type says nothing new about another.
   */
  update(task: number, modality: number, outcome: number): void {
    if (typeof outcome !== "number" || !Number.isFinite(outcome) || outcome < 0 || outcome > 1) {
      throw new InputError("invalid_outcome", `outcome must be a number in [0, 1], got ${String(outcome)}`, {
        outcome,
      });
    }
    const target = this.cell(task, modality);
    const { learningRate: eta, capabilitySpill: spill, modalitySpill, decay } = this.config;
    const rowStart = task * this.cols;
    for (let j = 0; j < this.cols; j++)
      if (j !== modality) this.moveTowards(rowStart + j, outcome, eta * spill);
    for (let i = 0; i < this.rows; i++)
      if (i !== task) this.moveTowards(i * this.cols + modality, outcome, eta * modalitySpill);
    this.moveTowards(target, outcome, eta);
    const evidence = this.evidenceValues;
    for (let j = 0; j < this.cols; j++) {
      const cell = rowStart + j;
      evidence[cell] = evidence[cell]! * decay + (cell === target ? 1 : spill);
    }
  }

  /** Cosine similarity of the two matrices' values (failover picks the most similar agent). */
  similarity(other: CapabilityMatrix): number {
    this.checkSameShape(other);
    return cosine(this.values, other.values);
  }

  /** Values then evidence as IEEE half-precision bits (SPEC §6: stored as float16). */
  toFloat16(): Uint16Array {
    const out = new Uint16Array(2 * this.size);
    out.set(toFloat16Array(this.values), 0);
    out.set(toFloat16Array(this.evidenceValues), this.size);
    return out;
  }

  /** An independent copy. */
  clone(): CapabilityMatrix {
    const copy = new CapabilityMatrix(this.rows, this.cols, this.config);
    copy.copyFrom(this);
    return copy;
  }

  /** Overwrites values and evidence with those of `other` (same shape). */
  copyFrom(other: CapabilityMatrix): void {
    this.checkSameShape(other);
    this.values.set(other.values);
    this.evidenceValues.set(other.evidenceValues);
  }

  private moveTowards(index: number, outcome: number, rate: number): void {
    this.values[index] = (1 - rate) * this.values[index]! + rate * outcome;
  }

  private applyTaskPrior(taxonomy: Taxonomy, prior: Record<string, number>): void {
    for (const [taskId, value] of Object.entries(prior)) {
      const row = taxonomy.taskTypes.findIndex((t) => t.id === taskId);
      if (row < 0)
        throw new ConfigError(`invalid config 'capabilityPrior': unknown task type '${taskId}'`, {
          field: "capabilityPrior",
          value: taskId,
        });
      checkPriorValue(value, `capabilityPrior.${taskId}`);
      this.values.fill(value, row * this.cols, (row + 1) * this.cols);
    }
  }

  private applyMatrixPrior(prior: number[][]): void {
    if (prior.length !== this.rows || prior.some((row) => !Array.isArray(row) || row.length !== this.cols)) {
      throw new ConfigError(`invalid config 'capabilityPrior': must be a ${this.rows}×${this.cols} matrix`, {
        field: "capabilityPrior",
        value: prior,
      });
    }
    for (let i = 0; i < this.rows; i++) {
      for (let j = 0; j < this.cols; j++) {
        const value = prior[i]![j];
        checkPriorValue(value, `capabilityPrior.${i}.${j}`);
        this.values[i * this.cols + j] = value as number;
      }
    }
  }

  private checkIndex(task: number, modality: number): void {
    if (
      !Number.isInteger(task) ||
      task < 0 ||
      task >= this.rows ||
      !Number.isInteger(modality) ||
      modality < 0 ||
      modality >= this.cols
    ) {
      throw new InputError(
        "out_of_range",
        `capability cell (${task}, ${modality}) outside ${this.rows}×${this.cols}`,
        {
          task,
          modality,
        },
      );
    }
  }

  private checkSameShape(other: CapabilityMatrix): void {
    if (other.rows !== this.rows || other.cols !== this.cols) {
      throw new InputError(
        "invalid_shape",
        `capability matrices differ in shape: ${this.rows}×${this.cols} vs ${other.rows}×${other.cols}`,
      );
    }
  }
}

function checkPriorValue(value: unknown, field: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new ConfigError(`invalid config '${field}': got ${JSON.stringify(value)}; must be in [0, 1]`, {
      field,
      value,
    });
  }
}
