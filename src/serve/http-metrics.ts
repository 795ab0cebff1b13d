/**
 * @module serve/http-metrics
 * The service's own Prometheus metrics, in the orchestrator's registry beside the runtime's:
 * HTTP requests by route and status, request duration, requests in flight, rate-limited
 * requests, and the learned capability of each agent per task type (read at scrape time, so a
 * turn pays nothing for it). Label objects are cached per route and status so a request
 * allocates none.
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { Orchestrator } from "../runtime/orchestrator.js";

/** HTTP metrics of one server. */
export interface HttpMetrics {
  requests: Counter<"method" | "route" | "status">;
  duration: Histogram<"method" | "route">;
  inflight: Gauge;
  rateLimited: Counter;
  /** observes one finished request. */
  observe(method: string, route: string, status: number, seconds: number): void;
}

/** Creates the HTTP metrics and the capability gauge in `registry`. */
export function createHttpMetrics(registry: Registry, rapo: Orchestrator): HttpMetrics {
  const registers = [registry];
  const requests = new Counter({
    name: "rapo_http_requests_total",
    help: "HTTP requests, by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    registers,
  });
  const duration = new Histogram({
    name: "rapo_http_request_duration_seconds",
    help: "HTTP request duration, by method and route (streams: until the last event)",
    labelNames: ["method", "route"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const inflight = new Gauge({
    name: "rapo_http_inflight_requests",
    help: "HTTP requests being served",
    registers,
  });
  const rateLimited = new Counter({
    name: "rapo_http_rate_limited_total",
    help: "Requests refused by the per-key rate limit (429)",
    registers,
  });
  new Gauge({
    name: "rapo_agent_capability",
    help: "Learned success rate M_i per agent and task type (evidence-weighted over modalities)",
    labelNames: ["agent", "task"] as const,
    registers,
    collect() {
      for (const agent of rapo.agents())
        for (const [task, value] of Object.entries(agent.capabilityByTask))
          this.set({ agent: agent.id, task }, value);
    },
  });
  const labels = new Map<string, { counter: Record<string, string>; histogram: Record<string, string> }>();
  return {
    requests,
    duration,
    inflight,
    rateLimited,
    observe(method, route, status, seconds) {
      const key = `${method} ${route} ${status}`;
      let set = labels.get(key);
      if (set === undefined) {
        set = { counter: { method, route, status: String(status) }, histogram: { method, route } };
        labels.set(key, set);
      }
      requests.inc(set.counter);
      duration.observe(set.histogram, seconds);
    },
  };
}
