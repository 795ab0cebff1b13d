import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { boundedInt, checkInputFile, LIMITS, prepareOutput } from "./options.js";

const dir = mkdtempSync(join(tmpdir(), "rapo-options-"));

describe("boundedInt", () => {
  const parse = boundedInt(1, LIMITS.demoConversations);

  it("accepts integers inside the bounds, in any notation", () => {
    expect(parse("1")).toBe(1);
    expect(parse("10000")).toBe(10_000);
    expect(parse("1e3")).toBe(1000);
  });

  it("refuses values above or below the bound with the range in the message", () => {
    expect(() => parse("1e9")).toThrow("1e9 is out of range: must be from 1 to 10,000");
    expect(() => parse("10001")).toThrow("must be from 1 to 10,000");
    expect(() => parse("0")).toThrow("out of range");
    expect(() => boundedInt(0, LIMITS.seed)("4294967296")).toThrow("must be from 0 to 4,294,967,295");
  });

  it("refuses non-integers", () => {
    for (const bad of ["1.5", "abc", "", " ", "Infinity", "NaN"])
      expect(() => parse(bad), bad).toThrow("must be an integer from 1 to 10,000");
  });
});

describe("prepareOutput", () => {
  it("refuses the kernel's virtual filesystems at once (no recursive mkdir spinning on procfs)", () => {
    const started = performance.now();
    expect(() => prepareOutput("/proc/forbidden", "dir", "the report")).toThrow(
      /\/proc is a virtual filesystem/,
    );
    expect(() => prepareOutput("/proc/forbidden/deeper/x.jsonl", "file", "the dataset")).toThrow(
      "cannot write the dataset to '/proc/forbidden/deeper/x.jsonl'",
    );
    expect(() => prepareOutput("/sys/kernel/x", "dir", "the report")).toThrow(/\/sys is a virtual/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("refuses a symlink that leads into /proc", () => {
    const link = join(dir, "to-proc");
    symlinkSync("/proc", link);
    expect(() => prepareOutput(join(link, "out"), "dir", "the report")).toThrow(/virtual filesystem/);
  });

  it("creates missing directories level by level and leaves no probe file", () => {
    const out = join(dir, "a", "b", "c");
    prepareOutput(out, "dir", "the report");
    expect(readdirSync(out)).toEqual([]);
    const file = join(dir, "x", "y", "data.jsonl");
    prepareOutput(file, "file", "the dataset");
    expect(existsSync(join(dir, "x", "y"))).toBe(true);
    expect(existsSync(file)).toBe(false);
  });

  it("refuses a path through a regular file, and a directory where a file is meant", () => {
    const blocker = join(dir, "a-file");
    writeFileSync(blocker, "not a directory");
    expect(() => prepareOutput(join(blocker, "report"), "dir", "the report")).toThrow(
      expect.objectContaining({
        code: "output_not_writable",
        message: expect.stringContaining("not a directory"),
      }),
    );
    expect(() => prepareOutput(blocker, "dir", "the report")).toThrow("it exists and is not a directory");
    mkdirSync(join(dir, "is-dir"));
    expect(() => prepareOutput(join(dir, "is-dir"), "file", "the store")).toThrow("it is a directory");
  });

  it("accepts an existing file to overwrite or resume", () => {
    const file = join(dir, "existing.sqlite");
    writeFileSync(file, "");
    expect(() => prepareOutput(file, "file", "the store")).not.toThrow();
  });
});

describe("checkInputFile", () => {
  it("accepts a regular file and refuses missing paths, directories, devices and /proc files", () => {
    const file = join(dir, "store.sqlite");
    writeFileSync(file, "");
    expect(() => checkInputFile(file, "SQLite store", "store_not_found")).not.toThrow();
    expect(() => checkInputFile(join(dir, "none"), "SQLite store", "store_not_found")).toThrow(
      expect.objectContaining({
        code: "store_not_found",
        message: expect.stringContaining("no SQLite store at"),
      }),
    );
    expect(() => checkInputFile(dir, "dataset", "dataset_unreadable")).toThrow(
      expect.objectContaining({ code: "invalid_path", message: expect.stringContaining("is not a file") }),
    );
    expect(() => checkInputFile("/dev/zero", "dataset", "dataset_unreadable")).toThrow("is not a file");
    expect(() => checkInputFile("/proc/self/status", "dataset", "dataset_unreadable")).toThrow(
      /virtual filesystem/,
    );
  });
});
