/**
 * @module eval/report/markdown
 * Markdown building blocks and number formatting. Missing values (null, NaN) print as "—" so a
 * metric that could not be measured is visibly absent rather than shown as 0.
 */

/** Placeholder for a value that was not measured or does not exist. */
export const MISSING = "—";

/** A GitHub-flavoured Markdown table; pipes in cells are escaped. */
export function mdTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Fixed-point number, or "—". */
export function fmt(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? MISSING : x.toFixed(digits);
}

/** Signed fixed-point number ("+0.17"), or "—". */
export function fmtSigned(x: number | null | undefined, digits = 2): string {
  const s = fmt(x, digits);
  return s !== MISSING && x! >= 0 ? `+${s}` : s;
}

/** Interval "[lo, hi]", or "—". */
export function fmtInterval(
  lo: number | null | undefined,
  hi: number | null | undefined,
  digits = 2,
): string {
  return lo === null || lo === undefined || !Number.isFinite(lo)
    ? MISSING
    : `[${fmt(lo, digits)}, ${fmt(hi, digits)}]`;
}

/** A p-value as the paper prints it: "<0.001" below one in a thousand, else three decimals. */
export function fmtP(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return MISSING;
  return p < 0.001 ? "<0.001" : p.toFixed(3);
}

/** A rate with its sample size: "0.91 (n=40)", or "—" for an empty group. */
export function fmtRate(x: number | null | undefined, n: number, digits = 2): string {
  return n === 0 ? MISSING : `${fmt(x, digits)} (n=${n})`;
}

function escapeCell(cell: string): string {
  return cell.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
