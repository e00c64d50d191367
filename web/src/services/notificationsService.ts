// The caller's run notifications (queued/completed) in a workspace, and marking them read.
import { z } from "zod";

import { notificationSchema, type Notification } from "../domain/contracts.js";
import { getJson, postJson, wsPath } from "./http.js";

const notificationPageSchema = z.object({
  items: z.array(notificationSchema),
  continuation: z.string().nullable().optional(),
  unreadCount: z.number().int().nonnegative().optional(),
});

export const notificationsService = {
  async list(workspaceId: string): Promise<{ items: Notification[]; unreadCount: number }> {
    const page = await getJson(`${wsPath(workspaceId)}/notifications`, notificationPageSchema, { limit: 20 });
    return { items: page.items, unreadCount: page.unreadCount ?? page.items.filter((n) => !n.readAt).length };
  },
  async markRead(workspaceId: string, notificationIds: string[]): Promise<void> {
    await postJson(`${wsPath(workspaceId)}/notifications/read`, z.unknown(), { ids: notificationIds });
  },
};
