// GET /api/workspaces/{workspaceId}/restores/{restoreRunId}/preview (backups.view): per item, the
// assignment diff against the target's current assignments (to add, keep, remove; unmapped with reason).
// Reads Graph, writes nothing.
import { z } from "zod";

import { jsonResponse } from "../../http/apiHttp.js";
import { previewRestore } from "../../restore/previewRestore.js";
import { defineRoute } from "../apiRoute.js";
import { noQuery } from "../apiSchemas.js";
import { recoveryOf, restoreInWorkspace } from "../recoveryAccess.js";
import { restoreParams } from "../recoverySchemas.js";
import { workspaceProblems } from "./problemResponses.js";

export const restoresPreviewRoute = defineRoute({
  name: "restores-preview",
  method: "GET",
  path: "/api/workspaces/{workspaceId}/restores/{restoreRunId}/preview",
  summary: "Preview a restore: the assignment diff per item (reads Graph, writes nothing)",
  tag: "restores",
  access: { kind: "workspace", capability: "backups.view" },
  params: restoreParams,
  query: noQuery,
  body: null,
  idempotent: false,
  orchestration: false,
  responses: {
    200: {
      description: "What executing would do, per item",
      schema: z
        .object({ restoreRunId: z.string(), items: z.array(z.unknown()) })
        .meta({ id: "RestorePreview" }),
    },
    ...workspaceProblems(),
  },
  async handle({ deps, params }) {
    const run = await restoreInWorkspace(deps, params.workspaceId, params.restoreRunId);
    const items = await previewRestore(
      recoveryOf(deps),
      run.workspaceId,
      run.id,
      deps.clock.now().toISOString(),
    );
    return jsonResponse(200, { restoreRunId: run.id, items });
  },
});
