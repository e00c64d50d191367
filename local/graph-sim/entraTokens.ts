// Entra ID client-credentials tokens: RS256 JWTs with tid, roles, appid/azp, signed by a key published as JWKS.
import { randomUUID } from "node:crypto";
import { SignJWT, exportJWK, generateKeyPair, jwtVerify, type JWK, type CryptoKey } from "jose";

export const graphAudience = "https://graph.microsoft.com";

export interface TokenClaims {
  tid: string;
  appid: string;
  roles: string[];
  aud: string;
  iat: number;
  exp: number;
  /** When the simulator issued it, in ms (revocation needs sub-second precision). */
  issuedAtMs: number;
}

export class EntraTokens {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    readonly jwk: JWK,
    readonly kid: string,
  ) {}

  static async create(): Promise<EntraTokens> {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const kid = randomUUID();
    const jwk = { ...(await exportJWK(publicKey)), kid, use: "sig", alg: "RS256" };
    return new EntraTokens(privateKey, publicKey, jwk, kid);
  }

  private readonly issuedAt = new Map<string, number>();

  jwks(): { keys: JWK[] } {
    return { keys: [this.jwk] };
  }

  async issue(opts: {
    issuer: string;
    tenantId: string;
    clientId: string;
    audience: string;
    roles: string[];
    lifetimeSeconds: number;
  }): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const jti = randomUUID();
    this.issuedAt.set(jti, Date.now());
    if (this.issuedAt.size > 100_000) this.issuedAt.clear();
    return new SignJWT({
      tid: opts.tenantId,
      appid: opts.clientId,
      azp: opts.clientId,
      roles: opts.roles,
      ver: "2.0",
    })
      .setProtectedHeader({ alg: "RS256", kid: this.kid, typ: "JWT" })
      .setIssuer(opts.issuer)
      .setSubject(opts.clientId)
      .setAudience(opts.audience)
      .setIssuedAt(now)
      .setNotBefore(now - 1)
      .setExpirationTime(now + opts.lifetimeSeconds)
      .setJti(jti)
      .sign(this.privateKey);
  }

  /** Verifies signature, audience and lifetime; null when the token is not valid. */
  async verify(token: string, audience: string): Promise<TokenClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, { audience, algorithms: ["RS256"] });
      const roles = Array.isArray(payload.roles)
        ? payload.roles.filter((r): r is string => typeof r === "string")
        : [];
      if (typeof payload.tid !== "string" || typeof payload.appid !== "string") return null;
      return {
        tid: payload.tid,
        appid: payload.appid,
        roles,
        aud: audience,
        iat: payload.iat ?? 0,
        exp: payload.exp ?? 0,
        issuedAtMs: this.issuedAt.get(payload.jti ?? "") ?? (payload.iat ?? 0) * 1000,
      };
    } catch {
      return null;
    }
  }
}
