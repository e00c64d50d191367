// The emulated StaticWebAppsAuthCookie: the principal's JSON, HMAC-signed with a per-process key so a
// browser cannot forge another user's cookie by editing it (the real platform encrypts its cookie).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

import { clientPrincipalSchema, type ClientPrincipal } from "./clientPrincipal.js";

export const authCookieName = "StaticWebAppsAuthCookie";

export class AuthCookieCodec {
  private readonly key: Buffer;

  constructor(key: Buffer = randomBytes(32)) {
    this.key = key;
  }

  encode(principal: ClientPrincipal): string {
    const body = Buffer.from(JSON.stringify(principal), "utf8").toString("base64url");
    return `${body}.${this.sign(body)}`;
  }

  decode(value: string | undefined): ClientPrincipal | undefined {
    if (value === undefined) return undefined;
    const [body, signature, extra] = value.split(".");
    if (body === undefined || signature === undefined || extra !== undefined) return undefined;
    const expected = Buffer.from(this.sign(body));
    const actual = Buffer.from(signature);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
    try {
      const parsed = clientPrincipalSchema.safeParse(
        JSON.parse(Buffer.from(body, "base64url").toString("utf8")),
      );
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  private sign(body: string): string {
    return createHmac("sha256", this.key).update(body).digest("base64url");
  }
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
