import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { backupItemId, payloadChunkId } from "../../../shared/backup/backupIds.js";
import {
  assemblePayload,
  PayloadIntegrityError,
  splitPayload,
} from "../../../shared/backup/payloadChunks.js";

describe("payload chunks", () => {
  it("keeps a payload that fits inline, with its size and hash", () => {
    const split = splitPayload("ws", "bi_1", { a: 1 });
    expect(split.payload).toEqual({ a: 1 });
    expect(split.chunks).toHaveLength(0);
    expect(split.payloadBytes).toBe(7);
    expect(split.payloadSha256).toMatch(/^[a-f0-9]{64}$/);
  });

  it("splits a 5 MB payload into documents under the limit and puts it back whole", () => {
    const payload = { settings: Array.from({ length: 50_000 }, (_, i) => ({ i, v: "é€𝄞".repeat(10) })) };
    const split = splitPayload("ws", "bi_1", payload);
    expect(split.payload).toBeNull();
    expect(split.payloadBytes).toBeGreaterThan(5_000_000);
    expect(split.chunks.length).toBe(split.payloadChunks);
    expect(split.chunks.length).toBeGreaterThanOrEqual(4);
    for (const chunk of split.chunks)
      expect(Buffer.byteLength(chunk.data, "utf8")).toBeLessThanOrEqual(1_500_000);
    expect(split.chunks.map((c) => c.id)).toEqual(split.chunks.map((_, i) => payloadChunkId("bi_1", i)));
    const item = { id: "bi_1", ...split };
    expect(assemblePayload(item, [...split.chunks].reverse())).toEqual(payload);
  });

  it("refuses to assemble from missing or altered chunks instead of returning a truncated payload", () => {
    const split = splitPayload("ws", "bi_1", { text: "x".repeat(100) }, { inlineBytes: 10, chunkBytes: 16 });
    const item = { id: "bi_1", ...split };
    expect(() => assemblePayload(item, split.chunks.slice(1))).toThrow(PayloadIntegrityError);
    const altered = split.chunks.map((c, i) => (i === 2 ? { ...c, data: c.data.replace("x", "y") } : c));
    expect(() => assemblePayload(item, altered)).toThrow(/sha256 mismatch/);
  });

  it("property: any JSON object survives split and assembly for any small chunk size", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.integer({ min: 4, max: 64 }),
        (payload, size) => {
          const split = splitPayload("ws", "bi_x", payload, { inlineBytes: 0, chunkBytes: size });
          for (const chunk of split.chunks)
            expect(Buffer.byteLength(chunk.data, "utf8")).toBeLessThanOrEqual(size);
          expect(assemblePayload({ id: "bi_x", ...split }, split.chunks)).toEqual(
            JSON.parse(JSON.stringify(payload)),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("derives the same item id for the same (set, type, policy) and different ids otherwise", () => {
    expect(backupItemId("s1", "deviceConfigurations", "p1")).toBe(
      backupItemId("s1", "deviceConfigurations", "p1"),
    );
    expect(backupItemId("s1", "deviceConfigurations", "p1")).not.toBe(
      backupItemId("s2", "deviceConfigurations", "p1"),
    );
    expect(backupItemId("s1", "a", "bp1")).not.toBe(backupItemId("s1", "ab", "p1"));
  });
});
