// Per-user run notifications. Implemented on Cosmos DB (container `notifications`) in
// shared/store/notificationStore.ts.
import type { Notification } from "../domain/notification.js";

export interface NotificationFilter {
  unreadOnly?: boolean;
}

export interface NotificationStore {
  /** Records once: a notification with the same id already stored resolves `recorded: false`. */
  record(notification: Notification): Promise<{ recorded: boolean }>;
  /** The recipient's notifications, newest first. */
  list(
    workspaceId: string,
    recipientUserId: string,
    filter: NotificationFilter,
    limit: number,
    continuation: string | null,
  ): Promise<{ items: Notification[]; continuation: string | null }>;
  /** Marks the recipient's own notifications read; ids of others or unknown ids are ignored. */
  markRead(
    workspaceId: string,
    recipientUserId: string,
    ids: readonly string[],
    readAt: string,
  ): Promise<number>;
}
