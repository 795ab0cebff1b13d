/**
 * The layer rules (`.dependency-cruiser.cjs`, run by `npm run layers`) must fail on a back-arrow:
 * run them on a fixture tree (`test/fixtures/layers`) holding one deliberate violation — state
 * importing runtime — and check that exactly it is reported, while the fixture's downward imports
 * (routing → state, routing → util) pass.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const repo = join(import.meta.dirname, "..");

function checkLayers(project: string) {
  return spawnSync(process.execPath, [join(repo, "scripts", "check-layers.mjs"), project], {
    encoding: "utf8",
  });
}

describe("layer rules", () => {
  it("report a back-arrow from a lower layer to a higher one, and only it", () => {
    const run = checkLayers(join(repo, "test", "fixtures", "layers"));
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("state-imports-above: src/state/features.ts → src/runtime/orchestrator.ts");
    expect(run.stdout).toContain("1 dependency violations");
    expect(run.stdout).not.toContain("src/routing/score.ts →");
  });
});
