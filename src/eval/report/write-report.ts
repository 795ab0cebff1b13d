/**
 * @module eval/report/write-report
 * Writes `report.md` and `figures/*.svg` into a directory without ever leaving a half-written
 * report that looks complete: every file is first written under a temporary name; only when all
 * of them are on disk is any previous `report.md` removed, the figures renamed into place, and
 * `report.md` renamed last. So a `report.md` on disk always belongs with complete figures.
 */
import { randomUUID } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { InputError, StoreError } from "../../errors.js";
import type { Report } from "./render-report.js";

/** Paths written by {@link writeReport}. */
export interface WrittenReport {
  reportPath: string;
  figurePaths: string[];
}

// Errors that mean "this path cannot be written by this user": the caller's fault.
const USER_PATH_ERRORS = new Set(["EACCES", "EPERM", "EROFS", "ENOTDIR", "EISDIR", "EEXIST", "ENAMETOOLONG"]);

/**
 * Writes the report under `dir` (created if needed).
 * @throws InputError when the directory cannot be created or written (permissions, a file in the
 * way…), StoreError for other I/O failures. No temporary file is left behind; a failure while
 * writing leaves an existing report untouched, a failure while renaming leaves no `report.md`.
 */
export async function writeReport(dir: string, report: Report): Promise<WrittenReport> {
  const figuresDir = path.join(dir, "figures");
  const files = [
    ...report.figures.map((f) => ({ target: path.join(figuresDir, safeName(f.name)), content: f.svg })),
    { target: path.join(dir, "report.md"), content: report.markdown },
  ];
  const suffix = `.tmp-${process.pid}-${randomUUID().slice(0, 8)}`;
  const written: string[] = [];
  try {
    await mkdir(figuresDir, { recursive: true });
    for (const f of files) {
      await writeFile(f.target + suffix, f.content, "utf8");
      written.push(f.target + suffix);
    }
    await rm(files[files.length - 1]!.target, { force: true });
    for (const f of files) await rename(f.target + suffix, f.target);
  } catch (err) {
    await Promise.all(written.map((p) => rm(p, { force: true })));
    throw writeError(dir, err);
  }
  return {
    reportPath: files[files.length - 1]!.target,
    figurePaths: files.slice(0, -1).map((f) => f.target),
  };
}

function safeName(name: string): string {
  if (name !== path.basename(name) || name === "" || name.startsWith(".")) {
    throw new InputError("invalid_figure_name", `figure name '${name}' must be a plain file name`);
  }
  return name;
}

function writeError(dir: string, err: unknown): Error {
  if (err instanceof InputError) return err;
  const code = (err as NodeJS.ErrnoException)?.code ?? "";
  const reason = err instanceof Error ? err.message : String(err);
  const message = `cannot write the report to '${dir}': ${reason}; no report was written`;
  return USER_PATH_ERRORS.has(code)
    ? new InputError("output_not_writable", message, { dir, code })
    : new StoreError(message, { dir, code }, err);
}
