// An immutable audit record of a security- or ops-relevant mutation.
import { z } from "zod";

export const auditEntrySchema = z
  .object({
    id: z.string().min(1),
    docType: z.literal("audit"),
    workspaceId: z.string().min(1),
    tenantId: z.string().min(1).nullable(),
    actor: z.object({
      userId: z.string().min(1).nullable(),
      name: z.string().min(1).max(200),
      kind: z.enum(["user", "app", "system"]),
    }),
    /** Dotted action name, e.g. `restore.assignments.executed`, `ops.run.reconciled`. */
    action: z.string().regex(/^[a-z_]+(\.[a-z_]+)+$/),
    target: z.object({ type: z.string().min(1), id: z.string().min(1) }),
    outcome: z.enum(["succeeded", "partially_succeeded", "failed", "blocked", "cancelled", "denied", "info"]),
    /** Run that this mutation belongs to, if any. */
    runId: z.string().min(1).nullable(),
    /** Sanitized, non-secret facts (counts, ids). */
    details: z.record(z.string(), z.unknown()),
    timestamp: z.iso.datetime(),
  })
  .readonly();
export type AuditEntry = z.infer<typeof auditEntrySchema>;
