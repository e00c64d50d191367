// Names and input/output schemas of the connection verification (`provider_connection.verify`): what crosses
// the Durable boundary is parsed with these, so history replays stay typed.
import { z } from "zod";

import { failureEntrySchema } from "../shared/domain/operationRun.js";

export const verifyNames = {
  orchestrator: "providerConnectionVerifyOrchestrator",
  checkActivity: "providerConnectionVerifyCheck",
} as const;

const id = z.string().min(1).max(200);

/** Orchestration input as shared/api starts every run: instance id = runId; the tenant is read from the run. */
export const verifyInputSchema = z.object({ workspaceId: id, runId: id });
export type VerifyInput = z.infer<typeof verifyInputSchema>;

export const verifyCheckOutputSchema = z.discriminatedUnion("canonical", [
  z.object({ canonical: z.literal(false) }),
  z.object({
    canonical: z.literal(true),
    outcome: z.enum(["succeeded", "blocked", "failed"]),
    summaryCounts: z.object({
      total: z.number().int().nonnegative(),
      succeeded: z.number().int().nonnegative(),
      failed: z.number().int().nonnegative(),
    }),
    failures: z.array(failureEntrySchema).max(50),
  }),
]);
export type VerifyCheckOutput = z.infer<typeof verifyCheckOutputSchema>;

export const verifyOutputSchema = z.object({
  outcome: z.enum(["succeeded", "blocked", "failed"]).nullable(),
  skipped: z.literal("non_canonical_skip").nullable(),
});
export type VerifyOutput = z.infer<typeof verifyOutputSchema>;
