// The last gate before telemetry leaves the process: redacts tokens, JWTs, secrets, connection-string and
// query-string credentials, e-mail addresses/UPNs, high-entropy keys and any known secret value verbatim.
// Deliberately small; shared/domain/sanitize.ts (failure messages) may absorb it later.
import type { TelemetryProperties } from "./telemetry.js";

export const REDACTED = "[redacted]";

/** Longest text we send in one property or message. */
const MAX_TEXT = 2048;

/** Property names whose values are never sent. */
const SECRET_NAME =
  /secret|password|passwd|pwd|token|authorization|cookie|credential|connection_?string|api_?key|account_?key|access_?key|private_?key|signature|^(key|sig|code|upn|e?-?mail)$/i;

const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const AUTH_SCHEME = /\b(Bearer|Basic|SharedAccessSignature)\s+[^\s,;"']+/gi;
const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** `name=value` credentials in connection strings (`;`) and query strings (`&`); long names match even glued to text. */
const KEY_VALUE =
  /(AccountKey|SharedAccessKey|SharedAccessSignature|Password|ClientSecret|client_secret|client_assertion|access_token|refresh_token|id_token|\bPwd|\bcode|\bsig)=([^;&\s"']+)/gi;
/** Candidate opaque strings (base64/base64url keys, client secrets); judged by hasEntropy. */
const OPAQUE = /[A-Za-z0-9+_~.=-]{32,}/g;

function hasEntropy(candidate: string): boolean {
  return /[A-Z]/.test(candidate) && /[a-z]/.test(candidate) && /[0-9]/.test(candidate);
}

export class TelemetrySanitizer {
  private readonly knownSecrets: readonly string[];

  /** @param knownSecrets exact values (from settings) that must never appear, even inside other text. */
  constructor(knownSecrets: readonly (string | undefined)[] = []) {
    this.knownSecrets = knownSecrets
      .filter((s): s is string => s !== undefined && s.length >= 6 && !REDACTED.includes(s))
      .sort((a, b) => b.length - a.length);
  }

  text(value: string): string {
    let out = value;
    for (const secret of this.knownSecrets) out = out.split(secret).join(REDACTED);
    // Credentials by name first, then e-mail before JWT: text glued to a token's tail or to an address
    // (no separator) must not shield either from its pattern.
    out = out
      .replace(KEY_VALUE, (_m, name: string) => `${name}=${REDACTED}`)
      .replace(AUTH_SCHEME, (_m, scheme: string) => `${scheme} ${REDACTED}`)
      .replace(EMAIL, REDACTED)
      .replace(JWT, REDACTED)
      .replace(OPAQUE, (m) => (hasEntropy(m) ? REDACTED : m));
    return out.length > MAX_TEXT ? `${out.slice(0, MAX_TEXT)}…` : out;
  }

  /** Drops empty values, redacts secret-named ones, sanitizes the rest as text. */
  properties(properties: TelemetryProperties | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    if (properties === undefined) return out;
    for (const [name, value] of Object.entries(properties)) {
      if (value === null || value === undefined) continue;
      const key = this.text(name);
      out[key] = SECRET_NAME.test(name) ? REDACTED : this.text(String(value));
    }
    return out;
  }

  /** Keeps finite numbers only, under sanitized names. */
  measurements(measurements: Readonly<Record<string, number>> | undefined): Record<string, number> {
    const out: Record<string, number> = {};
    if (measurements === undefined) return out;
    for (const [name, value] of Object.entries(measurements)) {
      if (Number.isFinite(value)) out[this.text(name)] = value;
    }
    return out;
  }

  /** A copy of the error that is safe to send: sanitized name, message and stack. */
  error(error: unknown): Error {
    const source =
      error instanceof Error
        ? error
        : new Error(typeof error === "string" ? error : "Non-Error value thrown");
    const safe = new Error(this.text(source.message));
    safe.name = this.text(source.name);
    if (source.stack !== undefined) safe.stack = this.text(source.stack);
    return safe;
  }
}
