// The active-run lock document: id = run identity hash, in the runs container next to its runs (same
// partition). It carries a copy of the queued run it was taken for, so a crash between the lock write and
// the run write leaves nothing a reader or the reconciler cannot finish: the run is re-created from it.
import { z } from "zod";

import { operationRunSchema } from "../domain/operationRun.js";
import { operationTypeSchema } from "../domain/operationTypes.js";

export const activeRunLockSchema = z.object({
  id: z.string().regex(/^[a-f0-9]{64}$/),
  docType: z.literal("lock"),
  workspaceId: z.string().min(1),
  tenantId: z.string().min(1).nullable(),
  type: operationTypeSchema,
  runId: z.string().min(1),
  /** active: its run is (about to be) queued or running; cooling: run completed, dedupe until cooldownUntil. */
  state: z.enum(["active", "cooling"]),
  cooldownUntil: z.iso.datetime().nullable(),
  /** The run as first written, used to repair a missing run document. */
  queuedRun: operationRunSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ActiveRunLock = z.infer<typeof activeRunLockSchema>;
