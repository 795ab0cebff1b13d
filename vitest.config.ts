import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    env: { RAPO_LOG_LEVEL: "silent" },
    // the JSON report lets CI print a plain "N passed, N failed" closing line
    reporters: ["default", ["json", { outputFile: "reports/vitest.json" }]],
  },
});
