// Splits a policy payload that would not fit a Cosmos document (2 MB) into chunk documents, and puts it back
// together. Never truncates: the sha256 of the JSON text is checked on re-assembly.
import { createHash } from "node:crypto";

import { payloadChunkId } from "./backupIds.js";
import type { PayloadChunk } from "./backupDocuments.js";

/** Inline payloads up to this many UTF-8 bytes leave room for assignments and metadata in a 2 MB document. */
export const defaultInlinePayloadBytes = 1_200_000;
export const defaultChunkBytes = 1_500_000;

export interface SplitPayload {
  payload: Record<string, unknown> | null;
  payloadChunks: number;
  payloadBytes: number;
  payloadSha256: string;
  chunks: PayloadChunk[];
}

export interface SplitLimits {
  inlineBytes?: number;
  chunkBytes?: number;
}

export function splitPayload(
  workspaceId: string,
  backupItemId: string,
  payload: Record<string, unknown>,
  limits: SplitLimits = {},
): SplitPayload {
  const inlineBytes = limits.inlineBytes ?? defaultInlinePayloadBytes;
  const chunkBytes = limits.chunkBytes ?? defaultChunkBytes;
  if (chunkBytes < 4) throw new RangeError("chunkBytes: must be at least 4 (one UTF-8 character)");
  const text = JSON.stringify(payload);
  const bytes = Buffer.from(text, "utf8");
  const payloadSha256 = createHash("sha256").update(bytes).digest("hex");
  if (bytes.length <= inlineBytes) {
    return { payload, payloadChunks: 0, payloadBytes: bytes.length, payloadSha256, chunks: [] };
  }
  const chunks: PayloadChunk[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + chunkBytes, bytes.length);
    // Step back off UTF-8 continuation bytes (10xxxxxx) so no character is cut in two.
    while (end < bytes.length && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
    const index = chunks.length;
    chunks.push({
      id: payloadChunkId(backupItemId, index),
      docType: "backupPayloadChunk",
      workspaceId,
      backupItemId,
      index,
      data: bytes.subarray(start, end).toString("utf8"),
    });
    start = end;
  }
  return { payload: null, payloadChunks: chunks.length, payloadBytes: bytes.length, payloadSha256, chunks };
}

export class PayloadIntegrityError extends Error {
  constructor(
    readonly backupItemId: string,
    detail: string,
  ) {
    super(`payloadChunks of ${backupItemId}: ${detail}`);
    this.name = "PayloadIntegrityError";
  }
}

/** The payload of an item, from its inline copy or its chunks (any order); throws when chunks are missing. */
export function assemblePayload(
  item: {
    id: string;
    payload: Record<string, unknown> | null;
    payloadChunks: number;
    payloadSha256: string;
  },
  chunks: readonly PayloadChunk[],
): Record<string, unknown> {
  if (item.payload !== null) return item.payload;
  const ordered = [...chunks].filter((c) => c.backupItemId === item.id).sort((a, b) => a.index - b.index);
  if (ordered.length !== item.payloadChunks || ordered.some((c, i) => c.index !== i)) {
    throw new PayloadIntegrityError(item.id, `expected ${item.payloadChunks}, found ${ordered.length}`);
  }
  const text = ordered.map((c) => c.data).join("");
  const sha = createHash("sha256").update(text, "utf8").digest("hex");
  if (sha !== item.payloadSha256) throw new PayloadIntegrityError(item.id, "sha256 mismatch");
  const parsed: unknown = JSON.parse(text);
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new PayloadIntegrityError(item.id, "not a JSON object");
  }
  return parsed as Record<string, unknown>;
}
