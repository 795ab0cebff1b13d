import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HttpError } from "./openai-errors.js";
import {
  ApiKeys,
  clientConversationId,
  hashApiKey,
  internalConversationId,
  LOCAL_TENANT,
} from "./tenants.js";

describe("ApiKeys", () => {
  const keys = new ApiKeys(["sk-a"], [hashApiKey("sk-b")]);

  it("authenticates plain and hashed keys as distinct tenants, by Bearer or Basic", () => {
    const a = keys.authenticate("Bearer sk-a");
    const b = keys.authenticate("Bearer sk-b");
    expect(a.id).not.toBe(b.id);
    expect(keys.authenticate(`Basic ${Buffer.from("any:sk-a").toString("base64")}`)).toBe(a);
  });

  it("refuses missing, malformed and wrong keys with a 401", () => {
    for (const header of [
      undefined,
      "",
      "Bearer",
      "Bearer ",
      "Token sk-a",
      "Bearer sk-c",
      "Basic !!!",
      `Basic ${Buffer.from("sk-a").toString("base64")}`,
    ]) {
      const error = (() => {
        try {
          keys.authenticate(header);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error, String(header)).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(401);
    }
  });

  it("without keys every request is the local tenant", () => {
    expect(new ApiKeys([], []).authenticate(undefined)).toBe(LOCAL_TENANT);
    expect(ApiKeys.parseList(" a, ,b ,")).toEqual(["a", "b"]);
  });
});

describe("conversation ids", () => {
  it("round-trip inside a tenant and are invisible to another (property)", () => {
    const a = { id: "ta" };
    const b = { id: "tb" };
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_:-][A-Za-z0-9._:-]{0,127}$/), (id) => {
        const internal = internalConversationId(a, id);
        expect(clientConversationId(a, internal)).toBe(id);
        expect(clientConversationId(b, internal)).toBeNull();
      }),
    );
  });

  it("refuses ids outside the charset or too long", () => {
    for (const id of ["", ".hidden", "a/b", "a b", "x".repeat(129), "\ud800"])
      expect(() => internalConversationId({ id: "t" }, id)).toThrow(HttpError);
  });
});
