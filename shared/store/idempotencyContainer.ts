// Definition of the `idempotency` container: one record per (caller, Idempotency-Key) in the workspace's
// partition; real Cosmos expires records after two days (the API honours 24 h from the record itself).
import type { ContainerDefinition } from "@azure/cosmos";

export const idempotencyContainerDefinition: ContainerDefinition = {
  id: "idempotency",
  partitionKey: { paths: ["/workspaceId"] },
  defaultTtl: 2 * 24 * 3600,
  indexingPolicy: { automatic: true, includedPaths: [], excludedPaths: [{ path: "/*" }] },
};
