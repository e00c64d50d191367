// NotificationStore on Cosmos DB. Ids are deterministic per (run, event, recipient), so a notification
// written twice (a retried activity, a replayed request) is recorded once.
import type { Container } from "@azure/cosmos";

import { type Notification, notificationSchema } from "../domain/notification.js";
import type { NotificationFilter, NotificationStore } from "../ports/notificationStore.js";
import { notificationListQuery } from "./notificationContainer.js";
import { cosmosStatus } from "./notificationCosmosErrors.js";

export class CosmosNotificationStore implements NotificationStore {
  constructor(private readonly container: Container) {}

  async record(notification: Notification): Promise<{ recorded: boolean }> {
    try {
      await this.container.items.create(notificationSchema.parse(notification));
      return { recorded: true };
    } catch (error) {
      if (cosmosStatus(error) === 409) return { recorded: false };
      throw error;
    }
  }

  async list(
    workspaceId: string,
    recipientUserId: string,
    filter: NotificationFilter,
    limit: number,
    continuation: string | null,
  ): Promise<{ items: Notification[]; continuation: string | null }> {
    const page = await this.container.items
      .query(notificationListQuery(workspaceId, recipientUserId, filter), {
        partitionKey: workspaceId,
        maxItemCount: limit,
        ...(continuation === null ? {} : { continuationToken: continuation }),
      })
      .fetchNext();
    const items = (page.resources as unknown[]).map((doc) => notificationSchema.parse(doc));
    // The SDK types the token as string, but it is absent on the last page.
    const token = page.continuationToken as string | undefined;
    return { items, continuation: page.hasMoreResults && token !== undefined && token !== "" ? token : null };
  }

  async markRead(
    workspaceId: string,
    recipientUserId: string,
    ids: readonly string[],
    readAt: string,
  ): Promise<number> {
    let marked = 0;
    for (const id of new Set(ids)) {
      if (await this.markOne(workspaceId, recipientUserId, id, readAt)) marked += 1;
    }
    return marked;
  }

  /** Read, check the recipient, replace with If-Match; a concurrent change (412) is re-read. */
  private async markOne(workspaceId: string, recipientUserId: string, id: string, readAt: string) {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const { resource, etag } = await this.container.item(id, workspaceId).read<Notification>();
      if (resource === undefined) return false;
      const current = notificationSchema.safeParse(resource);
      if (!current.success || current.data.recipientUserId !== recipientUserId) return false;
      if (current.data.readAt !== null) return false;
      try {
        await this.container
          .item(id, workspaceId)
          .replace({ ...current.data, readAt }, { accessCondition: { type: "IfMatch", condition: etag } });
        return true;
      } catch (error) {
        if (cosmosStatus(error) !== 412) throw error;
      }
    }
    return false;
  }
}
