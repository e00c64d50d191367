// Deterministic ids for backup documents: a replayed activity overwrites its documents, never duplicates them.
import { createHash } from "node:crypto";

function digest(parts: readonly string[]): string {
  return createHash("sha256").update(parts.join("\u001f")).digest("hex").slice(0, 40);
}

export function backupItemId(backupSetId: string, policyType: string, policyId: string): string {
  return `bi_${digest([backupSetId, policyType, policyId])}`;
}

export function payloadChunkId(backupItemId: string, index: number): string {
  return `${backupItemId}.c${String(index).padStart(4, "0")}`;
}
