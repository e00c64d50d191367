// Idempotent seed of the demo workspace (local/seed/demoData.ts): the workspace, its two tenants, one
// member per role and the demo external client (an operator, so a bearer token from the README works). Everything is created only when absent, so running it twice changes nothing.
import { tenantSchema } from "../../shared/domain/directory.js";
import type { CosmosDirectoryStore } from "../../shared/store/CosmosDirectoryStore.js";
import { demoApiApp, demoTenants, demoUsers, demoWorkspace } from "./demoData.js";

/** Fixed so that a re-seed writes byte-identical documents. */
const SEEDED_AT = "2026-01-01T00:00:00.000Z";

export interface SeedReport {
  created: number;
  existing: number;
}

export async function seedDemoWorkspace(directory: CosmosDirectoryStore): Promise<SeedReport> {
  const report: SeedReport = { created: 0, existing: 0 };
  const count = (created: boolean): void => {
    if (created) report.created += 1;
    else report.existing += 1;
  };
  const workspaceId = demoWorkspace.id;
  count(
    (
      await directory.ensureWorkspace({
        id: workspaceId,
        docType: "workspace",
        workspaceId,
        name: demoWorkspace.name,
        createdAt: SEEDED_AT,
      })
    ).created,
  );
  for (const t of demoTenants) {
    const tenant = tenantSchema.parse({
      id: t.id,
      docType: "tenant",
      workspaceId,
      externalId: t.externalId,
      displayName: t.displayName,
      credentialRef: "graph-client-secret",
      backupSchedule: null,
      createdAt: SEEDED_AT,
    });
    count((await directory.createTenant(tenant)).created);
  }
  const externalClient = {
    userId: demoApiApp.externalClient.clientId,
    displayName: "Demo external system",
    role: "operator",
  } as const;
  for (const u of [...demoUsers, externalClient]) {
    count(
      (
        await directory.ensureMembership({
          docType: "membership",
          workspaceId,
          userId: u.userId,
          displayName: u.displayName,
          role: u.role,
          createdAt: SEEDED_AT,
        })
      ).created,
    );
  }
  return report;
}
