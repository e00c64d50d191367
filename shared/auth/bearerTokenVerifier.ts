// Validates Entra ID bearer tokens from external systems with jose against the issuer's JWKS: signature
// (asymmetric algorithms only, so `alg: none` and HMAC tokens are refused), audience, issuer (the
// `{tid}` placeholder is filled from the token's tenant), expiry and not-before — and the token's tenant
// (`tid`) must be one of the Entra tenants allowed to call the API: a `{tid}` issuer template accepts any
// tenant's correctly signed token, so without this list a token issued in a stranger's tenant would pass.
// A caller sends the same token for up to an hour, so verified tokens are remembered (bounded, keyed by the
// token string, until their `exp` and at most a few minutes): the signature check runs on the libuv pool
// and was a few ms of the API's tail on a busy machine. Refused tokens are never remembered.
import { createRemoteJWKSet, decodeJwt, type JWTPayload, jwtVerify } from "jose";

import type { Role } from "../domain/directory.js";
import { HttpProblem } from "../http/httpProblem.js";
import { appRoleCeilings, type Principal } from "./principal.js";
import { higherRole } from "./capabilities.js";

export interface BearerTokenSettings {
  /** Issuer template, e.g. `https://login.microsoftonline.com/{tid}/v2.0`. */
  issuer: string;
  jwksUrl: string;
  audience: string;
  /** Allowed clock skew in seconds. */
  clockToleranceSeconds?: number;
  /**
   * Entra tenant ids whose tokens are accepted (API_AUTH_ALLOWED_TENANTS). Absent or empty: none — every
   * bearer token is refused (fail closed), the platform's client principal still works.
   */
  allowedTenants?: readonly string[];
}

const allowedAlgorithms = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"];
const tenantIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const invalidToken = (): HttpProblem =>
  new HttpProblem(
    401,
    "invalid-token",
    "The bearer token is not valid.",
    [{ field: "header.authorization", message: "is not a valid bearer token for this API" }],
    { "www-authenticate": 'Bearer error="invalid_token"' },
  );

function stringClaim(payload: JWTPayload, name: string): string | null {
  const value = payload[name];
  return typeof value === "string" && value.length > 0 && value.length <= 200 ? value : null;
}

/** Maps verified claims to a principal: app-only tokens carry no `scp`; delegated ones act as the user. */
export function principalFromClaims(payload: JWTPayload): Principal {
  const scopes = stringClaim(payload, "scp");
  const isApp = payload["idtyp"] === "app" || scopes === null;
  if (isApp) {
    const clientId = stringClaim(payload, "azp") ?? stringClaim(payload, "appid");
    if (clientId === null) throw invalidToken();
    const roles = Array.isArray(payload["roles"]) ? payload["roles"] : [];
    let ceiling: Role | null = null;
    for (const role of roles) {
      const granted = typeof role === "string" ? appRoleCeilings[role] : undefined;
      if (granted !== undefined) ceiling = ceiling === null ? granted : higherRole(ceiling, granted);
    }
    return { kind: "app", id: clientId, source: "bearer", appRoleCeiling: ceiling };
  }
  const userId = stringClaim(payload, "oid") ?? stringClaim(payload, "sub");
  if (userId === null) throw invalidToken();
  return { kind: "user", id: userId, source: "bearer", appRoleCeiling: null };
}

/** Verified tokens kept at most (oldest dropped first) and for at most this long (JWKS key rotation). */
const verifiedCacheSize = 500;
const verifiedCacheMaxAgeMs = 5 * 60_000;

export class BearerTokenVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  private readonly allowedTenants: ReadonlySet<string>;
  /** token → principal, usable until `until` (epoch ms: the token's exp, capped by the max age). */
  private readonly verified = new Map<string, { principal: Principal; until: number }>();

  constructor(private readonly settings: BearerTokenSettings) {
    this.allowedTenants = new Set((settings.allowedTenants ?? []).map((t) => t.toLowerCase()));
    this.jwks = createRemoteJWKSet(new URL(settings.jwksUrl), {
      timeoutDuration: 5000,
      cooldownDuration: 30_000,
    });
  }

  async verify(token: string): Promise<Principal> {
    if (token.length > 16_384) throw invalidToken();
    const cached = this.verified.get(token);
    if (cached !== undefined) {
      if (Date.now() < cached.until) return cached.principal;
      this.verified.delete(token);
    }
    let tid: unknown;
    try {
      tid = decodeJwt(token)["tid"];
    } catch {
      throw invalidToken();
    }
    // Checked before any signature work; the signature check below then proves the claim.
    if (typeof tid !== "string" || !tenantIdPattern.test(tid)) throw invalidToken();
    if (!this.allowedTenants.has(tid.toLowerCase())) throw invalidToken();
    const expectedIssuer = this.settings.issuer.replaceAll("{tid}", tid);
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        algorithms: allowedAlgorithms,
        audience: this.settings.audience,
        issuer: expectedIssuer,
        requiredClaims: ["exp"],
        clockTolerance: this.settings.clockToleranceSeconds ?? 60,
      });
      // The verified payload must name the tenant that was allowed (decodeJwt read the same token).
      if (payload["tid"] !== tid) throw invalidToken();
      const principal = Object.freeze(principalFromClaims(payload));
      this.remember(token, principal, (payload.exp ?? 0) * 1000);
      return principal;
    } catch (error) {
      if (error instanceof HttpProblem) throw error;
      throw invalidToken();
    }
  }

  /** Strictly until exp (jose's clock tolerance is not extended to cached answers). */
  private remember(token: string, principal: Principal, expMs: number): void {
    const now = Date.now();
    const until = Math.min(expMs, now + verifiedCacheMaxAgeMs);
    if (until <= now) return;
    if (this.verified.size >= verifiedCacheSize) {
      for (const [key, entry] of this.verified) {
        if (entry.until <= now) this.verified.delete(key);
      }
      const oldest = this.verified.keys().next();
      if (this.verified.size >= verifiedCacheSize && oldest.done !== true) this.verified.delete(oldest.value);
    }
    this.verified.set(token, { principal, until });
  }
}
