// Property: whatever text surrounds them, planted JWTs, e-mail addresses, connection-string keys and known
// secret values never survive the telemetry sanitizer, and sanitizing twice changes nothing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { TelemetrySanitizer } from "../../shared/telemetry/telemetrySanitizer.js";

const base64url = fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/);
const jwt = fc
  .tuple(base64url, base64url, base64url)
  .map(([header, payload, signature]) => `eyJ${header}.eyJ${payload}.${signature}`);
const email = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9._-]{0,15}$/), fc.stringMatching(/^[a-z][a-z0-9-]{1,12}$/))
  .map(([user, domain]) => `${user}@${domain}.onmicrosoft.com`);
const accountKey = fc.base64String({ minLength: 44, maxLength: 88 }).filter((s) => s.length >= 44);
const knownSecret = fc.stringMatching(/^[a-z][a-z-]{7,30}$/);
/** Surrounding text: anything printable, without the characters that could glue onto a planted value. */
const filler = fc.string({ maxLength: 40 }).map((s) => s.replace(/[A-Za-z0-9@._%+'=;&/~-]/g, " "));

describe("TelemetrySanitizer (property)", () => {
  it("removes planted secrets wherever they sit in a message", () => {
    fc.assert(
      fc.property(jwt, email, accountKey, knownSecret, filler, filler, (token, mail, key, secret, a, b) => {
        const sanitizer = new TelemetrySanitizer([secret]);
        const text = `${a}${token}${b}${mail}${a}AccountKey=${key};${b}${secret}${a}`;
        const out = sanitizer.text(text);
        for (const planted of [token, mail, key, secret]) expect(out).not.toContain(planted);
        expect(sanitizer.text(out)).toBe(out);
      }),
      { numRuns: 300 },
    );
  });

  it("redacts every property whose name says it is secret, whatever its value", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          "clientSecret",
          "password",
          "accessToken",
          "authorization",
          "connectionString",
          "apiKey",
        ),
        fc.string(),
        (name, value) => {
          expect(new TelemetrySanitizer().properties({ [name]: value })).toEqual({ [name]: "[redacted]" });
        },
      ),
    );
  });
});
