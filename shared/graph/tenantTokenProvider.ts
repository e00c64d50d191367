// Graph access tokens for one tenant: cached until close to expiry, fetched once for concurrent callers, and
// dropped on a 401 (a revoked or rolled-over token) so the next call gets a fresh one.
import type { TokenCredential } from "@azure/identity";
import { GraphRequestError } from "./graphRequestError.js";
import { sanitizeMessage } from "../domain/sanitize.js";

export const graphScope = "https://graph.microsoft.com/.default";

export class TenantTokenProvider {
  private credential: TokenCredential;
  private cached: { token: string; refreshAt: number } | null = null;
  private inflight: Promise<string> | null = null;

  constructor(private readonly createCredential: () => TokenCredential) {
    this.credential = createCredential();
  }

  async getToken(): Promise<string> {
    if (this.cached !== null && Date.now() < this.cached.refreshAt) return this.cached.token;
    this.inflight ??= this.fetch().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** Forget the token and the credential's own cache (@azure/identity has no force-refresh). */
  invalidate(): void {
    this.cached = null;
    this.credential = this.createCredential();
  }

  private async fetch(): Promise<string> {
    const fetchedAt = Date.now();
    try {
      const t = await this.credential.getToken(graphScope);
      if (t === null) throw new Error("no token returned");
      // Refresh at 5 min before expiry, or at 3/4 of a short lifetime.
      const margin = Math.min(300_000, (t.expiresOnTimestamp - fetchedAt) / 4);
      this.cached = { token: t.token, refreshAt: t.expiresOnTimestamp - margin };
      return t.token;
    } catch (err) {
      throw new GraphRequestError(
        "graph_unauthorized",
        null,
        null,
        sanitizeMessage(`token request failed: ${(err as Error).message}`),
      );
    }
  }
}

/** Roles claim of a JWT (no verification: it is our own freshly issued token, read for diagnostics only). */
export function tokenRoles(token: string): string[] {
  const payload = token.split(".")[1];
  if (payload === undefined) return [];
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { roles?: unknown };
    return Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === "string") : [];
  } catch {
    return [];
  }
}
