// Human labels for operation types, from the shared operation catalog (one source for API and UI).
import { operationCatalog } from "../../../shared/domain/operationCatalog.js";
import type { OperationType } from "./contracts.js";

export const operationLabels: Record<OperationType, string> = Object.fromEntries(
  Object.entries(operationCatalog).map(([type, definition]) => [type, definition.label]),
) as Record<OperationType, string>;

export function operationLabel(type: string): string {
  return (operationLabels as Record<string, string | undefined>)[type] ?? type;
}
