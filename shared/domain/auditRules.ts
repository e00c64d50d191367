// Validation of audit entries before they are appended: schema, sanitized details, and the scope invariant
// (an entry about a tenant must also name its workspace).
import { auditEntrySchema, type AuditEntry } from "./auditEntry.js";
import { ValidationError } from "./errors.js";
import { sanitizeMessage } from "./sanitize.js";

export function validateAuditEntry(input: unknown): AuditEntry {
  if (typeof input === "object" && input !== null) {
    const candidate = input as { tenantId?: unknown; workspaceId?: unknown };
    const hasTenant = typeof candidate.tenantId === "string" && candidate.tenantId.length > 0;
    const hasWorkspace = typeof candidate.workspaceId === "string" && candidate.workspaceId.length > 0;
    if (hasTenant && !hasWorkspace)
      throw new ValidationError("workspaceId", "is required when tenantId is set");
  }
  const parsed = auditEntrySchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(issue?.path.map(String).join(".") || "entry", issue?.message ?? "invalid");
  }
  return parsed.data;
}

/** Detail values are facts (ids, counts); strings are sanitized so no secret or e-mail slips into the log. */
export function sanitizeAuditDetails(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (typeof value === "string") out[key] = sanitizeMessage(value, 200);
    else if (typeof value === "number" || typeof value === "boolean" || value === null) out[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
      out[key] = value.slice(0, 50).map((v) => sanitizeMessage(v, 200));
    } else out[key] = "[payload]";
  }
  return out;
}
