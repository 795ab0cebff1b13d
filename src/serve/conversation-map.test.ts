import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConversationMap, prefixDigest } from "./conversation-map.js";
import { HistoryResolver } from "./conversation-resolver.js";

const message = fc.record({
  role: fc.constantFrom("system", "user", "assistant"),
  text: fc.string({ maxLength: 20 }),
});

describe("prefix digests", () => {
  it("depend on the tenant, every role and text, and message boundaries (property)", () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 6 }), fc.array(message, { maxLength: 6 }), (a, b) => {
        const same =
          JSON.stringify(a.map((m) => [m.role, m.role === "assistant" ? m.text.trimEnd() : m.text])) ===
          JSON.stringify(b.map((m) => [m.role, m.role === "assistant" ? m.text.trimEnd() : m.text]));
        expect(prefixDigest("t", a) === prefixDigest("t", b)).toBe(same);
        expect(prefixDigest("t1", a)).not.toBe(prefixDigest("t2", a));
      }),
    );
    expect(
      prefixDigest("t", [
        { role: "user", text: "ab" },
        { role: "user", text: "c" },
      ]),
    ).not.toBe(
      prefixDigest("t", [
        { role: "user", text: "a" },
        { role: "user", text: "bc" },
      ]),
    );
  });

  it("a resent history continues its conversation; the oldest digests are forgotten past the cap", () => {
    const resolver = new HistoryResolver(new ConversationMap(2));
    const tenant = { id: "t" };
    const h1 = [{ role: "system", text: "be brief" }];
    expect(resolver.resolve(tenant, h1)).toBeUndefined();
    resolver.remember(tenant, h1, "hello", "hi there \n", "t.c1");
    const resent = [...h1, { role: "user", text: "hello" }, { role: "assistant", text: "hi there" }];
    expect(resolver.resolve(tenant, resent)).toBe("t.c1");
    expect(resolver.resolve({ id: "other" }, resent)).toBeUndefined();
    resolver.remember(tenant, [], "a", "b", "t.c2");
    resolver.remember(tenant, [], "c", "d", "t.c3");
    expect(resolver.resolve(tenant, resent)).toBeUndefined();
  });
});
