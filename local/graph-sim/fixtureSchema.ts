// The JSON fixture a test loads into the simulator: one tenant with apps, groups, filters and policies.
import { z } from "zod";
import { simTypes, type SimTypeKey } from "./intuneTypes.js";

const typeKeys = simTypes.map((t) => t.key) as [SimTypeKey, ...SimTypeKey[]];

export const targetTypes = [
  "#microsoft.graph.groupAssignmentTarget",
  "#microsoft.graph.exclusionGroupAssignmentTarget",
  "#microsoft.graph.allDevicesAssignmentTarget",
  "#microsoft.graph.allLicensedUsersAssignmentTarget",
] as const;

export const assignmentTargetSchema = z.looseObject({
  "@odata.type": z.enum(targetTypes),
  groupId: z.string().optional(),
  deviceAndAppManagementAssignmentFilterId: z.string().nullable().optional(),
  deviceAndAppManagementAssignmentFilterType: z.enum(["none", "include", "exclude"]).optional(),
});

export const fixtureAssignmentSchema = z.looseObject({
  id: z.string().optional(),
  target: assignmentTargetSchema,
  /** mobileApps only: required, available, uninstall, availableWithoutEnrollment. */
  intent: z.string().optional(),
});

export const fixturePolicySchema = z.object({
  type: z.enum(typeKeys),
  id: z.string().optional(),
  odataType: z.string().optional(),
  /** displayName (`name` for settings catalog is filled from it). */
  displayName: z.string().min(1),
  properties: z.record(z.string(), z.unknown()).optional(),
  assignments: z.array(fixtureAssignmentSchema).default([]),
});

export const fixtureSchema = z.object({
  tenantId: z.uuid(),
  displayName: z.string().default("Simulated tenant"),
  /** App registrations consented in this tenant; default: the demo Graph app with every role. */
  apps: z
    .array(
      z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1), roles: z.array(z.string()) }),
    )
    .optional(),
  groups: z
    .array(
      z.object({ id: z.string().min(1), displayName: z.string().min(1), description: z.string().optional() }),
    )
    .default([]),
  filters: z
    .array(
      z.object({
        id: z.string().min(1),
        displayName: z.string().min(1),
        platform: z.string().default("windows10AndLater"),
        rule: z.string().default('(device.osVersion -startsWith "10.0")'),
      }),
    )
    .default([]),
  policies: z.array(fixturePolicySchema).default([]),
});

export type Fixture = z.input<typeof fixtureSchema>;
export type ParsedFixture = z.output<typeof fixtureSchema>;
export type FixturePolicy = z.input<typeof fixturePolicySchema>;
