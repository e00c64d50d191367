// Failure entries as activities and orchestrators record them on runs.
import type { FailureEntry } from "../shared/domain/operationRun.js";
import type { ReasonCode } from "../shared/domain/reasonCodes.js";

export function failureEntry(
  code: string,
  reasonCode: ReasonCode,
  message: string,
  itemId?: string,
  itemName?: string | null,
): FailureEntry {
  return {
    code,
    reasonCode,
    message: message.slice(0, 500),
    ...(itemId === undefined ? {} : { itemId }),
    ...(itemName === undefined || itemName === null ? {} : { itemName: itemName.slice(0, 200) }),
  };
}
