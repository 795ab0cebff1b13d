import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createRequestLogger, flushRequestLogger } from "./request-logger.js";

const dir = mkdtempSync(join(tmpdir(), "rapo-request-logger-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const lines = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l !== "");

describe("the service's buffered request logger", () => {
  it("buffers lines, writes them within flushMs, and at once on flush", async () => {
    const file = join(dir, "a.log");
    const logger = createRequestLogger({ level: "info", dest: file, flushMs: 100 });
    logger.info({ route: "/a", status: 200 }, "request");
    logger.debug("below the level");
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(lines(file).map((l) => JSON.parse(l).route)).toEqual(["/a"]);
    logger.info({ route: "/b" }, "request");
    expect(lines(file)).toHaveLength(1); // still buffered
    flushRequestLogger(logger);
    expect(lines(file).map((l) => JSON.parse(l).route)).toEqual(["/a", "/b"]);
  });
});
