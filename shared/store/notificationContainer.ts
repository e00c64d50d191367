// Definition of the `notifications` container: partitioned by workspace; the composite index covers the
// one list query (recipient, newest first), so its cost follows the page size, not the container's.
import type { ContainerDefinition, SqlQuerySpec } from "@azure/cosmos";

import type { NotificationFilter } from "../ports/notificationStore.js";

export const notificationContainerDefinition: ContainerDefinition = {
  id: "notifications",
  partitionKey: { paths: ["/workspaceId"] },
  indexingPolicy: {
    compositeIndexes: [
      [
        { path: "/recipientUserId", order: "ascending" },
        { path: "/createdAt", order: "descending" },
      ],
    ],
  },
};

/** The list query; run with `partitionKey: workspaceId` and `maxItemCount: limit`. */
export function notificationListQuery(
  workspaceId: string,
  recipientUserId: string,
  filter: NotificationFilter,
): SqlQuerySpec {
  const unread = filter.unreadOnly === true ? " AND IS_NULL(c.readAt)" : "";
  return {
    query:
      "SELECT * FROM c WHERE c.workspaceId = @workspaceId AND c.docType = 'notification'" +
      ` AND c.recipientUserId = @recipientUserId${unread} ORDER BY c.createdAt DESC`,
    parameters: [
      { name: "@workspaceId", value: workspaceId },
      { name: "@recipientUserId", value: recipientUserId },
    ],
  };
}
