// Audit entries of API mutations: deterministic ids (action + target), so a replayed or concurrent request
// records the fact once.
import { createHash } from "node:crypto";

import type { WorkspaceAccess } from "../auth/authorize.js";
import type { AuditEntry } from "../domain/auditEntry.js";
import type { AuditLog } from "../ports/auditLog.js";

export function auditId(action: string, targetId: string): string {
  return createHash("sha256").update(`${action}\n${targetId}`).digest("hex");
}

export interface AuditFacts {
  action: string;
  tenantId: string | null;
  target: { type: string; id: string };
  outcome: AuditEntry["outcome"];
  runId: string | null;
  details: Record<string, unknown>;
}

export async function recordAudit(
  audit: AuditLog,
  access: WorkspaceAccess,
  facts: AuditFacts,
  now: Date,
): Promise<void> {
  await audit.record({
    id: auditId(facts.action, facts.target.id),
    docType: "audit",
    workspaceId: access.workspaceId,
    tenantId: facts.tenantId,
    actor: { userId: access.initiator.userId, name: access.initiator.name, kind: access.principal.kind },
    action: facts.action,
    target: facts.target,
    outcome: facts.outcome,
    runId: facts.runId,
    details: facts.details,
    timestamp: now.toISOString(),
  });
}
