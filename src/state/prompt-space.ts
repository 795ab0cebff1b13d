/**
 * @module state/prompt-space
 * The prompt-component space (SPEC §2): where the prompt vectors P_i ∈ R^promptDim live and how
 * a vector becomes the system prompt a model is sent.
 *
 * Construction: the "successful prompt patterns" (a role plus 2–4 components, shipped below as
 * data) are embedded and PCA (ml-pca, SVD) over them gives an orthonormal basis U (d × k) of the
 * directions in which good prompts differ. A text embedding e is mapped into R^promptDim as
 *
 *     v(e) = [ Uᵀ(e − μ) ; G·r ]      r = (e − μ) − U·Uᵀ(e − μ)
 *
 * μ = mean pattern embedding. The first k coordinates are the principal scores, ordered by
 * explained variance; k ≤ min(#patterns − 1, d) is usually far below promptDim, so the remaining
 * promptDim − k coordinates are padded deterministically with a seeded Gaussian projection G
 * (Johnson–Lindenstrauss, entries N(0, 1/(promptDim − k))) of the residual r that PCA does not
 * explain. The padding keeps v(·) close to an isometry of the centred embedding space, so a
 * user-added component that no pattern uses still gets its own direction instead of collapsing to
 * zero; with the same seed the basis is identical in every process.
 *
 * Rendering: the components whose unit vectors have the highest cosine with P (top-k above a
 * threshold) are rendered after the role prompt, in bank order, so two agents that select the
 * same components send byte-identical conventions to their models.
 */

import { PCA } from "ml-pca";
import { promptSpaceSchema, type RapoConfig } from "../config/schema.js";
import { ConfigError, InputError } from "../errors.js";
import { createPrng } from "../util/random.js";
import { DEFAULT_PROMPT_COMPONENTS, type PromptComponent } from "./prompt-components.js";
import { DEFAULT_PROMPT_PATTERNS, type PromptPattern } from "./prompt-patterns.js";
import type { Embedder } from "./types.js";
import { cosine, normalize } from "./vector-math.js";

export { DEFAULT_PROMPT_PATTERNS, type PromptPattern };

/** Options of {@link PromptSpace.create}. */
export interface PromptSpaceOptions {
  embedder: Embedder;
  /** the component bank (default {@link DEFAULT_PROMPT_COMPONENTS}); users extend it. */
  components?: readonly PromptComponent[];
  /** the successful prompt patterns (default {@link DEFAULT_PROMPT_PATTERNS}). */
  patterns?: readonly PromptPattern[];
  /** dimension of P_i (config `state.promptDim`, 512). */
  dim: number;
  /** seed of the padding projection and of initial-vector noise (config `state.seed`). */
  seed: number;
  /** default top-k of {@link PromptSpace.render} (config `promptSpace.topK`). */
  topK?: number;
  /** default cosine threshold of {@link PromptSpace.render} (config `promptSpace.threshold`). */
  threshold?: number;
  /** norm of the seeded noise added to initial vectors, relative to ‖P‖ (default 0.05). */
  initialNoise?: number;
}

/** A component selected by {@link PromptSpace.render}, with its cosine to P. */
export interface RenderedComponent extends PromptComponent {
  score: number;
}

/** Facts about the basis, for logs and tests. */
export interface PromptBasisInfo {
  /** principal components kept (k): the leading coordinates of the space. */
  principalComponents: number;
  /** padded coordinates (promptDim − k), filled by the seeded residual projection. */
  paddedDimensions: number;
  /** share of the pattern variance each kept component explains. */
  explainedVariance: number[];
}

/** Eigenvalues below this share of the largest are numerically zero and dropped. */
const RELATIVE_EIGEN_FLOOR = 1e-9;
const DEFAULT_INITIAL_NOISE = 0.05;
// The schema is the one source of defaults; resolved once at load.
const SPACE_DEFAULTS = promptSpaceSchema.parse({});
// Salt so the padding projection and the noise never share a stream with other seeded users.
const PADDING_SALT = 0x50ca;
const WORD = /[a-z0-9]+/g;

/** The prompt-component space. Immutable after construction; every method is synchronous. */
export class PromptSpace {
  readonly dim: number;
  readonly components: readonly PromptComponent[];
  readonly patterns: readonly PromptPattern[];
  readonly basis: PromptBasisInfo;
  private readonly defaults: { topK: number; threshold: number; noise: number; seed: number };
  private readonly index = new Map<string, number>();
  /** unit component vectors, row-major (components × dim). */
  private readonly vectors: Float32Array;
  private readonly embedder: Embedder;
  private readonly patternRoles: { tokens: Set<string>; embedding: Float32Array | null }[];

  private constructor(
    options: PromptSpaceOptions,
    embeddings: Float32Array[],
    roleEmbeddings: Float32Array[] | null,
  ) {
    const components = options.components ?? DEFAULT_PROMPT_COMPONENTS;
    const patterns = options.patterns ?? DEFAULT_PROMPT_PATTERNS;
    this.dim = options.dim;
    this.components = components;
    this.patterns = patterns;
    this.embedder = options.embedder;
    this.defaults = {
      topK: options.topK ?? SPACE_DEFAULTS.topK,
      threshold: options.threshold ?? SPACE_DEFAULTS.threshold,
      noise: options.initialNoise ?? DEFAULT_INITIAL_NOISE,
      seed: options.seed,
    };
    components.forEach((c, i) => {
      this.index.set(c.id, i);
    });
    const patternEmbeddings = embeddings.slice(components.length);
    const mapping = fitMapping(patternEmbeddings, options.dim, options.seed);
    this.basis = mapping.info;
    this.vectors = new Float32Array(components.length * options.dim);
    for (let c = 0; c < components.length; c++) {
      const row = this.vectors.subarray(c * options.dim, (c + 1) * options.dim);
      mapping.map(embeddings[c]!, row);
      normalize(row);
    }
    this.patternRoles = patterns.map((p, i) => ({
      tokens: tokens(p.role),
      embedding: roleEmbeddings?.[i] ?? null,
    }));
  }

  /** Builds the space with any embedder (remote ones included). */
  static async create(options: PromptSpaceOptions): Promise<PromptSpace> {
    const texts = validate(options);
    const embeddings = await options.embedder.embed(texts);
    const roles = options.embedder.embedSync
      ? null
      : await options.embedder.embed(patternsOf(options).map((p) => p.role));
    return PromptSpace.assemble(options, embeddings, roles);
  }

  /** Builds the space synchronously; the embedder must offer `embedSync` (local embedders). */
  static createSync(options: PromptSpaceOptions): PromptSpace {
    const embedSync = options.embedder.embedSync?.bind(options.embedder);
    if (!embedSync) {
      throw new ConfigError(
        "PromptSpace.createSync needs an embedder with embedSync; use PromptSpace.create",
        {
          field: "embedder",
        },
      );
    }
    const texts = validate(options);
    return PromptSpace.assemble(options, texts.map(embedSync), null);
  }

  /** The space for a configuration: `state.promptDim`, `state.seed`, `promptSpace.topK/threshold`. */
  static fromConfig(
    config: Pick<RapoConfig, "state" | "promptSpace">,
    embedder: Embedder,
    bank: Pick<PromptSpaceOptions, "components" | "patterns"> = {},
  ): Promise<PromptSpace> {
    return PromptSpace.create({ ...bank, embedder, ...optionsFromConfig(config) });
  }

  private static assemble(
    options: PromptSpaceOptions,
    embeddings: Float32Array[],
    roles: Float32Array[] | null,
  ) {
    const dim = options.embedder.dim;
    for (const e of embeddings) {
      if (e.length !== dim)
        throw new ConfigError(`embedder returned dimension ${e.length}, declared ${dim}`, { dim });
    }
    const roleEmbeddings =
      roles ??
      (options.embedder.embedSync
        ? patternsOf(options).map((p) => options.embedder.embedSync!(p.role))
        : null);
    return new PromptSpace(options, embeddings, roleEmbeddings);
  }

  /** The unit vector of a component in R^dim (a copy). Throws InputError for an unknown id. */
  componentVector(id: string): Float32Array {
    const row = this.rowOf(id);
    return this.vectors.slice(row * this.dim, (row + 1) * this.dim);
  }

  /** Component ids of the pattern whose role best matches `role` (embedding, else word overlap). */
  defaultComponents(role: string): readonly string[] {
    const query = this.embedder.embedSync ? this.embedder.embedSync(role) : null;
    const words = tokens(role);
    let best = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    this.patternRoles.forEach((pattern, i) => {
      const score =
        query && pattern.embedding ? cosine(query, pattern.embedding) : jaccard(words, pattern.tokens);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    });
    return this.patterns[best]!.components;
  }

  /**
   * A role's default P_i: the normalised sum of its starting components' unit vectors (given, or
   * those of the best-matching pattern) plus seeded noise of relative norm `initialNoise`, so
   * agents of one role start close but not identical. Unit norm. Deterministic in (role, ids, seed).
   */
  initialVector(role: string, componentIds?: readonly string[], seed = 0): Float32Array {
    const ids = componentIds ?? this.defaultComponents(role);
    const p = new Float32Array(this.dim);
    for (const id of ids) {
      const row = this.rowOf(id) * this.dim;
      for (let d = 0; d < this.dim; d++) p[d] = p[d]! + this.vectors[row + d]!;
    }
    normalize(p);
    const noise = new Float32Array(this.dim);
    const random = createPrng((this.defaults.seed ^ Math.imul(seed + 1, 0x9e3779b1) ^ PADDING_SALT) >>> 0);
    for (let d = 0; d < this.dim; d++) noise[d] = random.gaussian();
    normalize(noise);
    for (let d = 0; d < this.dim; d++) p[d] = p[d]! + this.defaults.noise * noise[d]!;
    return normalize(p);
  }

  /**
   * The components nearest to P: cosine in R^dim, the `topK` best above `threshold` (ties go to
   * the earlier bank entry), returned in bank order. A zero or non-finite P renders nothing.
   */
  render(
    prompt: Float32Array,
    topK = this.defaults.topK,
    threshold = this.defaults.threshold,
  ): RenderedComponent[] {
    this.checkDim(prompt);
    const scores = this.scores(prompt);
    const chosen: number[] = [];
    for (let c = 0; c < this.components.length; c++) {
      if (!(scores[c]! > threshold)) continue;
      chosen.push(c);
    }
    chosen.sort((a, b) => scores[b]! - scores[a]! || a - b);
    const kept = chosen.slice(0, Math.max(0, topK)).sort((a, b) => a - b);
    return kept.map((c) => ({ ...this.components[c]!, score: scores[c]! }));
  }

  /** Ids of the rendered components (see {@link render}). */
  renderIds(prompt: Float32Array, topK?: number, threshold?: number): string[] {
    return this.render(prompt, topK, threshold).map((c) => c.id);
  }

  /**
   * The system prompt sent to the model: role, the agent's own instructions (when any), then the
   * rendered component texts one per line; sections separated by a blank line.
   */
  renderSystemPrompt(role: string, systemPrompt: string | undefined, prompt: Float32Array): string {
    const sections = [role];
    if (systemPrompt) sections.push(systemPrompt);
    const rendered = this.render(prompt);
    if (rendered.length > 0) sections.push(rendered.map((c) => c.text).join("\n"));
    return sections.join("\n\n");
  }

  /** Cosine of P with every component, in bank order (0 for a zero or non-finite P). */
  scores(prompt: Float32Array): Float64Array {
    this.checkDim(prompt);
    const out = new Float64Array(this.components.length);
    let norm = 0;
    for (let d = 0; d < this.dim; d++) norm += prompt[d]! * prompt[d]!;
    if (!(norm > 0) || !Number.isFinite(norm)) return out;
    const inv = 1 / Math.sqrt(norm);
    for (let c = 0; c < this.components.length; c++) {
      const row = c * this.dim;
      let dot = 0;
      for (let d = 0; d < this.dim; d++) dot += prompt[d]! * this.vectors[row + d]!;
      out[c] = dot * inv;
    }
    return out;
  }

  private rowOf(id: string): number {
    const row = this.index.get(id);
    if (row === undefined)
      throw new InputError("unknown_component", `unknown prompt component '${id}'`, { id });
    return row;
  }

  private checkDim(prompt: Float32Array): void {
    if (prompt.length !== this.dim) {
      throw new InputError(
        "dimension_mismatch",
        `prompt vector has dimension ${prompt.length}, expected ${this.dim}`,
        {
          expected: this.dim,
          got: prompt.length,
        },
      );
    }
  }
}

/** {@link PromptSpaceOptions} fields taken from the configuration. */
export function optionsFromConfig(config: Pick<RapoConfig, "state" | "promptSpace">) {
  return {
    dim: config.state.promptDim,
    seed: config.state.seed,
    topK: config.promptSpace.topK,
    threshold: config.promptSpace.threshold,
  };
}

interface Mapping {
  info: PromptBasisInfo;
  map(embedding: Float32Array, out: Float32Array): void;
}

/** Fits PCA on the pattern embeddings and returns the embedding → R^dim map described above. */
function fitMapping(patterns: Float32Array[], dim: number, seed: number): Mapping {
  const d = patterns[0]!.length;
  const pca = new PCA(
    patterns.map((p) => Array.from(p)),
    { center: true, method: "SVD" },
  );
  const eigenvalues = pca.getEigenvalues();
  const top = Math.max(...eigenvalues, 0);
  const k = Math.min(dim, eigenvalues.filter((v) => v > top * RELATIVE_EIGEN_FLOOR).length);
  const vectors = pca.getEigenvectors();
  const basis = new Float64Array(k * d); // row a = principal axis a
  for (let a = 0; a < k; a++) for (let j = 0; j < d; j++) basis[a * d + j] = vectors.get(j, a);
  const mean = new Float64Array(d);
  for (const p of patterns) for (let j = 0; j < d; j++) mean[j] = mean[j]! + p[j]! / patterns.length;
  const pad = dim - k;
  const padding = new Float64Array(pad * d);
  const random = createPrng((seed ^ PADDING_SALT) >>> 0);
  const scale = pad > 0 ? 1 / Math.sqrt(pad) : 0;
  for (let i = 0; i < padding.length; i++) padding[i] = random.gaussian() * scale;
  const total = eigenvalues.reduce((s, v) => s + Math.max(v, 0), 0) || 1;
  const info = {
    principalComponents: k,
    paddedDimensions: pad,
    explainedVariance: eigenvalues.slice(0, k).map((v) => v / total),
  };
  const centred = new Float64Array(d);
  const map = (embedding: Float32Array, out: Float32Array) => {
    for (let j = 0; j < d; j++) centred[j] = embedding[j]! - mean[j]!;
    for (let a = 0; a < k; a++) {
      let score = 0;
      for (let j = 0; j < d; j++) score += basis[a * d + j]! * centred[j]!;
      out[a] = score;
      for (let j = 0; j < d; j++) centred[j] = centred[j]! - score * basis[a * d + j]!; // → residual
    }
    for (let r = 0; r < pad; r++) {
      let sum = 0;
      for (let j = 0; j < d; j++) sum += padding[r * d + j]! * centred[j]!;
      out[k + r] = sum;
    }
  };
  return { info, map };
}

function validate(options: PromptSpaceOptions): string[] {
  const components = options.components ?? DEFAULT_PROMPT_COMPONENTS;
  const patterns = patternsOf(options);
  if (!Number.isInteger(options.dim) || options.dim <= 0) {
    throw new ConfigError(`invalid config 'state.promptDim': got ${options.dim}`, {
      field: "state.promptDim",
    });
  }
  if (components.length === 0) throw new ConfigError("the prompt-component bank is empty");
  const ids = new Set<string>();
  for (const c of components) {
    if (ids.has(c.id)) throw new ConfigError(`duplicate prompt component id '${c.id}'`, { id: c.id });
    ids.add(c.id);
  }
  if (patterns.length < 2)
    throw new ConfigError("PCA needs at least two prompt patterns", { patterns: patterns.length });
  for (const p of patterns) {
    for (const id of p.components) {
      if (!ids.has(id))
        throw new ConfigError(`prompt pattern '${p.role}' uses unknown component '${id}'`, { id });
    }
  }
  const byId = new Map(components.map((c) => [c.id, c.text]));
  const patternTexts = patterns.map((p) => [p.role, ...p.components.map((id) => byId.get(id)!)].join("\n"));
  return [...components.map((c) => c.text), ...patternTexts];
}

function patternsOf(options: PromptSpaceOptions): readonly PromptPattern[] {
  return options.patterns ?? DEFAULT_PROMPT_PATTERNS;
}

function tokens(text: string): Set<string> {
  return new Set(text.toLowerCase().match(WORD) ?? []);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}
