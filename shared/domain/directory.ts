// Workspaces (an MSP's account), their customer tenants, and who may do what in them.
import { z } from "zod";

export const roleSchema = z.enum(["owner", "operator", "readonly"]);
export type Role = z.infer<typeof roleSchema>;

export const workspaceSchema = z.object({
  id: z.string().min(1),
  docType: z.literal("workspace"),
  workspaceId: z.string().min(1),
  name: z.string().min(1).max(200),
  createdAt: z.iso.datetime(),
});
export type Workspace = z.infer<typeof workspaceSchema>;

export const tenantSchema = z.object({
  id: z.string().min(1),
  docType: z.literal("tenant"),
  workspaceId: z.string().min(1),
  /** Entra tenant id (UUID v4). */
  externalId: z.uuid({ version: "v4" }),
  displayName: z.string().min(1).max(200),
  /** Reference to where the credential lives (Key Vault secret name, federated config); never a secret. */
  credentialRef: z.string().min(1).max(200),
  /** Optional NCRONTAB for scheduled backups. */
  backupSchedule: z.string().nullable().default(null),
  createdAt: z.iso.datetime(),
});
export type Tenant = z.infer<typeof tenantSchema>;

export const membershipSchema = z.object({
  id: z.string().min(1),
  docType: z.literal("membership"),
  workspaceId: z.string().min(1),
  /** Principal id as the identity provider names it (SWA userId or Entra object id / app id). */
  userId: z.string().min(1),
  displayName: z.string().min(1).max(200),
  role: roleSchema,
  createdAt: z.iso.datetime(),
});
export type Membership = z.infer<typeof membershipSchema>;
