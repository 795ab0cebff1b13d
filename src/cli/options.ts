/**
 * @module cli/options
 * Validation shared by every `rapo` command: integer options with documented bounds (parsed by
 * commander, refused with one line naming the bound), and output/input paths checked before any
 * work starts — without recursive `mkdir` (Node's spins forever on procfs), refusing the kernel's
 * virtual filesystems, and proving writability with a probe file.
 */
import { accessSync, constants, mkdirSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { InvalidArgumentError } from "commander";
import { InputError } from "../errors.js";

/** Bounds of the CLI's numeric options, shown in `--help` and the README. */
export const LIMITS = {
  /** `rapo demo --conversations`: each conversation plays ~6 turns through the full runtime. */
  demoConversations: 10_000,
  /** `rapo generate` / `rapo bench --conversations`: the dataset is held in memory (~32 MB per 1,000). */
  datasetConversations: 20_000,
  /** `rapo inspect --limit`. */
  inspectRows: 100_000,
  /** `--seed`: the generators and simulated models use 32-bit seeds. */
  seed: 2 ** 32 - 1,
  /** `rapo scale --sizes`: each agent's learned state is created on first use (~20 KB). */
  scaleAgents: 100_000,
  /** `rapo scale --turns` per size. */
  scaleTurns: 1_000_000,
} as const;

/** A commander parser for an integer in [min, max]; anything else is refused with the range. */
export function boundedInt(min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value.trim());
    if (value.trim() === "" || !Number.isInteger(n))
      throw new InvalidArgumentError(`must be an integer from ${fmt(min)} to ${fmt(max)}`);
    if (n < min || n > max)
      throw new InvalidArgumentError(`${value} is out of range: must be from ${fmt(min)} to ${fmt(max)}`);
    return n;
  };
}

/** A commander parser for `rapo scale --sizes`: comma-separated agent counts. */
export function sizeList(value: string): number[] {
  const parse = boundedInt(1, LIMITS.scaleAgents);
  const sizes = value.split(",").map((part) => parse(part));
  if (sizes.length === 0) throw new InvalidArgumentError("must list at least one agent count");
  return sizes;
}

/** "1–10,000" for help texts. */
export function range(min: number, max: number): string {
  return `${fmt(min)}–${fmt(max)}`;
}

/** Filesystems that are not storage: writes there change kernel state or never succeed. */
const VIRTUAL_ROOTS = ["/proc", "/sys"];

/**
 * Checks that `target` can be written as a `file` (its directory is created if missing) or a
 * report `dir`, creating missing directories one level at a time and writing a probe file. Throws
 * an `InputError` (`output_not_writable`) naming the path and the reason; never loops.
 */
export function prepareOutput(target: string, kind: "file" | "dir", what: string): void {
  const absolute = path.resolve(target);
  const fail = (reason: string): never => {
    throw new InputError("output_not_writable", `cannot write ${what} to '${target}': ${reason}`, {
      path: target,
    });
  };
  const existing = nearestExisting(absolute);
  refuseVirtual(realpathSync(existing), fail);
  const stat = statSync(existing);
  if (existing === absolute) {
    if (kind === "dir" && !stat.isDirectory()) fail("it exists and is not a directory");
    if (kind === "file" && stat.isDirectory()) fail("it is a directory");
  } else if (!stat.isDirectory()) fail(`'${existing}' is not a directory`);
  const dir = kind === "dir" ? absolute : path.dirname(absolute);
  const missing = existing === absolute ? [] : missingLevels(existing, dir);
  for (const level of missing) {
    try {
      mkdirSync(level); // one level, not recursive: fails fast where the recursive form can spin
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") fail(reasonOf(error));
    }
  }
  if (kind === "file" && existing === absolute) {
    try {
      accessSync(absolute, constants.W_OK);
    } catch (error) {
      fail(reasonOf(error));
    }
  }
  const probe = path.join(dir, `.rapo-probe-${process.pid}-${Date.now().toString(36)}`);
  try {
    writeFileSync(probe, "");
  } catch (error) {
    fail(reasonOf(error));
  } finally {
    rmSync(probe, { force: true });
  }
}

/**
 * Checks that `target` is an existing regular file to read (a store, dataset or config file), else
 * an `InputError` with `code` (missing) or `invalid_path` (a directory, device or virtual file).
 */
export function checkInputFile(target: string, what: string, code: string): void {
  const absolute = path.resolve(target);
  let real: string;
  try {
    real = realpathSync(absolute);
  } catch {
    throw new InputError(code, `no ${what} at '${target}'`, { path: target });
  }
  refuseVirtual(real, (reason) => {
    throw new InputError("invalid_path", `cannot read ${what} at '${target}': ${reason}`, { path: target });
  });
  if (!statSync(real).isFile())
    throw new InputError("invalid_path", `'${target}' is not a file (${what} expected)`, { path: target });
}

function refuseVirtual(real: string, fail: (reason: string) => never): void {
  const root = VIRTUAL_ROOTS.find((r) => real === r || real.startsWith(`${r}/`));
  if (root) fail(`${root} is a virtual filesystem of the kernel, not storage`);
}

/** The path itself or its closest ancestor that exists (the walk ends at the filesystem root). */
function nearestExisting(absolute: string): string {
  let current = absolute;
  for (;;) {
    try {
      statSync(current);
      return current;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

/** Directories between an existing ancestor (exclusive) and `dir` (inclusive), outermost first. */
function missingLevels(existing: string, dir: string): string[] {
  const levels: string[] = [];
  let current = dir;
  while (current !== existing && current !== path.dirname(current)) {
    levels.unshift(current);
    current = path.dirname(current);
  }
  return levels;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function fmt(n: number): string {
  return n.toLocaleString("en-US");
}
