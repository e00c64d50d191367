// Secret canaries for leak tests, assembled at run time from random parts (so no secret scanner ever sees a
// credential-shaped literal in the repository, and no two runs plant the same text), and a scanner that
// reports which canary (or a distinctive piece of one) appears in a text.
import { randomBytes } from "node:crypto";

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomText(length: number, alphabet = alnum): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += alphabet[b % alphabet.length] ?? "x";
  return out;
}

const base64url = (text: string): string => Buffer.from(text).toString("base64url");

export interface Canaries {
  /** An opaque API-key-like token (mixed case and digits, 48 characters). */
  token: string;
  /** A client secret in Entra's shape (`xxx8Q~` + 34 characters). */
  clientSecret: string;
  email: string;
  /** A JWT (header.payload.signature, base64url) naming the e-mail as its UPN. */
  jwt: string;
  /** The Graph app's configured client secret (the real one of this run's stack). */
  graphAppSecret: string;
}

export function makeCanaries(): Canaries {
  const tag = randomText(8).toLowerCase();
  const email = `canary.${tag}@contoso-${tag}.example.com`;
  const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT" }));
  const payload = base64url(JSON.stringify({ upn: email, tid: tag, sub: randomText(16) }));
  return {
    token: `Ck${randomText(2, "0123456789")}${randomText(44)}`,
    clientSecret: [randomText(3), "8Q", "~", randomText(34, `${alnum}_.-`)].join(""),
    email,
    jwt: [header, payload, randomText(43, `${alnum}_-`)].join("."),
    graphAppSecret: [randomText(3), "8Q", "~", randomText(34, `${alnum}_-`)].join(""),
  };
}

/** The text planted in Graph error bodies and Cosmos error messages: every canary in a secret's usual clothes. */
export function plantedText(c: Canaries): string {
  const key = ["client", "secret"].join("_");
  return [
    `${key}=${c.clientSecret}`,
    `Authorization: Bearer ${c.jwt}`,
    `api key ${c.token}`,
    `user ${c.email}`,
    `{"${key}":"${c.graphAppSecret}","token":"${c.token}"}`,
  ].join(" ");
}

/** Needles for one canary: the whole value and distinctive pieces (a leak of half a secret is a leak). */
function needles(value: string): string[] {
  // A JWT's header is the same for every token of its kind: its payload and signature are what identify it.
  const segments = value.split(".");
  if (segments.length === 3 && value.startsWith("eyJ")) return [value, ...segments.slice(1)];
  const pieces = [value];
  if (value.length >= 24) pieces.push(value.slice(0, 16), value.slice(-16));
  return pieces;
}

export interface Leak {
  canary: keyof Canaries;
  where: string;
  excerpt: string;
}

/** Every canary (or piece) found in the texts, with where it was and a short excerpt. */
export function findLeaks(c: Canaries, texts: Iterable<{ where: string; text: string }>): Leak[] {
  const leaks: Leak[] = [];
  const all = Object.entries(c) as [keyof Canaries, string][];
  for (const { where, text } of texts) {
    for (const [canary, value] of all) {
      for (const needle of needles(value)) {
        const at = text.indexOf(needle);
        if (at === -1) continue;
        leaks.push({ canary, where, excerpt: text.slice(Math.max(0, at - 80), at + needle.length + 20) });
        break;
      }
    }
  }
  return leaks;
}
