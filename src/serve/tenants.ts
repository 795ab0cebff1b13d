/**
 * @module serve/tenants
 * API keys and tenants. Each accepted key is one tenant; a tenant's conversation ids are stored
 * under its own prefix (`<tenant>.<id>`), so another tenant's id simply does not exist for it
 * (404, never 403). Keys are compared by their SHA-256 digest: the server keeps no plain key
 * from the config file, and a lookup in a set of digests leaks nothing about a near miss.
 */
import { createHash } from "node:crypto";
import { HttpError } from "./openai-errors.js";

/** The caller a request is served for. */
export interface Tenant {
  /** stable id derived from the key digest (`local` when the server has no keys). */
  readonly id: string;
}

/** The only tenant of a server without API keys (bound to loopback). */
export const LOCAL_TENANT: Tenant = { id: "local" };

/** Ids a client may choose for a conversation: no separator games, bounded length. */
const CLIENT_ID = /^[A-Za-z0-9_:-][A-Za-z0-9._:-]{0,127}$/;

/** SHA-256 hex digest of a key (what `serve.apiKeyHashes` lists). */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** The accepted keys: from `RAPO_API_KEYS` (comma-separated) and the config's digests. */
export class ApiKeys {
  private readonly tenants = new Map<string, Tenant>();
  /** keys already accepted → their tenant. */
  private readonly accepted = new Map<string, Tenant>();

  constructor(plainKeys: readonly string[], digests: readonly string[]) {
    for (const key of plainKeys) this.add(hashApiKey(key));
    for (const digest of digests) this.add(digest.toLowerCase());
  }

  /** Keys from a comma-separated list such as `RAPO_API_KEYS` (blank entries ignored). */
  static parseList(list: string | undefined): string[] {
    return (list ?? "")
      .split(",")
      .map((k) => k.trim())
      .filter((k) => k.length > 0);
  }

  /** Whether any key is configured (otherwise the server is loopback-only and open). */
  get enabled(): boolean {
    return this.tenants.size > 0;
  }

  /**
   * The tenant of an `Authorization` header: `Bearer <key>` (OpenAI clients) or HTTP Basic with
   * the key as password (browsers, for the dashboard). Throws a 401 HttpError otherwise.
   */
  authenticate(header: string | undefined): Tenant {
    if (!this.enabled) return LOCAL_TENANT;
    const key = keyOf(header);
    const known = key === null ? undefined : this.accepted.get(key);
    if (known) return known;
    const tenant = key === null ? undefined : this.tenants.get(hashApiKey(key));
    if (tenant && key !== null) {
      // a sha256 per request was ~1 % of a busy server; only accepted keys are remembered, so
      // the map holds at most one entry per tenant and a flood of wrong keys cannot grow it
      this.accepted.set(key, tenant);
      return tenant;
    }
    throw new HttpError(
      401,
      key === null ? "missing_api_key" : "invalid_api_key",
      key === null ? "no API key: send 'Authorization: Bearer <key>'" : "incorrect API key provided",
      // browsers answer a Basic challenge (the dashboard); API clients send their Bearer key anyway
      { headers: { "www-authenticate": 'Basic realm="rapo", charset="UTF-8"' } },
    );
  }

  private add(digest: string): void {
    this.tenants.set(digest, { id: `t${digest.slice(0, 16)}` });
  }
}

function keyOf(header: string | undefined): string | null {
  if (header === undefined) return null;
  const space = header.indexOf(" ");
  if (space < 0) return null;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (value === "") return null;
  if (scheme === "bearer") return value;
  if (scheme !== "basic") return null;
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const password = colon < 0 ? "" : decoded.slice(colon + 1);
  return password === "" ? null : password;
}

/** The stored conversation id of a tenant's client-facing id (400 for an id outside the charset). */
export function internalConversationId(tenant: Tenant, clientId: string, param = "conversation_id"): string {
  if (!CLIENT_ID.test(clientId))
    throw new HttpError(
      400,
      "invalid_conversation_id",
      "a conversation id is 1–128 characters of letters, digits, '.', '_', ':' or '-'",
      { param },
    );
  return `${tenant.id}.${clientId}`;
}

/** The client-facing id of a stored conversation id, or null when another tenant owns it. */
export function clientConversationId(tenant: Tenant, internalId: string): string | null {
  const prefix = `${tenant.id}.`;
  return internalId.startsWith(prefix) ? internalId.slice(prefix.length) : null;
}
