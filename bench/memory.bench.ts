/**
 * Memory benchmark (SPEC §11: < 300 MB RSS at 1,000 agents). Builds the package (into
 * `reports/memory-bench/`, not `dist/`: bin/rapo.js would prefer a stale `dist/`) and measures it as users run it — plain Node, no TypeScript loader — in one child process per
 * case (RSS never shrinks, so cases must not share a process): an orchestrator with 10, 100,
 * 1,000 and 10,000 agents on the memory store, and 1,000 on a SQLite file, each serving 2,000
 * turns with feedback and control-loop ticks (learning and consensus on). Prints the time to
 * create the orchestrator, RSS and heap after a full GC, and ends with one line of JSON.
 * Arguments: agent counts to run (memory store only), e.g. `npm run bench:memory -- 10000`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { machine } from "./harness.js";

interface Snapshot {
  rssMB: number;
  heapMB: number;
  arrayBuffersMB: number;
}
interface ChildResult {
  agents: number;
  turns: number;
  /** wall time of `Orchestrator.create`, ms. */
  createMs: number;
  imported: Snapshot;
  created: Snapshot;
  served: Snapshot;
}

const root = join(import.meta.dirname, "..");
// inside the repository, so the compiled code resolves its dependencies from node_modules
const outDir = join(root, "reports", "memory-bench");

function runChild(agents: number, store: string): ChildResult {
  const out = execFileSync(
    process.execPath,
    ["--expose-gc", join(root, "bench", "memory-child.mjs"), join(outDir, "index.js"), String(agents), store],
    { cwd: root, encoding: "utf8", env: { ...process.env, RAPO_LOG_LEVEL: "silent" } },
  );
  return JSON.parse(out.trim().split("\n").at(-1)!) as ChildResult;
}

function main() {
  console.log(`building the package into ${outDir} (tsc -p tsconfig.build.json)…`);
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", outDir], {
    cwd: root,
    stdio: "inherit",
  });
  const dir = mkdtempSync(join(tmpdir(), "rapo-memory-"));
  const results: Record<string, ChildResult> = {};
  try {
    const only = process.argv
      .slice(2)
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0);
    for (const agents of only.length > 0 ? only : [10, 100, 1_000, 10_000])
      results[`memory-${agents}`] = runChild(agents, "memory");
    if (only.length === 0) results["sqlite-1000"] = runChild(1_000, join(dir, "memory.sqlite"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `${name.padEnd(12)} created in ${r.createMs} ms; RSS ${r.imported.rssMB} MB imported, ${r.created.rssMB} MB with ${r.agents} agents, ${r.served.rssMB} MB after ${r.turns} turns (heap ${r.served.heapMB} MB, typed arrays ${r.served.arrayBuffersMB} MB)`,
    );
  }
  console.log(
    JSON.stringify({
      bench: "memory",
      machine: machine(),
      rssMB: Object.fromEntries(Object.entries(results).map(([k, r]) => [k, r.served.rssMB])),
      results,
    }),
  );
}

main();
