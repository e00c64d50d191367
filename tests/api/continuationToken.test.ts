// Opaque continuation tokens: round trip, and 400 for garbled, foreign-scope or tampered tokens.
import { describe, expect, it } from "vitest";

import {
  continuationScope,
  decodeContinuation,
  encodeContinuation,
} from "../../shared/http/continuationToken.js";
import { HttpProblem } from "../../shared/http/httpProblem.js";

const scope = continuationScope({ route: "runs-list", workspaceId: "ws-a", status: "queued" });

function status(fn: () => unknown): number {
  try {
    fn();
    return 200;
  } catch (error) {
    return error instanceof HttpProblem ? error.status : -1;
  }
}

describe("continuation tokens", () => {
  it("round-trips the store's token and hides it", () => {
    const storeToken = '{"token":"+RID:~abc==#RT:1","range":{"min":"","max":"FF"}}';
    const token = encodeContinuation(scope, storeToken)!;
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeContinuation(scope, token)).toBe(storeToken);
    expect(encodeContinuation(scope, null)).toBeNull();
    expect(decodeContinuation(scope, undefined)).toBeNull();
  });

  it("does not depend on filter order", () => {
    expect(continuationScope({ a: 1, b: 2 })).toBe(continuationScope({ b: 2, a: 1 }));
  });

  it("refuses tokens of another workspace or filter, tampered or garbled ones (400)", () => {
    const token = encodeContinuation(scope, "7")!;
    const other = continuationScope({ route: "runs-list", workspaceId: "ws-b", status: "queued" });
    expect(status(() => decodeContinuation(other, token))).toBe(400);
    const tampered = JSON.parse(Buffer.from(token, "base64url").toString());
    tampered.c = "8";
    expect(
      status(() => decodeContinuation(scope, Buffer.from(JSON.stringify(tampered)).toString("base64url"))),
    ).toBe(400);
    for (const bad of [
      "",
      "abc",
      "%%%",
      "' OR 1=1 --",
      "x".repeat(5000),
      Buffer.from("[]").toString("base64url"),
    ]) {
      expect(status(() => decodeContinuation(scope, bad))).toBe(400);
    }
  });
});
