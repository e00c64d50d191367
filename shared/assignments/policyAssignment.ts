// One assignment of a policy as Graph returns it: a target plus type-specific fields (app intent, settings).
import { z } from "zod";

import { assignmentTargetSchema } from "./assignmentTarget.js";

export const policyAssignmentSchema = z.looseObject({
  /** Graph's assignment id; meaningless across tenants and ignored by comparison. */
  id: z.string().optional(),
  target: assignmentTargetSchema,
  /** mobileApps only: required / available / uninstall / availableWithoutEnrollment. */
  intent: z.string().optional(),
  /** mobileApps and a few others: assignment settings, compared as canonical JSON. */
  settings: z.unknown().optional(),
});
export type PolicyAssignment = z.infer<typeof policyAssignmentSchema>;
