/**
 * Observability of `rapo serve`: /metrics (behind the key) exports the runtime's metrics, the
 * HTTP metrics and the capability gauge; every query of the Grafana dashboard in deploy/grafana
 * names a metric /metrics exports; and a real Prometheus (Debian's /usr/bin/prometheus) scrapes
 * the service with its bearer key and answers a PromQL quantile over the turn-latency histogram.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./testing/serve-fixture.js";

const KEY = "sk-metrics";
const PROMETHEUS = "/usr/bin/prometheus";
const DASHBOARD = join(import.meta.dirname, "../../deploy/grafana/rapo-dashboard.json");
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ apiKeys: [KEY] });
  await turns(6);
});
afterAll(() => t.close());

async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${t.url}/v1/chat/completions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${KEY}`,
        "content-type": "application/json",
        "x-rapo-conversation": `m-${i % 2}`,
      },
      body: JSON.stringify({
        model: i % 3 === 0 ? "rapo/writer" : "rapo",
        messages: [
          { role: "user", content: "The stock of Lyon-Depot is 420 units. What is the stock of Lyon-Depot?" },
        ],
      }),
    });
    expect(res.status).toBe(200);
  }
}

async function scrape(): Promise<string> {
  const res = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${KEY}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
  return res.text();
}

/** Metric names /metrics exports: each TYPE line, and a histogram's _bucket/_count/_sum series. */
function exportedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split("\n")) {
    const m = /^# TYPE (\S+) (\S+)/.exec(line);
    if (!m) continue;
    names.add(m[1]!);
    if (m[2] === "histogram") for (const s of ["_bucket", "_count", "_sum"]) names.add(`${m[1]}${s}`);
  }
  return names;
}

describe("/metrics", () => {
  it("needs the key and exports runtime, HTTP and capability metrics with samples", async () => {
    expect((await fetch(`${t.url}/metrics`)).status).toBe(401);
    const text = await scrape();
    expect(text).toMatch(/^rapo_turn_latency_seconds_bucket\{le="0.005",agent="[^"]+"\} \d+/m);
    expect(text).toMatch(/^rapo_routing_decisions_total\{agent="writer",task="[^"]+"\} \d+/m);
    expect(text).toMatch(
      /^rapo_http_requests_total\{method="POST",route="\/v1\/chat\/completions",status="200"\} 6/m,
    );
    expect(text).toMatch(
      /^rapo_http_request_duration_seconds_count\{method="POST",route="\/v1\/chat\/completions"\} 6/m,
    );
    expect(text).toMatch(/^rapo_agent_capability\{agent="writer",task="creative"\} 0\.\d+/m);
    expect(text).toMatch(/^rapo_tokens_total\{agent="writer",direction="output"\} \d+/m);
    for (const name of [
      "rapo_handoffs_total",
      "rapo_lyapunov_value",
      "rapo_consensus_iterations",
      "rapo_rollbacks_total",
      "rapo_agent_load",
      "rapo_agent_queue",
      "rapo_context_score",
      "rapo_failovers_total",
      "rapo_cost_usd_total",
      "rapo_handoff_outcomes_total",
    ])
      expect(exportedNames(text), name).toContain(name);
  });

  it("every query of the Grafana dashboard names metrics that /metrics exports", async () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, "utf8")) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    const exported = exportedNames(await scrape());
    let queries = 0;
    for (const panel of dashboard.panels) {
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const { expr } of panel.targets) {
        const names = expr.match(/\brapo_[a-z0-9_]+/g) ?? [];
        expect(names.length, `${panel.title}: ${expr}`).toBeGreaterThan(0);
        for (const name of names) expect(exported, `${panel.title}: ${name}`).toContain(name);
        queries++;
      }
    }
    expect(queries).toBeGreaterThanOrEqual(20);
  });
});

if (!existsSync(PROMETHEUS))
  console.warn(
    `skipping the Prometheus test: ${PROMETHEUS} is missing (apt-get install prometheus; .ci/run installs it)`,
  );

describe.skipIf(!existsSync(PROMETHEUS))(`a real Prometheus (${PROMETHEUS}) scraping /metrics`, () => {
  let prometheus: ChildProcess | undefined;
  let dir = "";
  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once("exit", resolve));
      prometheus.kill("SIGTERM");
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("scrapes with the bearer key and answers a PromQL quantile over the turn-latency histogram", async () => {
    dir = mkdtempSync(join(tmpdir(), "rapo-prometheus-"));
    const port = await freePort();
    const target = new URL(t.url).host;
    writeFileSync(
      join(dir, "prometheus.yml"),
      [
        "global:",
        "  scrape_interval: 1s",
        "scrape_configs:",
        "  - job_name: rapo",
        "    scrape_interval: 1s",
        "    authorization:",
        "      type: Bearer",
        `      credentials: ${KEY}`,
        "    static_configs:",
        `      - targets: ["${target}"]`,
        "",
      ].join("\n"),
    );
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, "prometheus.yml")}`,
        `--storage.tsdb.path=${join(dir, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
        "--log.level=warn",
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    prometheus.stderr!.on("data", (d) => (stderr += String(d)));
    const api = `http://127.0.0.1:${port}/api/v1`;
    const query = "histogram_quantile(0.95, sum by (le) (rate(rapo_turn_latency_seconds_bucket[1m])))";
    // Prometheus scrapes on its own clock: keep sending turns until two scrapes saw them grow
    const deadline = Date.now() + 90_000;
    let result: { value: [number, string] }[] = [];
    while (Date.now() < deadline) {
      await turns(2);
      const res = await fetch(`${api}/query?query=${encodeURIComponent(query)}`).catch(() => null);
      if (res?.ok) {
        const body = (await res.json()) as {
          status: string;
          data: { result: { value: [number, string] }[] };
        };
        result = body.data.result.filter((r) => Number.isFinite(Number(r.value[1])));
        if (result.length > 0) break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(result.length, `no data from Prometheus; its log:\n${stderr}`).toBeGreaterThan(0);
    const p95 = Number(result[0]!.value[1]);
    expect(p95).toBeGreaterThan(0);
    expect(p95).toBeLessThanOrEqual(30);
    const up = (await (await fetch(`${api}/query?query=up`)).json()) as {
      data: { result: { value: [number, string] }[] };
    };
    expect(up.data.result[0]!.value[1]).toBe("1");
  }, 120_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
