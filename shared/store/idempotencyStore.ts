// IdempotencyStore on Cosmos DB with conditional writes only: `create` claims a key (409 = someone holds
// it), every later change is a replace/delete with If-Match, so concurrent replays never lose an update.
import { createHash } from "node:crypto";

import type { Container } from "@azure/cosmos";
import { z } from "zod";

import type {
  IdempotencyClaim,
  IdempotencyScope,
  IdempotencyStore,
  StoredResponse,
} from "../ports/idempotencyStore.js";
import { cosmosStatus } from "./notificationCosmosErrors.js";

/** A pending claim older than this is taken over (its owner crashed before completing). */
const pendingTakeoverMs = 2 * 60 * 1000;

const recordSchema = z.object({
  id: z.string(),
  docType: z.literal("idempotency"),
  workspaceId: z.string(),
  requestHash: z.string(),
  state: z.enum(["pending", "completed"]),
  response: z
    .object({ status: z.number(), headers: z.record(z.string(), z.string()), body: z.unknown() })
    .nullable(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
type IdempotencyRecord = z.infer<typeof recordSchema>;

export function idempotencyRecordId(scope: Pick<IdempotencyScope, "principalId" | "key">): string {
  return createHash("sha256").update(`${scope.principalId}\n${scope.key}`).digest("hex");
}

export class CosmosIdempotencyStore implements IdempotencyStore {
  constructor(private readonly container: Container) {}

  async claim(scope: IdempotencyScope, now: Date, ttlSeconds: number): Promise<IdempotencyClaim> {
    const id = idempotencyRecordId(scope);
    const fresh: IdempotencyRecord = {
      id,
      docType: "idempotency",
      workspaceId: scope.workspaceId,
      requestHash: scope.requestHash,
      state: "pending",
      response: null,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
    };
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        await this.container.items.create(fresh);
        return { kind: "owner" };
      } catch (error) {
        if (cosmosStatus(error) !== 409) throw error;
      }
      const { resource, etag } = await this.container.item(id, scope.workspaceId).read<IdempotencyRecord>();
      if (resource === undefined) continue;
      const held = recordSchema.parse(resource);
      const expired = Date.parse(held.expiresAt) <= now.getTime();
      const abandoned =
        held.state === "pending" && now.getTime() - Date.parse(held.createdAt) > pendingTakeoverMs;
      if (expired || abandoned) {
        if (await this.replaceIfMatch(fresh, etag)) return { kind: "owner" };
        continue;
      }
      if (held.requestHash !== scope.requestHash) return { kind: "mismatch" };
      if (held.state === "completed" && held.response !== null) {
        return { kind: "replay", response: held.response };
      }
      return { kind: "in_progress" };
    }
    return { kind: "in_progress" };
  }

  async complete(scope: IdempotencyScope, response: StoredResponse): Promise<void> {
    const id = idempotencyRecordId(scope);
    const { resource, etag } = await this.container.item(id, scope.workspaceId).read<IdempotencyRecord>();
    if (resource === undefined) return;
    const held = recordSchema.parse(resource);
    if (held.state !== "pending" || held.requestHash !== scope.requestHash) return;
    const stored = { status: response.status, headers: response.headers, body: response.body ?? null };
    await this.replaceIfMatch({ ...held, state: "completed", response: stored }, etag);
  }

  async abandon(scope: IdempotencyScope): Promise<void> {
    const id = idempotencyRecordId(scope);
    const { resource, etag } = await this.container.item(id, scope.workspaceId).read<IdempotencyRecord>();
    if (resource === undefined || resource.state !== "pending") return;
    try {
      await this.container
        .item(id, scope.workspaceId)
        .delete({ accessCondition: { type: "IfMatch", condition: etag } });
    } catch (error) {
      const status = cosmosStatus(error);
      if (status !== 412 && status !== 404) throw error;
    }
  }

  private async replaceIfMatch(record: IdempotencyRecord, etag: string | undefined): Promise<boolean> {
    if (etag === undefined) return false;
    try {
      await this.container
        .item(record.id, record.workspaceId)
        .replace(record, { accessCondition: { type: "IfMatch", condition: etag } });
      return true;
    } catch (error) {
      if (cosmosStatus(error) === 412) return false;
      throw error;
    }
  }
}
