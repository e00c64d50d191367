// Restores: create a RestoreRun, preview its diff, execute it (which starts an OperationRun).
import {
  restoreCreatedSchema,
  restorePreviewSchema,
  runActionResultSchema,
  type MappingStrategy,
  type MissingGroupPolicy,
  type RestorePreview,
  type RunActionResult,
} from "../domain/contracts.js";
import { getJson, newIdempotencyKey, postJson, wsPath } from "./http.js";

export interface RestoreRequest {
  backupSetId: string;
  targetTenantId: string;
  itemIds: string[];
  mappingStrategy: MappingStrategy;
  missingGroupPolicy: MissingGroupPolicy;
}

export const restoresService = {
  async create(workspaceId: string, request: RestoreRequest): Promise<{ id: string }> {
    const created = await postJson(`${wsPath(workspaceId)}/restores`, restoreCreatedSchema, request, {
      idempotencyKey: newIdempotencyKey(),
    });
    return { id: created.restoreRun.id };
  },
  preview(workspaceId: string, restoreRunId: string): Promise<RestorePreview> {
    return getJson(
      `${wsPath(workspaceId)}/restores/${encodeURIComponent(restoreRunId)}/preview`,
      restorePreviewSchema,
    );
  },
  execute(workspaceId: string, restoreRunId: string): Promise<RunActionResult> {
    return postJson(
      `${wsPath(workspaceId)}/restores/${encodeURIComponent(restoreRunId)}/execute`,
      runActionResultSchema,
      undefined,
      { idempotencyKey: newIdempotencyKey() },
    );
  },
};
