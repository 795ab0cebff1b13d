import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../store/memory-store.js";
import { ConversationMap, HISTORY_BLOB_PREFIX, prefixDigest } from "./conversation-map.js";
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

  it("a resent history continues its conversation; the oldest digests are forgotten past the cap", async () => {
    const resolver = new HistoryResolver(new ConversationMap(2));
    const tenant = { id: "t" };
    const h1 = [{ role: "system", text: "be brief" }];
    const first = await resolver.resolve(tenant, h1);
    expect(first.conversationId).toBeUndefined();
    first.remember("hello", "hi there \n", "t.c1");
    const resent = [...h1, { role: "user", text: "hello" }, { role: "assistant", text: "hi there" }];
    expect((await resolver.resolve(tenant, resent)).conversationId).toBe("t.c1");
    expect((await resolver.resolve(tenant, resent, false)).conversationId).toBeUndefined();
    expect((await resolver.resolve({ id: "other" }, resent)).conversationId).toBeUndefined();
    (await resolver.resolve(tenant, [])).remember("a", "b", "t.c2");
    (await resolver.resolve(tenant, [])).remember("c", "d", "t.c3");
    expect((await resolver.resolve(tenant, resent)).conversationId).toBeUndefined();
  });

  it("remembers the same digest as hashing the whole next history (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(message, { maxLength: 6 }),
        fc.string(),
        fc.string(),
        async (h, user, answer) => {
          const map = new ConversationMap(8);
          (await new HistoryResolver(map).resolve({ id: "t" }, h)).remember(user, answer, "t.c");
          const next = [...h, { role: "user", text: user }, { role: "assistant", text: answer }];
          expect(map.find(prefixDigest("t", next))).toBe("t.c");
        },
      ),
    );
  });

  it("persists digests in the store and reads a digest missing from memory back (then cached)", async () => {
    const store = new MemoryStore();
    const errors: string[] = [];
    const persistence = { store: () => store, onError: (_e: unknown, op: string) => errors.push(op) };
    const before = new HistoryResolver(new ConversationMap(4, persistence));
    const tenant = { id: "t" };
    (await before.resolve(tenant, [])).remember("hello", "hi", "t.c1");
    await before.flush();
    const resent = [
      { role: "user", text: "hello" },
      { role: "assistant", text: "hi" },
    ];
    const map = new ConversationMap(4, persistence);
    const after = new HistoryResolver(map);
    expect(map.find(prefixDigest("t", resent))).toBeUndefined();
    expect((await after.resolve(tenant, resent)).conversationId).toBe("t.c1");
    expect(map.find(prefixDigest("t", resent))).toBe("t.c1");
    // a stored id of another tenant is never returned; a failing store is a miss, logged
    await store.putBlob(HISTORY_BLOB_PREFIX + prefixDigest("u", resent), new TextEncoder().encode("t.c1"));
    expect((await after.resolve({ id: "u" }, resent)).conversationId).toBeUndefined();
    await store.close();
    expect(
      (await new HistoryResolver(new ConversationMap(4, persistence)).resolve(tenant, resent)).conversationId,
    ).toBeUndefined();
    (await after.resolve(tenant, [])).remember("x", "y", "t.c2");
    await after.flush();
    expect(errors).toEqual(["read", "write"]);
  });
});
