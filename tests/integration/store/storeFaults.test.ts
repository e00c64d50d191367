// Cosmos throttling and outages, injected by a proxy in front of the real local server: the SDK retries
// with its policy, then the store answers `store_unavailable`, and nothing is half written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { StoreError } from "../../../shared/domain/errors.js";
import { createCosmosClient } from "../../../shared/store/cosmosClient.js";
import { containersOf } from "../../../shared/store/containers.js";
import { CosmosRunLedger } from "../../../shared/store/CosmosRunLedger.js";
import { startTestCosmos, type TestCosmos } from "../../support/cosmos.js";
import { startFaultProxy, type FaultProxy } from "../../support/faultProxy.js";

let cosmos: TestCosmos;
let proxy: FaultProxy;
let ledger: CosmosRunLedger;
let dispose: () => void;

beforeAll(async () => {
  cosmos = await startTestCosmos();
  proxy = await startFaultProxy(cosmos.endpoint);
  const client = createCosmosClient(
    { ...cosmos.settings, COSMOS_ENDPOINT: proxy.endpoint },
    {
      retryOptions: { maxRetryAttemptCount: 3, fixedRetryIntervalInMilliseconds: 5, maxWaitTimeInSeconds: 5 },
    },
  );
  dispose = () => {
    client.dispose();
  };
  ledger = new CosmosRunLedger({
    container: containersOf(client.database(cosmos.settings.COSMOS_DATABASE)).runs,
  });
});
afterAll(async () => {
  dispose();
  await proxy.close();
  await cosmos.close();
});

const input = {
  workspaceId: "ws-f",
  tenantId: "tenant-1",
  type: "assignments.fetch" as const,
  initiator: { userId: null, name: "system" },
  identityInputs: { backupItemId: "item-f" },
};

async function storedDocs(): Promise<number> {
  const { resources } = await cosmos.containers.runs.items
    .query("SELECT * FROM c WHERE c.workspaceId = 'ws-f'")
    .fetchAll();
  return resources.length;
}

describe("store faults", () => {
  it("429: retried by the SDK policy, then store_unavailable; nothing written", async () => {
    proxy.fault = 429;
    proxy.faulted = 0;
    const error = await ledger.start(input).catch((e: unknown) => e);
    proxy.fault = null;
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ reasonCode: "store_unavailable", statusCode: 429 });
    expect(proxy.faulted).toBe(4); // first attempt + 3 retries
    expect(await storedDocs()).toBe(0);
  });

  it("503: store_unavailable; nothing written; works again once the store is back", async () => {
    proxy.fault = 503;
    proxy.faulted = 0;
    const error = await ledger.start(input).catch((e: unknown) => e);
    proxy.fault = null;
    expect(error).toMatchObject({ reasonCode: "store_unavailable", statusCode: 503 });
    expect(proxy.faulted).toBeGreaterThanOrEqual(1);
    expect(await storedDocs()).toBe(0);
    const ok = await ledger.start(input);
    expect(ok.deduped).toBe(false);
    expect(await storedDocs()).toBe(2); // lock + run
  });
});
