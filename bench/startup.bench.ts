/**
 * Start-up benchmark (issue 14): what `import "rapo"` costs, and what creating an orchestrator on
 * the memory store with learning off costs on top. Builds the package (into
 * `reports/startup-bench/`, not `dist/`) and measures it as users run it — plain Node, no
 * TypeScript loader — in a fresh child process per run (a module loads once per process), several
 * runs per case, medians. Also reports whether TensorFlow.js, better-sqlite3 and wink-nlp were
 * loaded. Ends with one line of JSON.
 *
 * Usage: npm run bench:startup [-- <runs>]   (default 7 runs per case)
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { machine } from "./harness.js";

interface ChildResult {
  importMs: number;
  importRssMB: number;
  importLoaded: Record<string, boolean>;
  createMs?: number;
  totalMs?: number;
  createRssMB?: number;
  createLoaded?: Record<string, boolean>;
}

const root = join(import.meta.dirname, "..");
const outDir = join(root, "reports", "startup-bench");

function runChild(mode: "import" | "orchestrator"): ChildResult {
  const out = execFileSync(
    process.execPath,
    [join(root, "bench", "startup-child.mjs"), join(outDir, "index.js"), mode],
    {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, RAPO_LOG_LEVEL: "silent" },
    },
  );
  return JSON.parse(out.trim().split("\n").at(-1)!) as ChildResult;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const m = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(m * 10) / 10;
}

function main() {
  const runs = Number(process.argv[2] ?? 7);
  console.log(`building the package into ${outDir} (tsc -p tsconfig.build.json)…`);
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", outDir], {
    cwd: root,
    stdio: "inherit",
  });
  runChild("orchestrator"); // warms the file-system cache, not counted
  const imports: ChildResult[] = [];
  const creates: ChildResult[] = [];
  for (let i = 0; i < runs; i++) {
    imports.push(runChild("import"));
    creates.push(runChild("orchestrator"));
  }
  const summary = {
    runs,
    import: {
      ms: median(imports.map((r) => r.importMs)),
      rssMB: median(imports.map((r) => r.importRssMB)),
      loaded: imports[0]!.importLoaded,
    },
    memoryOrchestratorLearningOff: {
      importMs: median(creates.map((r) => r.importMs)),
      createMs: median(creates.map((r) => r.createMs!)),
      totalMs: median(creates.map((r) => r.totalMs!)),
      rssMB: median(creates.map((r) => r.createRssMB!)),
      loaded: creates[0]!.createLoaded,
    },
  };
  const names = (loaded: Record<string, boolean> | undefined) =>
    Object.entries(loaded ?? {})
      .filter(([, on]) => on)
      .map(([name]) => name)
      .join(", ") || "none";
  console.log(
    `import "rapo": ${summary.import.ms} ms, RSS ${summary.import.rssMB} MB (heavy packages loaded: ${names(summary.import.loaded)})`,
  );
  const o = summary.memoryOrchestratorLearningOff;
  console.log(
    `import + memory-store orchestrator, learning off: ${o.totalMs} ms (create ${o.createMs} ms), RSS ${o.rssMB} MB (loaded: ${names(o.loaded)})`,
  );
  console.log(JSON.stringify({ bench: "startup", machine: machine(), ...summary }));
}

main();
