/**
 * Layer rules (issue 14): the import direction of `src/`, enforced on real imports (type-only
 * imports and re-exports included) by `npm run layers`, which `npm test` runs. A module may import
 * its own layer and the layers below it, never one above; the peers of the middle layer do not
 * import one another (they meet in `runtime`). Tests (`*.test.ts`) are exempt: an integration
 * test may drive any layer.
 *
 *   cli                        the command line (`rapo serve` starts the service)
 *   serve                      the HTTP service
 *   eval, testing              the evaluation; the published store conformance suite
 *   runtime                    the orchestrator: wiring, control loop, turn pipeline
 *   distributed                distributed mode: workers, leader, Redis control plane
 *   routing | consensus | learning | models | store | telemetry   (peers)
 *   ports                      control-plane contracts (turn bus, leader election…)
 *   state                      triple, classifier, embeddings, capability matrix
 *   domain                     agent spec, turn, handoff packet, records, checkpoint format
 *   config                     the zod schema
 *   util, errors.ts            generic helpers (PRNG, hash, bounded map), typed errors
 *
 * `src/index.ts` (the root export) may import anything but cli, serve and eval.
 * Works with the dependency-cruiser CLI (`depcruise src`, Node ≥ 22) and with
 * `scripts/check-layers.mjs` (its API, which also runs on Node 20).
 */

/** Bottom first. Each entry is one layer: folder names under src/ (or a file at src/'s top). */
const LAYERS = [
  ["util", "errors.ts"],
  ["config"],
  ["domain"],
  ["state"],
  ["ports"],
  ["routing", "consensus", "learning", "models", "store", "telemetry"],
  ["distributed"],
  ["runtime"],
  ["eval", "testing"],
  ["serve"],
  ["cli"],
];

const TESTS = "\\.test\\.ts$";
const folder = (name) => (name.endsWith(".ts") ? `^src/${name.replace(".", "\\.")}$` : `^src/${name}/`);
const anyOf = (names) => names.map(folder).join("|");

const above = (i) => LAYERS.slice(i + 1).flat();
const upward = LAYERS.slice(0, -1).flatMap((layer, i) =>
  layer.map((name) => ({
    name: `${name.replace(".ts", "")}-imports-above`,
    comment: `${name} may not import a layer above it (${above(i).join(", ")})`,
    severity: "error",
    from: { path: folder(name), pathNot: TESTS },
    to: { path: anyOf(above(i)) },
  })),
);

const peers = LAYERS.filter(
  (layer) => layer.length > 1 && !layer.some((name) => name.endsWith(".ts")),
).flatMap((layer) =>
  layer.map((name) => ({
    name: `peer-${name}-imports-peer`,
    comment: `${name} may not import its peers (${layer.filter((other) => other !== name).join(", ")}); they meet in the layer above`,
    severity: "error",
    from: { path: folder(name), pathNot: TESTS },
    to: { path: anyOf(layer.filter((other) => other !== name)) },
  })),
);

const root = {
  name: "root-imports-entry-point",
  comment: "the root export (src/index.ts) may not import the CLI, the service or the evaluation",
  severity: "error",
  from: { path: "^src/index\\.ts$" },
  to: { path: anyOf(["cli", "serve", "eval"]) },
};

const noTestRunner = {
  name: "published-code-imports-test-runner",
  comment:
    "built code may not import vitest (a dev dependency): the store conformance suite (rapo/testing) is given the runner's functions",
  severity: "error",
  from: {
    path: "^src/",
    // test support (`<layer>/testing/`, `*.spec-suite.ts`, `store/store-spec.ts`) may; the
    // published suite (`src/testing/`, `src/store/testing/` but its crash-test child) may not
    pathNot: `${TESTS}|\\.spec-suite\\.ts$|^src/store/store-spec\\.ts$|^src/(?!store/testing/).+/testing/|^src/store/testing/crash-writer\\.ts$`,
  },
  to: { path: "node_modules/vitest/" },
};

module.exports = {
  forbidden: [...upward, ...peers, root, noTestRunner],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: TESTS },
    enhancedResolveOptions: {
      extensions: [".ts", ".js", ".mjs", ".cjs", ".json"],
      extensionAlias: { ".js": [".ts", ".js"] },
    },
  },
};
