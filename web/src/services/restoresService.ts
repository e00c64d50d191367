// Restores: create a draft RestoreRun from the real request, preview its diff, execute it (an OperationRun).
import {
  restoreExecutedSchema,
  restorePreviewSchema,
  restoreRunSchema,
  type RestoreExecuted,
  type RestorePreview,
  type RestoreRequest,
  type RestoreRun,
} from "../domain/contracts.js";
import { getJson, newIdempotencyKey, postJson, wsPath } from "./http.js";

const restorePath = (ws: string, id: string): string => `${wsPath(ws)}/restores/${encodeURIComponent(id)}`;

export const restoresService = {
  create(workspaceId: string, request: RestoreRequest): Promise<RestoreRun> {
    return postJson(`${wsPath(workspaceId)}/restores`, restoreRunSchema, request, {
      idempotencyKey: newIdempotencyKey(),
    });
  },
  get(workspaceId: string, restoreRunId: string): Promise<RestoreRun> {
    return getJson(restorePath(workspaceId, restoreRunId), restoreRunSchema);
  },
  preview(workspaceId: string, restoreRunId: string): Promise<RestorePreview> {
    return getJson(`${restorePath(workspaceId, restoreRunId)}/preview`, restorePreviewSchema);
  },
  execute(workspaceId: string, restoreRunId: string): Promise<RestoreExecuted> {
    return postJson(`${restorePath(workspaceId, restoreRunId)}/execute`, restoreExecutedSchema, undefined, {
      idempotencyKey: newIdempotencyKey(),
    });
  },
};
