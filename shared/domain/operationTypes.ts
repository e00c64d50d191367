// Every operation type the ledger knows. The catalog (operationCatalog.ts) describes each one.
import { z } from "zod";

export const operationTypes = [
  "backup_set.create",
  "assignments.fetch",
  "restore.execute",
  "assignments.restore",
  "ops.reconcile_adapter_runs",
  "backup_schedule.scheduled",
  "directory_role_definitions.sync",
  "provider_connection.verify",
] as const;

export const operationTypeSchema = z.enum(operationTypes);
export type OperationType = z.infer<typeof operationTypeSchema>;
