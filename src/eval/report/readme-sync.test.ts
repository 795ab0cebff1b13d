/**
 * The README's evaluation figures come from the committed report (issue 13): every table row in
 * the README's `bench:begin … bench:end` block must appear, verbatim, in the same scenario's
 * section of `docs/bench/report.md`. Regenerate the report, then copy the rows; this test fails
 * when the two disagree.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The README's evaluation block, as scenario name → table rows. */
function readmeRows(): Map<string, string[]> {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const begin = readme.indexOf("<!-- bench:begin");
  const end = readme.indexOf("<!-- bench:end -->");
  if (begin < 0 || end < begin) throw new Error("README.md has no bench:begin … bench:end block");
  const rows = new Map<string, string[]>();
  let scenario: string | undefined;
  for (const line of readme.slice(begin, end).split("\n")) {
    const heading = /^\*\*`([a-z0-9-]+)`\*\*/.exec(line);
    if (heading) {
      scenario = heading[1]!;
      rows.set(scenario, []);
    } else if (line.startsWith("|") && scenario !== undefined) rows.get(scenario)!.push(line);
  }
  return rows;
}

/** The committed report's section of one scenario. */
function reportSection(report: string, scenario: string): string {
  const start = report.indexOf(`## Scenario \`${scenario}\``);
  if (start < 0) return "";
  const next = report.indexOf("\n## Scenario `", start + 1);
  return report.slice(start, next < 0 ? undefined : next);
}

describe("README evaluation figures", () => {
  it("match the committed report, row for row and scenario by scenario", () => {
    const report = readFileSync(join(root, "docs/bench/report.md"), "utf8");
    const rows = readmeRows();
    expect(rows.size).toBeGreaterThan(0);
    for (const [scenario, lines] of rows) {
      const section = reportSection(report, scenario);
      expect(section, `docs/bench/report.md has no scenario '${scenario}'`).not.toBe("");
      expect(lines.length).toBeGreaterThan(2);
      for (const line of lines) expect(section.split("\n"), `README row of '${scenario}'`).toContain(line);
    }
  });
});
