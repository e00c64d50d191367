import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { MAX_MESSAGE_LENGTH, sanitizeMessage } from "../../../shared/domain/sanitize.js";

// Fake canaries, assembled so secret scanners do not mistake them for real credentials.
const jwt = [
  "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9",
  "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ",
  "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
].join(".");
const clientSecretKey = ["client", "secret"].join("_");

describe("sanitizeMessage", () => {
  it.each([
    [
      "bearer tokens",
      "GET failed with Authorization: Bearer abc.DEF-123_xyz~",
      "Bearer [redacted]",
      "abc.DEF",
    ],
    ["JWTs", `token ${jwt} rejected`, "[jwt]", "eyJhbGci"],
    [
      "client secrets",
      `${clientSecretKey}=Sup3rS3cret!&grant_type=client_credentials`,
      `${clientSecretKey}=[redacted]`,
      "Sup3r",
    ],
    ["JSON secrets", 'clientSecret: "abc123xyz"', "clientSecret", "abc123xyz"],
    [
      "Entra secret values",
      "bad secret abc8Q~aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 used",
      "[redacted]",
      "8Q~",
    ],
    [
      "connection-string keys",
      "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=Zm9vYmFy+/==;EndpointSuffix=core.windows.net",
      "AccountKey=[redacted]",
      "Zm9vYmFy",
    ],
    ["SAS signatures", "https://x.blob.core.windows.net/c?sv=2020&sig=AbC%2Fdef", "sig=[redacted]", "AbC%2F"],
    ["e-mail addresses and UPNs", "user alice.smith@contoso.onmicrosoft.com not found", "[email]", "alice"],
    [
      "raw JSON payloads",
      'Graph said {"error":{"code":"Forbidden","target":"x@y.com"}} at 10:00',
      "[payload]",
      "Forbidden",
    ],
    ["raw XML payloads", "got <html><body>secret page</body></html> back", "[payload]", "secret page"],
    [
      "opaque keys",
      "key C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw== used",
      "[redacted]",
      "C2y6",
    ],
  ])("removes %s", (_name, input, kept, removed) => {
    const out = sanitizeMessage(input);
    expect(out).toContain(kept);
    expect(out).not.toContain(removed);
  });

  it("keeps ordinary operational text", () => {
    expect(sanitizeMessage("Graph answered 429 for deviceConfigurations; retry after 10 s")).toBe(
      "Graph answered 429 for deviceConfigurations; retry after 10 s",
    );
  });

  it("turns objects into a payload marker and errors into their message", () => {
    expect(sanitizeMessage({ token: "x" })).toBe("[payload]");
    expect(sanitizeMessage(new Error("boom for bob@example.com"))).toBe("boom for [email]");
  });

  it("bounds length, is single-line and idempotent (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (input) => {
        const once = sanitizeMessage(input);
        expect(once.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
        expect(once).not.toMatch(/[\r\n]/);
        expect(sanitizeMessage(once)).toBe(once);
      }),
    );
  });

  it("never lets an embedded e-mail or bearer token through (property)", () => {
    const local = fc.stringMatching(/^[a-z][a-z0-9.]{0,10}[a-z0-9]$/);
    const token = fc.stringMatching(/^[A-Za-z0-9]{8,40}$/);
    fc.assert(
      fc.property(
        fc.string({ maxLength: 100 }),
        local,
        token,
        fc.string({ maxLength: 100 }),
        (pre, user, tok, post) => {
          const out = sanitizeMessage(`${pre} ${user}@contoso.com Bearer ${tok} ${post}`, 10_000);
          expect(out).not.toContain(`${user}@contoso.com`);
          expect(out).not.toMatch(new RegExp(`Bearer ${tok}`));
        },
      ),
    );
  });
});
