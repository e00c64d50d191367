// Human labels for operation types, keyed by the shared list (the compiler demands one per type).
// Replace with the operation catalog's labels once shared/domain/operationCatalog.ts lands.
import type { OperationType } from "./contracts.js";

export const operationLabels: Record<OperationType, string> = {
  "backup_set.create": "Backup",
  "assignments.fetch": "Fetch assignments",
  "restore.execute": "Restore",
  "assignments.restore": "Restore assignments",
  "ops.reconcile_adapter_runs": "Reconcile runs",
  "backup_schedule.scheduled": "Scheduled backup",
  "directory_role_definitions.sync": "Sync directory roles",
  "provider_connection.verify": "Verify connection",
};

export function operationLabel(type: string): string {
  return (operationLabels as Record<string, string | undefined>)[type] ?? type;
}
