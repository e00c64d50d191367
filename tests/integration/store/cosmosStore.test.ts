// The composition root's store factory against the local server, and the Cosmos error → reason code map.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  LOCAL_COSMOS_KEY,
  startCosmosServer,
  type CosmosServerHandle,
} from "../../../local/cosmos/startCosmosServer.js";
import { StoreError } from "../../../shared/domain/errors.js";
import { createCosmosStore } from "../../../shared/store/cosmosStore.js";
import { containerNames } from "../../../shared/store/containers.js";
import { toStoreError } from "../../../shared/store/cosmosErrors.js";

let server: CosmosServerHandle;

beforeAll(async () => {
  server = await startCosmosServer();
});
afterAll(async () => {
  await server.close();
});

const settings = (database: string, ensure: boolean) => ({
  COSMOS_ENDPOINT: server.endpoint,
  COSMOS_KEY: LOCAL_COSMOS_KEY,
  COSMOS_DATABASE: database,
  COSMOS_ALLOW_INSECURE_TLS: true,
  COSMOS_ENSURE_CONTAINERS: ensure,
  ASSIGNMENT_COOLDOWN_MINUTES: 15,
});

describe("createCosmosStore", () => {
  it("creates the database and every container with /workspaceId and the runs composite indexes", async () => {
    const store = await createCosmosStore(settings("app-db", true));
    try {
      const { resources } = await store.client.database("app-db").containers.readAll().fetchAll();
      expect(resources.map((c) => c.id).sort()).toEqual([...containerNames].sort());
      for (const c of resources) expect(c.partitionKey?.paths).toEqual(["/workspaceId"]);
      const runs = resources.find((c) => c.id === "runs");
      expect(runs?.indexingPolicy?.compositeIndexes).toHaveLength(3);
      const started = await store.runLedger.start({
        workspaceId: "ws-1",
        tenantId: null,
        type: "ops.reconcile_adapter_runs",
        initiator: { userId: null, name: "reconciler" },
        identityInputs: {},
      });
      expect(started.run).toMatchObject({ tenantId: null, status: "queued" });
      // Running the factory again (a second host) leaves what exists alone.
      const again = await createCosmosStore(settings("app-db", true));
      expect((await again.runLedger.get("ws-1", started.run.id))?.id).toBe(started.run.id);
      again.dispose();
    } finally {
      store.dispose();
    }
  });

  it("without ensure, a missing container surfaces as a typed store error, not a crash", async () => {
    const store = await createCosmosStore(settings("missing-db", false));
    try {
      const error = await store.runLedger
        .start({
          workspaceId: "ws-1",
          tenantId: null,
          type: "ops.reconcile_adapter_runs",
          initiator: { userId: null, name: "reconciler" },
          identityInputs: {},
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({ reasonCode: "store_unavailable", statusCode: 404 });
      const auditError = await store.auditLog
        .record({
          id: "audit-x",
          docType: "audit",
          workspaceId: "ws-1",
          tenantId: null,
          actor: { userId: null, name: "system", kind: "system" },
          action: "ops.run.reconciled",
          target: { type: "run", id: "r" },
          outcome: "info",
          runId: null,
          details: {},
          timestamp: "2026-01-01T00:00:00.000Z",
        })
        .catch((e: unknown) => e);
      expect(auditError).toMatchObject({ reasonCode: "store_unavailable" });
    } finally {
      store.dispose();
    }
  });
});

describe("toStoreError", () => {
  it("maps throttling, outages and network failures to store_unavailable", () => {
    for (const code of [429, 503, 408, 500]) {
      expect(toStoreError({ code }, "op")).toMatchObject({
        reasonCode: "store_unavailable",
        statusCode: code,
      });
    }
    expect(toStoreError({ code: "ECONNREFUSED" }, "op").reasonCode).toBe("store_unavailable");
    expect(toStoreError({ name: "AbortError" }, "op").reasonCode).toBe("store_unavailable");
  });

  it("maps lost races to store_conflict and the rest to unknown with a sanitized message", () => {
    expect(toStoreError({ code: 412 }, "op").reasonCode).toBe("store_conflict");
    const other = toStoreError(new Error("bad request for admin@contoso.com"), "op");
    expect(other.reasonCode).toBe("unknown");
    expect(other.message).toBe("op: bad request for [email]");
  });
});
