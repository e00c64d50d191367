// RestoreRuns in the `restores` container. Results live on the RestoreRun document; every change to it is a
// replace with If-Match on the etag just read (412 → read again and re-apply), so concurrent activities never
// lose each other's results. An execution's work plan is stored beside it, one document per batch
// (docType `restorePlanBatch`), so that orchestration history carries batch indexes only.
import type { Container } from "@azure/cosmos";

import { StoreError } from "../domain/errors.js";
import type { RestoreItemResult, RestoreRun } from "../restore/restoreRun.js";
import { restoreRunSchema } from "../restore/restoreRun.js";
import { type RestoreWorkItem, restoreWorkItemSchema } from "../restore/restoreWorkItem.js";
import type { RestoreStore } from "../ports/restoreStore.js";
import { attempt } from "./cosmosErrors.js";

const maxConflictRetries = 20;
/** Plan batch documents written at once. */
const planWriteConcurrency = 8;

const planBatchId = (restoreRunId: string, planKey: string, index: number) =>
  `${restoreRunId}.plan.${planKey}.${String(index).padStart(5, "0")}`;

export class CosmosRestoreStore implements RestoreStore {
  constructor(private readonly container: Container) {}

  async create(run: RestoreRun): Promise<{ created: boolean }> {
    const created = await attempt("create restore run", () =>
      this.container.items.create(restoreRunSchema.parse(run)),
    );
    if (created.ok) return { created: true };
    if (created.status === 409) return { created: false };
    throw new StoreError(
      "store_conflict",
      `create restore run: unexpected ${String(created.status)}`,
      created.status,
    );
  }

  async get(workspaceId: string, restoreRunId: string): Promise<RestoreRun | null> {
    const read = await this.readWithEtag(workspaceId, restoreRunId);
    return read?.run ?? null;
  }

  async update(
    workspaceId: string,
    restoreRunId: string,
    patch: Partial<
      Pick<RestoreRun, "status" | "outcome" | "executeRunId" | "assignmentsRunId" | "completedAt">
    >,
  ): Promise<RestoreRun> {
    return this.mutate(workspaceId, restoreRunId, (run) => ({ ...run, ...patch }));
  }

  async upsertResults(
    workspaceId: string,
    restoreRunId: string,
    results: readonly RestoreItemResult[],
  ): Promise<void> {
    if (results.length === 0) return;
    await this.mutate(workspaceId, restoreRunId, (run) => {
      const byItem = new Map(run.results.map((result) => [result.backupItemId, result]));
      for (const result of results) byItem.set(result.backupItemId, result);
      return { ...run, results: [...byItem.values()] };
    });
  }

  async clearResults(workspaceId: string, restoreRunId: string): Promise<void> {
    await this.mutate(workspaceId, restoreRunId, (run) => ({ ...run, results: [] }));
  }

  async savePlan(
    workspaceId: string,
    restoreRunId: string,
    planKey: string,
    batches: readonly (readonly RestoreWorkItem[])[],
  ): Promise<void> {
    for (let first = 0; first < batches.length; first += planWriteConcurrency) {
      await Promise.all(
        batches.slice(first, first + planWriteConcurrency).map(async (batch, offset) => {
          const index = first + offset;
          const doc = {
            id: planBatchId(restoreRunId, planKey, index),
            docType: "restorePlanBatch",
            workspaceId,
            restoreRunId,
            planKey,
            index,
            items: batch.map((item) => restoreWorkItemSchema.parse(item)),
          };
          const written = await attempt("save restore plan", () => this.container.items.upsert(doc));
          if (!written.ok) {
            throw new StoreError(
              "unknown",
              `save restore plan: unexpected ${String(written.status)}`,
              written.status,
            );
          }
        }),
      );
    }
  }

  async planBatch(
    workspaceId: string,
    restoreRunId: string,
    planKey: string,
    index: number,
  ): Promise<RestoreWorkItem[] | null> {
    const read = await attempt("read restore plan", () =>
      this.container
        .item(planBatchId(restoreRunId, planKey, index), workspaceId)
        .read<Record<string, unknown>>(),
    );
    if (!read.ok || read.value.resource === undefined) return null;
    const parsed = restoreWorkItemSchema.array().safeParse(read.value.resource.items);
    return parsed.success ? parsed.data : null;
  }

  private async readWithEtag(
    workspaceId: string,
    restoreRunId: string,
  ): Promise<{ run: RestoreRun; etag: string } | null> {
    const read = await attempt("read restore run", () =>
      this.container.item(restoreRunId, workspaceId).read<Record<string, unknown>>(),
    );
    if (!read.ok || read.value.resource === undefined) return null;
    const etag = read.value.etag;
    const parsed = restoreRunSchema.safeParse(read.value.resource);
    return parsed.success ? { run: parsed.data, etag } : null;
  }

  private async mutate(
    workspaceId: string,
    restoreRunId: string,
    change: (run: RestoreRun) => RestoreRun,
  ): Promise<RestoreRun> {
    for (let tries = 0; tries < maxConflictRetries; tries += 1) {
      const current = await this.readWithEtag(workspaceId, restoreRunId);
      if (current === null) {
        throw new StoreError("unknown", `restore run ${restoreRunId} does not exist`, 404);
      }
      const next = restoreRunSchema.parse({ ...change(current.run), updatedAt: new Date().toISOString() });
      const replaced = await attempt("update restore run", () =>
        this.container.item(restoreRunId, workspaceId).replace(next, {
          accessCondition: { type: "IfMatch", condition: current.etag },
        }),
      );
      if (replaced.ok) return next;
      if (replaced.status !== 412) {
        throw new StoreError(
          "unknown",
          `update restore run: unexpected ${String(replaced.status)}`,
          replaced.status,
        );
      }
    }
    throw new StoreError("store_conflict", "update restore run: too many concurrent updates", 412);
  }
}
