/**
 * @module cli/main
 * The `rapo` command line: demo, generate, bench, inspect, serve, scale. Each command's `--help` explains its
 * options; errors print one line (the typed error's message) and exit non-zero.
 */
import { Command, Option } from "commander";
import { InputError, RapoError } from "../errors.js";
import { boundedInt, checkInputFile, LIMITS, prepareOutput, range, sizeList } from "./options.js";

const seed = boundedInt(0, LIMITS.seed);
const seedRange = `(${range(0, LIMITS.seed)})`;

const program = new Command();

program
  .name("rapo")
  .description(
    "Reasoning-aware prompt orchestration: routes each turn to the agent most likely to succeed that is not overloaded,\n" +
      "hands conversations between specialists with a handoff packet, learns capabilities online and keeps prompts consistent.",
  )
  .version("0.1.0")
  .showHelpAfterError();

program
  .command("demo")
  .description(
    "Run multi-turn conversations among simulated specialist agents with different hidden skills, and show per agent\n" +
      "the turns routed, handoffs, and learned capability versus hidden skill. Offline, no API key.",
  )
  .option(
    "-c, --conversations <n>",
    `conversations to play (${range(1, LIMITS.demoConversations)})`,
    boundedInt(1, LIMITS.demoConversations),
    40,
  )
  .option(
    "-s, --seed <n>",
    `seed of the generated conversations and of the simulated agents ${seedRange}`,
    seed,
    7,
  )
  .option("--store <path>", "persist state in this SQLite file instead of memory (a rerun resumes learning)")
  .option("--config <file>", "rapo.config.{json,yaml,ts} declaring agents on real providers (see README)")
  .option(
    "--pools",
    "two-level scheduling (SPEC §6): simple and complex pools of the built-in cast, or the config file's pools; reports per pool",
    false,
  )
  .option("--json", "print one JSON object instead of tables", false)
  .action(async (options) => {
    if (options.store) prepareOutput(options.store, "file", "the store");
    if (options.config) checkInputFile(options.config, "config file", "config_unreadable");
    const { runDemo } = await import("./demo.js");
    await runDemo(options, (line) => console.log(line));
  });

program
  .command("generate")
  .description("Generate a synthetic conversation dataset (SPEC §10) with its answer key, as JSONL.")
  .option(
    "-n, --conversations <n>",
    `conversations to generate (${range(1, LIMITS.datasetConversations)})`,
    boundedInt(1, LIMITS.datasetConversations),
    1000,
  )
  .option("-s, --seed <n>", `generator seed ${seedRange}`, seed, 42)
  .requiredOption("-o, --out <file>", "output JSONL file (missing directories are created)")
  .action(async (options) => {
    prepareOutput(options.out, "file", "the dataset");
    const { runGenerate } = await import("./generate.js");
    await runGenerate(options, (line) => console.log(line));
  });

program
  .command("bench")
  .description(
    "Evaluate every method (rapo, baselines, ablations, oracle and floor) on the same synthetic conversations in each\n" +
      "preregistered scenario (or --scenario): metrics, statistics, and a Markdown report with tables and SVG figures.",
  )
  .option(
    "--scenario <name-or-file>",
    "a built-in scenario (paper, contended, misdeclared, long, cost) or a scenario .yaml/.json file (default: every built-in scenario)",
  )
  .option(
    "-n, --conversations <n>",
    `conversations per scenario (default: each scenario's own; ${range(1, LIMITS.datasetConversations)})`,
    boundedInt(1, LIMITS.datasetConversations),
  )
  .option("-s, --seed <n>", `seed of data and agents ${seedRange}`, seed, 42)
  .option(
    "--quick",
    "4 % of each scenario's conversations (at least 4 and the conversations in flight; CI, demos): about a minute",
    false,
  )
  .option("--data <file>", "evaluate this JSONL dataset instead of generating one")
  .option("--methods <list>", "comma-separated method ids (default: all)")
  .option("-o, --out <dir>", "report directory", "reports/bench")
  .option("--json", "print the numbers as one JSON object", false)
  .action(async (options) => {
    prepareOutput(options.out, "dir", "the report");
    if (options.data) checkInputFile(options.data, "dataset", "dataset_unreadable");
    const { runBench } = await import("./bench.js");
    await runBench(options, (line) => console.log(line));
  });

program
  .command("inspect")
  .description(
    "Show what a SQLite store holds: conversations, learned agent states, or one conversation's turns and handoffs; with --redis, a distributed deployment (store, leader, workers, queues).",
  )
  .option("--store <path>", "SQLite file written by `rapo demo --store` or an Orchestrator")
  .option("--redis <url>", "inspect the distributed deployment on this Redis instead")
  .option("--key-prefix <prefix>", "key prefix of the deployment on Redis", "rapo:")
  .option("--conversation <id>", "show this conversation's turns, handoff packets and facts")
  .option(
    "-l, --limit <n>",
    `rows to show (${range(1, LIMITS.inspectRows)})`,
    boundedInt(1, LIMITS.inspectRows),
    50,
  )
  .option("--json", "print JSON", false)
  .action(async (options) => {
    if (options.redis) {
      const { inspectRedis } = await import("./inspect-redis.js");
      await inspectRedis({ redis: options.redis, keyPrefix: options.keyPrefix, json: options.json }, (line) =>
        console.log(line),
      );
      return;
    }
    if (!options.store)
      throw new InputError("missing_option", "rapo inspect needs --store <path> or --redis <url>");
    checkInputFile(options.store, "store", "store_not_found");
    const { inspect } = await import("./inspect.js");
    await inspect(options, (line) => console.log(line));
  });

program
  .command("worker")
  .description(
    "Run one process of a distributed deployment on Redis: host agents of a config file and serve their turns from " +
      "the turn bus; campaign for leadership (the elected leader runs the learning control loop and publishes the " +
      "routing table, with fenced writes); with --front, also accept turns over HTTP (the `rapo serve` API).",
  )
  .requiredOption("--redis <url>", "the deployment's Redis (redis://host:port)")
  .requiredOption("--config <file>", "rapo.config.{json,yaml,ts}: the deployment's agents and config")
  .option("--agents <ids>", "comma-separated agent ids to host (default: every agent of the config)")
  .option("--front", "also accept turns over HTTP and route them through the bus", false)
  .option("-p, --port <n>", "TCP port of the front (0 = any free port)", boundedInt(0, 65_535))
  .option("--host <address>", "address the front binds")
  .option("--key-prefix <prefix>", "key prefix of the deployment on Redis", "rapo:")
  .option("--id <name>", "this worker's id (default: random)")
  .option("--no-lead", "never become the leader")
  .option("--events", "print leadership, fencing, publication and served-turn lines", false)
  .action(async (options) => {
    checkInputFile(options.config, "config file", "config_unreadable");
    process.env["RAPO_LOG_LEVEL"] ??= "warn";
    const { runWorker } = await import("./worker.js");
    await runWorker(options, (line) => console.log(line));
  });

program
  .command("serve")
  .description(
    "Serve the orchestra over HTTP: OpenAI-compatible /v1/chat/completions, /v1/responses and /v1/models, rapo's\n" +
      "feedback, conversation and agent endpoints, /metrics, /healthz, /readyz and a live /dashboard. API keys from\n" +
      "RAPO_API_KEYS (comma-separated); without one it binds to 127.0.0.1 only.",
  )
  .option(
    "--config <file>",
    "rapo.config.{json,yaml,ts}: agents on real providers and config (incl. config.serve)",
  )
  .option(
    "-p, --port <n>",
    "TCP port (default: config serve.port, 8080; 0 = any free port)",
    boundedInt(0, 65_535),
  )
  .option("--host <address>", "address to bind (default 0.0.0.0 with API keys, 127.0.0.1 without)")
  .option(
    "--store <path>",
    "persist state in this SQLite file instead of memory (a restart resumes learning)",
  )
  .option("-s, --seed <n>", `seed of the default simulated agents ${seedRange}`, seed, 7)
  .action(async (options) => {
    if (options.store) prepareOutput(options.store, "file", "the store");
    if (options.config) checkInputFile(options.config, "config file", "config_unreadable");
    process.env["RAPO_LOG_LEVEL"] ??= "info";
    const { runServe } = await import("./serve.js");
    await runServe(options, (line) => console.log(line));
  });

program
  .command("scale")
  .description(
    "The paper's Table 2 on rapo: per number of agents, memory, CPU, turn latency (p50/p95), verified success and\n" +
      "control-tick time, embedded and distributed (workers over Redis); a table, scale.md and scale.svg beside the paper's figures.",
  )
  .option(
    "--sizes <list>",
    `comma-separated agent counts (each ${range(1, LIMITS.scaleAgents)})`,
    sizeList,
    [10, 50, 100, 500, 1000, 5000, 10000],
  )
  .option(
    "-t, --turns <n>",
    `turns per size (${range(1, LIMITS.scaleTurns)})`,
    boundedInt(1, LIMITS.scaleTurns),
    300,
  )
  .option("-c, --concurrency <n>", "conversations served in parallel (1–64)", boundedInt(1, 64), 4)
  .option("--workers <n>", "worker processes of the distributed mode (1–16)", boundedInt(1, 16), 2)
  .option("--no-distributed", "embedded only (no Redis, no worker processes)")
  .option("--redis <url>", "use this Redis for the distributed mode instead of starting a redis-server")
  .option("-s, --seed <n>", `seed of the conversations and simulated agents ${seedRange}`, seed, 42)
  .option("-o, --out <dir>", "report directory", "reports/scale")
  .action(async (options) => {
    prepareOutput(options.out, "dir", "the report");
    const { runScale } = await import("./scale.js");
    await runScale(options, (line) => console.log(line));
  });

program
  .command("scale-size", { hidden: true })
  .requiredOption("--agents <n>", "agents", boundedInt(1, LIMITS.scaleAgents))
  .requiredOption("--turns <n>", "turns", boundedInt(1, LIMITS.scaleTurns))
  .requiredOption("--seed <n>", "seed", seed)
  .requiredOption("--concurrency <n>", "lanes", boundedInt(1, 64))
  .option("--redis <url>", "distributed: Redis URL")
  .option("--prefix <prefix>", "distributed: key prefix")
  .option("--workers <n>", "distributed: worker processes", boundedInt(1, 16))
  .action(async (o) => {
    const { runScaleSize } = await import("./scale-run.js");
    const say = (line: string) => console.log(line);
    const distributed = o.redis
      ? { redis: o.redis, prefix: o.prefix ?? "rapo-scale:", workers: o.workers ?? 2 }
      : undefined;
    say(JSON.stringify(await runScaleSize({ ...o, ...(distributed ? { distributed } : {}) }, say)));
  });

program
  .command("scale-worker", { hidden: true })
  .requiredOption("--redis <url>", "Redis URL")
  .requiredOption("--prefix <prefix>", "key prefix")
  .requiredOption("--worker <k>", "worker index", boundedInt(0, 15))
  .requiredOption("--seed <n>", "seed", seed)
  .action(async (o) => {
    const { runScaleWorker } = await import("./scale-worker.js");
    await runScaleWorker(o, (line) => console.log(line));
  });

program.addOption(
  new Option("--log-level <level>", "log level on stderr").choices([
    "trace",
    "debug",
    "info",
    "warn",
    "error",
    "silent",
  ]),
);
program.hook("preAction", (cmd) => {
  const level = cmd.opts()["logLevel"];
  if (typeof level === "string") process.env["RAPO_LOG_LEVEL"] = level;
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const message =
    error instanceof RapoError
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  console.error(`rapo: ${message}`);
  process.exitCode = 1;
}
