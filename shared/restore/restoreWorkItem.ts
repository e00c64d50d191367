// One backup item to restore, with the policy it maps to in the target tenant.
import { z } from "zod";

import { reasonCodeSchema } from "../domain/reasonCodes.js";

export const restoreWorkItemSchema = z.object({
  backupItemId: z.string().min(1).max(200),
  policyType: z.string().min(1),
  policyId: z.string().min(1).max(200),
  /** Policy id in the target tenant, null when it has no counterpart there. */
  targetPolicyId: z.string().min(1).max(200).nullable(),
  /** Why the item cannot be restored, found while matching it (e.g. its type cannot be read in the target). */
  unavailable: z.object({ reasonCode: reasonCodeSchema, message: z.string().max(500) }).nullable(),
});
export type RestoreWorkItem = z.infer<typeof restoreWorkItemSchema>;
