// The failure/message sanitizer: what may be stored on a run, item or audit entry. Removes bearer tokens,
// JWTs, client secrets, connection-string keys, e-mail addresses/UPNs and raw payloads, and bounds length.
// Idempotent: sanitizing a sanitized message changes nothing.

export const MAX_MESSAGE_LENGTH = 500;

const rules: readonly (readonly [RegExp, string])[] = [
  // Raw payloads (JSON bodies, XML/HTML documents) are dropped whole: they may hold anything.
  [/\{[\s\S]*\}/g, "[payload]"],
  [/\[\s*\{[\s\S]*\]/g, "[payload]"],
  [/<([A-Za-z?!][^>]*)>[\s\S]*<\/?[^>]*>/g, "[payload]"],
  // Authorization headers and JWTs (three base64url segments starting with a JSON header).
  [/\bBearer\s+[A-Za-z0-9\-._~+/]+=*/gi, "Bearer [redacted]"],
  [/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, "[jwt]"],
  // Connection-string and SAS keys: keep the key name, drop the value.
  [
    /\b(AccountKey|SharedAccessKey|SharedAccessSignature|AccessKey|InstrumentationKey|sig|Password|Pwd)=[^;&\s]+/gi,
    "$1=[redacted]",
  ],
  // key=value / key: value / "key":"value" secrets.
  [
    /\b(client[_-]?secret|secret|password|passwd|api[_-]?key|access[_-]?token|refresh[_-]?token|id[_-]?token|client[_-]?assertion|assertion)("?\s*[:=]\s*"?)(?!\[redacted\])[^\s"'&;,]+/gi,
    "$1$2[redacted]",
  ],
  // Entra client secrets have a recognizable `xxxNQ~` prefix.
  [/\b[A-Za-z0-9_.-]{3}\dQ~[A-Za-z0-9_.~-]{30,40}/g, "[redacted]"],
  // E-mail addresses and UPNs.
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g, "[email]"],
];

/** Long, mixed-case, digit-bearing tokens (keys, opaque secrets) that are not URL paths. */
const opaqueToken = /[A-Za-z0-9+/=_~-]{40,}/g;

function redactOpaque(token: string): string {
  const looksSecret =
    /\d/.test(token) && /[a-z]/.test(token) && /[A-Z]/.test(token) && token.split("/").length <= 3;
  return looksSecret ? "[redacted]" : token;
}

/** Turns anything thrown or received into a safe, bounded, single-line message. */
export function sanitizeMessage(input: unknown, maxLength: number = MAX_MESSAGE_LENGTH): string {
  let text: string;
  if (typeof input === "string") text = input;
  else if (input instanceof Error) text = input.message;
  else if (typeof input === "number" || typeof input === "boolean") text = String(input);
  else if (input === null || input === undefined) text = "";
  else text = "[payload]";

  for (const [pattern, replacement] of rules) text = text.replace(pattern, replacement);
  text = text.replace(opaqueToken, redactOpaque);
  text = text.replace(/\s+/g, " ").trim();
  if (text.length > maxLength) text = `${text.slice(0, Math.max(0, maxLength - 1)).trimEnd()}…`;
  return text;
}
