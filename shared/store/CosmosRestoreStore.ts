// RestoreRuns in the `restores` container. Results live on the RestoreRun document; every change to it is a
// replace with If-Match on the etag just read (412 → read again and re-apply), so concurrent activities never
// lose each other's results.
import type { Container } from "@azure/cosmos";

import { StoreError } from "../domain/errors.js";
import type { RestoreItemResult, RestoreRun } from "../restore/restoreRun.js";
import { restoreRunSchema } from "../restore/restoreRun.js";
import type { RestoreStore } from "../ports/restoreStore.js";
import { attempt } from "./cosmosErrors.js";

const maxConflictRetries = 20;

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
