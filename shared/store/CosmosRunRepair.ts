// RunRepair on the `runs` container and WorkspaceLister on `directory`: raw reads with etags and
// conditional writes for the reconciler. Kept apart from CosmosRunLedger so that the ledger's protocol
// stays one file; both share the document shapes (operationRunSchema, activeRunLockSchema).
import type { Container, ItemDefinition } from "@azure/cosmos";

import { StoreError } from "../domain/errors.js";
import { operationRunSchema, type OperationRun } from "../domain/operationRun.js";
import type {
  ConditionalWrite,
  RunLockView,
  RunRepair,
  Versioned,
  WorkspaceLister,
} from "../ports/runRepair.js";
import { activeRunLockSchema } from "./activeRunLock.js";
import { attempt, cosmosCall } from "./cosmosErrors.js";

export class CosmosRunRepair implements RunRepair {
  /** @param container the `runs` container (partition key /workspaceId). */
  constructor(private readonly container: Container) {}

  async listActiveRuns(workspaceId: string): Promise<Versioned<OperationRun>[]> {
    // The partition key is repeated in the filter: the local server ignores the partitionKey option.
    const docs = await this.query(
      "list active runs",
      workspaceId,
      "SELECT * FROM c WHERE c.workspaceId = @workspaceId AND c.docType = 'run' AND " +
        "(c.status = 'queued' OR c.status = 'running')",
    );
    return docs.map((doc) => ({ doc: operationRunSchema.parse(doc), etag: etagOf(doc) }));
  }

  async listLocks(workspaceId: string): Promise<Versioned<RunLockView>[]> {
    const docs = await this.query(
      "list locks",
      workspaceId,
      "SELECT * FROM c WHERE c.workspaceId = @workspaceId AND c.docType = 'lock'",
    );
    return docs.map((doc) => {
      const { queuedRun: _queuedRun, docType: _docType, ...lock } = activeRunLockSchema.parse(doc);
      return { doc: lock, etag: etagOf(doc) };
    });
  }

  async readRun(workspaceId: string, runId: string): Promise<Versioned<OperationRun> | null> {
    const { resource } = await cosmosCall("read run", () =>
      this.container.item(runId, workspaceId).read<ItemDefinition>(),
    );
    if (resource === undefined) return null;
    return { doc: operationRunSchema.parse(resource), etag: etagOf(resource) };
  }

  async replaceRun(run: OperationRun, etag: string): Promise<ConditionalWrite> {
    const result = await attempt("reconcile: replace run", () =>
      this.container.item(run.id, run.workspaceId).replace(run, {
        accessCondition: { type: "IfMatch", condition: etag },
      }),
    );
    return result.ok ? "written" : "conflict";
  }

  async deleteLock(workspaceId: string, lockId: string, etag: string): Promise<ConditionalWrite> {
    const result = await attempt("reconcile: delete lock", () =>
      this.container.item(lockId, workspaceId).delete({
        accessCondition: { type: "IfMatch", condition: etag },
      }),
    );
    return result.ok ? "written" : "conflict";
  }

  private async query(action: string, workspaceId: string, query: string): Promise<ItemDefinition[]> {
    const { resources } = await cosmosCall(action, () =>
      this.container.items
        .query<ItemDefinition>(
          { query, parameters: [{ name: "@workspaceId", value: workspaceId }] },
          { partitionKey: workspaceId },
        )
        .fetchAll(),
    );
    return resources;
  }
}

export class CosmosWorkspaceLister implements WorkspaceLister {
  /** @param container the `directory` container. */
  constructor(private readonly container: Container) {}

  async listWorkspaceIds(): Promise<string[]> {
    // Cross-partition on purpose: a timer pass visits every workspace (one small document each).
    const { resources } = await cosmosCall("list workspaces", () =>
      this.container.items
        .query<ItemDefinition>("SELECT c.id FROM c WHERE c.docType = 'workspace'")
        .fetchAll(),
    );
    return resources
      .map((doc) => doc.id)
      .filter((id): id is string => typeof id === "string")
      .sort();
  }
}

function etagOf(resource: ItemDefinition): string {
  const etag: unknown = resource._etag;
  if (typeof etag !== "string") throw new StoreError("unknown", "document without an etag");
  return etag;
}
