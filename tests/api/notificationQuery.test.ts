// The notifications list query: partition-scoped, filtered on the recipient, ordered by a field the
// container's composite index covers, parameterized (no caller text in the SQL).
import { describe, expect, it } from "vitest";

import {
  notificationContainerDefinition,
  notificationListQuery,
} from "../../shared/store/notificationContainer.js";

describe("notification list query shape", () => {
  it("is scoped to the workspace partition and the recipient, newest first, with parameters only", () => {
    const spec = notificationListQuery("ws-a", "' OR 1=1 --", { unreadOnly: true });
    expect(spec.query).toBe(
      "SELECT * FROM c WHERE c.workspaceId = @workspaceId AND c.docType = 'notification'" +
        " AND c.recipientUserId = @recipientUserId AND IS_NULL(c.readAt) ORDER BY c.createdAt DESC",
    );
    expect(spec.parameters).toEqual([
      { name: "@workspaceId", value: "ws-a" },
      { name: "@recipientUserId", value: "' OR 1=1 --" },
    ]);
  });

  it("orders by a path covered by the composite index (recipient, createdAt desc)", () => {
    expect(notificationContainerDefinition.partitionKey).toEqual({ paths: ["/workspaceId"] });
    expect(notificationContainerDefinition.indexingPolicy?.compositeIndexes).toEqual([
      [
        { path: "/recipientUserId", order: "ascending" },
        { path: "/createdAt", order: "descending" },
      ],
    ]);
  });
});
