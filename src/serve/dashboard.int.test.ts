/**
 * The live dashboard in a real browser: Debian's chromium driven by playwright-core (never a
 * downloaded browser) opens /dashboard with the API key (HTTP Basic), sees every agent in the
 * load table and the capability heatmap, then turns sent through the API — including a handoff
 * between pinned agents — appear without a reload: the turn counter, the decision list, the
 * handoff arrow in the flow and the agents' turn counts. A screenshot is saved to
 * reports/dashboard.png as the test's artifact.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./testing/serve-fixture.js";

const CHROMIUM = "/usr/bin/chromium";
const KEY = "sk-dashboard";
const REPORTS = join(import.meta.dirname, "../../reports");

if (!existsSync(CHROMIUM))
  console.warn(
    `skipping the dashboard browser test: ${CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)`,
  );

describe.skipIf(!existsSync(CHROMIUM))(`the dashboard in ${CHROMIUM}`, () => {
  let t: TestServer;
  let profile = "";
  beforeAll(async () => {
    t = await startTestServer({ apiKeys: [KEY] });
    profile = mkdtempSync(join(tmpdir(), "rapo-chromium-"));
  });
  afterAll(async () => {
    await t?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  async function turn(model: string, content: string, conversation: string) {
    const res = await fetch(`${t.url}/v1/chat/completions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${KEY}`,
        "content-type": "application/json",
        "x-rapo-conversation": conversation,
      },
      body: JSON.stringify({ model, messages: [{ role: "user", content }] }),
    });
    expect(res.status).toBe(200);
  }

  it("shows the agents and updates live as turns arrive", async () => {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      httpCredentials: { username: "rapo", password: KEY },
      viewport: { width: 1400, height: 1000 },
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`${t.url}/dashboard`);
      page.on("console", (m) => errors.push(`console: ${m.text()}`));
      await page.waitForSelector("body[data-ready='1']", { timeout: 30_000 }).catch((e: unknown) => {
        throw new Error(`${String(e)}\npage errors: ${errors.join("\n")}`);
      });
      const agents = t.server.orchestrator.agents().map((a) => a.id);
      expect(await page.locator("#agents tbody tr").count()).toBe(agents.length);
      expect(await page.locator("#heatmap tbody tr").count()).toBe(agents.length);
      expect(await page.locator("#heatmap tbody tr:first-child td.cell").count()).toBe(
        t.server.orchestrator.internals.taxonomy.taskTypes.length,
      );
      expect(await page.locator("#flow [data-node]").count()).toBe(agents.length + 1);
      expect(await page.locator("#turn-count").textContent()).toBe("0");

      await turn(
        "rapo/planner",
        "The stock of Lyon-Depot is 420 units. What is the stock of Lyon-Depot?",
        "d-1",
      );
      await turn("rapo/writer", "Write a slogan for Lyon-Depot that mentions its stock.", "d-1");
      for (let i = 0; i < 4; i++)
        await turn(
          "rapo",
          `The stock of Paris-Hub is ${300 + i} units. What is the stock of Paris-Hub?`,
          `d-${i + 2}`,
        );

      await page.locator("#turn-count").filter({ hasText: /^6$/ }).waitFor({ timeout: 30_000 });
      expect(await page.locator("#decisions li[data-turn]").count()).toBe(6);
      expect(await page.locator("#handoff-count").textContent()).toBe("1");
      await page.waitForSelector("#flow [data-handoff='planner→writer']", { timeout: 10_000 });
      expect(await page.locator("#decisions li.handoff .agent").first().textContent()).toBe(
        "planner → writer",
      );
      // the agents table follows the server's counts (pushed every second)
      await page
        .locator("#agents tr[data-agent='writer'] td:nth-child(5)")
        .filter({ hasText: /^[1-9]\d*$/ })
        .waitFor({ timeout: 10_000 });
      expect(await page.locator("#latency-chart path.p50").count()).toBe(1);
      mkdirSync(REPORTS, { recursive: true });
      await page.screenshot({ path: join(REPORTS, "dashboard.png"), fullPage: true });
      expect(errors.filter((e) => !e.startsWith("console:"))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
