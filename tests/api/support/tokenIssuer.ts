// A test Entra issuer: an RSA key pair made with jose, its JWKS served over HTTP on an ephemeral port, and
// a helper that signs tokens with chosen claims (or deliberately wrong ones).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";

export const testAudience = "api://intune-ops-ledger";
export const testTenantId = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f";

export interface TokenIssuer {
  jwksUrl: string;
  /** Issuer template as configured in API_AUTH_ISSUER. */
  issuerTemplate: string;
  issuerFor(tid: string): string;
  sign(
    claims: JWTPayload,
    options?: { expiresIn?: string | number; key?: "trusted" | "stranger"; alg?: string },
  ): Promise<string>;
  stop(): Promise<void>;
}

export async function startTokenIssuer(): Promise<TokenIssuer> {
  const trusted = await generateKeyPair("RS256", { extractable: true });
  const stranger = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(trusted.publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  const server: Server = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const issuerTemplate = `${base}/{tid}/v2.0`;
  const issuerFor = (tid: string) => issuerTemplate.replace("{tid}", tid);
  return {
    jwksUrl: `${base}/common/discovery/v2.0/keys`,
    issuerTemplate,
    issuerFor,
    async sign(claims, options = {}) {
      const key = options.key === "stranger" ? stranger.privateKey : trusted.privateKey;
      const jwt = new SignJWT({ tid: testTenantId, ...claims })
        .setProtectedHeader({ alg: options.alg ?? "RS256", kid: "test-key" })
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? "10m");
      if (claims.iss === undefined) jwt.setIssuer(issuerFor(testTenantId));
      if (claims.aud === undefined) jwt.setAudience(testAudience);
      return jwt.sign(key);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}
