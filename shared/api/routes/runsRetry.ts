// POST /api/workspaces/{workspaceId}/runs/{runId}/retry (runs.retry): a new run of the same type for the
// failed items only, read from the failure log, linked both ways (child.context.parentRunId,
// parent.context.childRunIds), deduped like any start, audited once. All of the parent's selection is
// retried when failures name no items, or name more than MAX_RETRY_ITEMS (the ids travel in the child's
// run document and its lock; the superset is safe because the work is idempotent).
import { MAX_RETRY_ITEMS, type OperationRun, type RunContext } from "../../domain/operationRun.js";
import { HttpProblem, internalError, notFound } from "../../http/httpProblem.js";
import { defineRoute } from "../apiRoute.js";
import { noQuery, runParams, runStartedSchema } from "../apiSchemas.js";
import { recordAudit } from "../auditRecord.js";
import { operationDefinition } from "../../domain/operationCatalog.js";
import { runStartedResponse, startableType, startRun } from "../startRun.js";
import { problems } from "./problemResponses.js";

/** Context keys a retry inherits: the scope of the work, not its results. */
const inheritedContextKeys = [
  "backupSetId",
  "backupItemId",
  "policyId",
  "restoreRunId",
  "targetTenantId",
  "targetScope",
  "selection",
] as const;

/**
 * The child's context: the parent's scope, its id, and the failed items as the selection. `loggedItemIds`
 * come from the failure log (every failure); the run's preview covers runs from before the log existed.
 */
export function retryContext(
  parent: OperationRun,
  loggedItemIds: readonly string[] = [],
): { context: RunContext; itemIds: string[] } {
  const failed = [
    ...new Set([
      ...loggedItemIds,
      ...parent.failureSummary.flatMap((f) => (f.itemId === undefined ? [] : [f.itemId])),
    ]),
  ].sort();
  const itemIds = failed.length > MAX_RETRY_ITEMS ? [] : failed;
  const inherited: Record<string, unknown> = {};
  for (const key of inheritedContextKeys) {
    const value: unknown = parent.context[key];
    if (value !== undefined) inherited[key] = value;
  }
  const context: RunContext = { ...inherited, parentRunId: parent.id };
  if (itemIds.length > 0) context.selection = { ...(parent.context.selection ?? {}), itemIds };
  return { context, itemIds };
}

export const runsRetryRoute = defineRoute({
  name: "runs-retry",
  method: "POST",
  path: "/api/workspaces/{workspaceId}/runs/{runId}/retry",
  summary: "Retry the failed items of a run as a new run",
  tag: "runs",
  access: { kind: "workspace", capability: "runs.retry" },
  params: runParams,
  query: noQuery,
  body: null,
  idempotent: true,
  orchestration: true,
  responses: {
    202: {
      description: "The retry run (deduped: an identical retry is already active)",
      schema: runStartedSchema,
    },
    ...problems(400, 401, 403, 404, 409, 422, 503),
  },
  async handle({ deps, params, access }) {
    if (access === null) throw internalError();
    const parent = await deps.ledger.get(params.workspaceId, params.runId);
    if (parent === null || parent.workspaceId !== params.workspaceId) throw notFound("The run");
    if (parent.status !== "completed" || !["failed", "partially_succeeded"].includes(parent.outcome)) {
      throw new HttpProblem(
        409,
        "run-not-retryable",
        "Only a completed run that failed (in part) can be retried.",
        [{ field: "params.runId", message: "names a run that is active or succeeded" }],
      );
    }
    const starter = startableType(deps, parent.type);
    if (starter(parent, { ...access.initiator, kind: access.principal.kind }) === null) {
      throw new HttpProblem(
        409,
        "run-not-retryable",
        "The run lacks what its orchestration needs to run again.",
        [{ field: "params.runId", message: "names a run whose context cannot be retried" }],
      );
    }
    const logged = await deps.failureLog.failedItemIds(parent.workspaceId, parent.id, MAX_RETRY_ITEMS + 1);
    const { context, itemIds } = retryContext(parent, logged);
    // The same identity as the parent (the catalog's inputs, read from its context): a retry while an
    // identical run is active or cooling is deduped like any start.
    const identityInputs = Object.fromEntries(
      operationDefinition(parent.type).identityInputs.map((spec) => [spec.name, parent.context[spec.name]]),
    );
    const result = await startRun(deps, access, {
      workspaceId: parent.workspaceId,
      tenantId: parent.tenantId,
      type: parent.type,
      initiator: access.initiator,
      identityInputs,
      context,
    });
    if (!result.deduped && result.run.id !== parent.id) {
      await deps.ledger.linkChildRun?.(parent.workspaceId, parent.id, result.run.id);
      await recordAudit(
        deps.audit,
        access,
        {
          action: "ops.run.retried",
          tenantId: parent.tenantId,
          target: { type: "run", id: result.run.id },
          outcome: "info",
          runId: result.run.id,
          details: { parentRunId: parent.id, type: parent.type, itemCount: itemIds.length },
        },
        deps.clock.now(),
      );
    }
    return runStartedResponse(result);
  },
});
