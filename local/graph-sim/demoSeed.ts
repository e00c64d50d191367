// The demo tenants (same external ids as the app's seed): a small realistic policy set across all types.
// Both tenants have groups and filters with the same display names but different ids; Fabrikam lacks one
// group and one filter, so a cross-tenant restore by displayName shows mapped and unmapped targets.
import { demoTenants } from "../seed/demoData.js";
import type { Fixture, FixturePolicy } from "./fixtureSchema.js";
import type { SimTypeKey } from "./intuneTypes.js";
import { stableId } from "./stableId.js";

type Ref =
  | { include: string; filter?: string; filterType?: "include" | "exclude" }
  | { exclude: string }
  | { all: "devices" | "users"; filter?: string; filterType?: "include" | "exclude" };
type Template = [SimTypeKey, string, Ref[], Partial<FixturePolicy>?];

export const demoGroupNames = [
  "All Windows Devices",
  "Pilot Users",
  "Finance Devices",
  "HR Users",
  "Sales Users",
  "Kiosk Devices",
  "iOS Devices",
  "Android Devices",
  "IT Admins",
  "Autopilot Devices",
] as const;
export const demoFilterNames = ["Windows 11 only", "Corporate owned", "Surface devices"] as const;
/** Present in Contoso only. */
export const demoMissingInFabrikam = { group: "Finance Devices", filter: "Surface devices" } as const;

const w11 = { filter: "Windows 11 only", filterType: "include" } as const;
const templates: Template[] = [
  [
    "deviceConfigurations",
    "WIN - Device restrictions",
    [{ include: "All Windows Devices", ...w11 }, { exclude: "Kiosk Devices" }],
  ],
  ["deviceConfigurations", "WIN - Wi-Fi Corporate", [{ include: "All Windows Devices" }]],
  [
    "deviceConfigurations",
    "WIN - Custom OMA-URI Finance",
    [{ include: "Finance Devices", filter: "Surface devices", filterType: "include" }],
    { odataType: "#microsoft.graph.windows10CustomConfiguration" },
  ],
  [
    "deviceConfigurations",
    "iOS - Device restrictions",
    [{ include: "iOS Devices" }],
    { odataType: "#microsoft.graph.iosGeneralDeviceConfiguration" },
  ],
  [
    "deviceConfigurations",
    "Android - Work profile restrictions",
    [{ include: "Android Devices" }],
    { odataType: "#microsoft.graph.androidWorkProfileGeneralDeviceConfiguration" },
  ],
  [
    "configurationPolicies",
    "SC - Edge baseline",
    [{ include: "All Windows Devices" }, { exclude: "IT Admins" }],
    { properties: { settingCount: 37, platforms: "windows10", technologies: "mdm" } },
  ],
  [
    "configurationPolicies",
    "SC - OneDrive known folders",
    [{ all: "users" }],
    { properties: { settingCount: 6, platforms: "windows10", technologies: "mdm" } },
  ],
  [
    "configurationPolicies",
    "SC - BitLocker",
    [{ include: "All Windows Devices", filter: "Corporate owned", filterType: "include" }],
    {
      properties: {
        settingCount: 12,
        platforms: "windows10",
        technologies: "mdm",
        templateReference: {
          templateFamily: "endpointSecurityDiskEncryption",
          templateId: "46ddfc50-d10f-4867-b852-9434254b3bff_1",
        },
      },
    },
  ],
  [
    "configurationPolicies",
    "SC - Defender Antivirus",
    [{ all: "devices", ...w11 }],
    {
      properties: {
        settingCount: 28,
        platforms: "windows10",
        technologies: "mdm,microsoftSense",
        templateReference: {
          templateFamily: "endpointSecurityAntivirus",
          templateId: "804339ad-1553-4478-a742-138fb5807418_1",
        },
      },
    },
  ],
  [
    "configurationPolicies",
    "SC - Pilot features",
    [{ include: "Pilot Users" }],
    { properties: { settingCount: 3, platforms: "windows10", technologies: "mdm" } },
  ],
  ["deviceCompliancePolicies", "WIN - Compliance baseline", [{ all: "devices" }]],
  [
    "deviceCompliancePolicies",
    "iOS - Compliance",
    [{ include: "iOS Devices" }],
    { odataType: "#microsoft.graph.iosCompliancePolicy" },
  ],
  [
    "deviceCompliancePolicies",
    "Android - Compliance",
    [{ include: "Android Devices" }],
    { odataType: "#microsoft.graph.androidWorkProfileCompliancePolicy" },
  ],
  ["groupPolicyConfigurations", "ADMX - Office updates", [{ include: "All Windows Devices" }]],
  [
    "groupPolicyConfigurations",
    "ADMX - Finance macros",
    [{ include: "Finance Devices" }, { exclude: "Pilot Users" }],
  ],
  ["deviceManagementScripts", "PS - Set time zone", [{ include: "All Windows Devices" }]],
  ["deviceManagementScripts", "PS - Kiosk cleanup", [{ include: "Kiosk Devices" }]],
  ["deviceHealthScripts", "Remediation - Disk cleanup", [{ include: "All Windows Devices", ...w11 }]],
  ["deviceHealthScripts", "Remediation - Restart pending", [{ include: "Pilot Users" }]],
  ["mobileApps", "Company Portal", [{ all: "users" }], { odataType: "#microsoft.graph.winGetApp" }],
  [
    "mobileApps",
    "Microsoft 365 Apps",
    [{ include: "All Windows Devices" }, { exclude: "Kiosk Devices" }],
    { odataType: "#microsoft.graph.officeSuiteApp" },
  ],
  [
    "mobileApps",
    "Finance Reporting Tool",
    [{ include: "Finance Devices" }],
    { odataType: "#microsoft.graph.win32LobApp" },
  ],
  [
    "mobileApps",
    "Outlook for iOS",
    [{ include: "iOS Devices" }],
    { odataType: "#microsoft.graph.iosStoreApp" },
  ],
  [
    "mobileApps",
    "Teams for Android",
    [{ include: "Android Devices" }],
    { odataType: "#microsoft.graph.managedAndroidStoreApp" },
  ],
  [
    "managedAppPolicies",
    "APP - iOS protection",
    [{ include: "Sales Users" }, { exclude: "IT Admins" }],
    { odataType: "#microsoft.graph.iosManagedAppProtection" },
  ],
  [
    "managedAppPolicies",
    "APP - Android protection",
    [{ include: "Sales Users" }],
    { odataType: "#microsoft.graph.androidManagedAppProtection" },
  ],
  [
    "managedAppPolicies",
    "APP - iOS HR protection",
    [{ include: "HR Users" }],
    { odataType: "#microsoft.graph.iosManagedAppProtection" },
  ],
  ["windowsAutopilotDeploymentProfiles", "Autopilot - User driven", [{ include: "Autopilot Devices" }]],
  ["windowsAutopilotDeploymentProfiles", "Autopilot - Kiosk self-deploying", [{ include: "Kiosk Devices" }]],
  ["deviceEnrollmentConfigurations", "ESP - Standard", [{ include: "Autopilot Devices" }]],
  [
    "deviceEnrollmentConfigurations",
    "Enrollment limit - 5 devices",
    [{ include: "Sales Users" }],
    { odataType: "#microsoft.graph.deviceEnrollmentLimitConfiguration" },
  ],
];

function demoFixture(tenantId: string, displayName: string, full: boolean): Fixture {
  const groupNames = demoGroupNames.filter((g) => full || g !== demoMissingInFabrikam.group);
  const filterNames = demoFilterNames.filter((f) => full || f !== demoMissingInFabrikam.filter);
  const groups = groupNames.map((g) => ({ id: stableId(`${tenantId}/group/${g}`), displayName: g }));
  const filters = filterNames.map((f) => ({
    id: stableId(`${tenantId}/filter/${f}`),
    displayName: f,
    platform: "windows10AndLater",
    rule: `(device.model -contains "${f}")`,
  }));
  const gid = (name: string): string => stableId(`${tenantId}/group/${name}`);
  const fid = (name: string): string => stableId(`${tenantId}/filter/${name}`);
  const policies: FixturePolicy[] = templates.map(([type, name, refs, extra], i) => {
    // The second tenant has the same policies (other ids), with assignments only on every third one,
    // and never to its missing group or filter: a restore target.
    const keep = full || i % 3 === 0;
    const assignments = (keep ? refs : [])
      .filter(
        (r) =>
          full ||
          (!("include" in r && r.include === demoMissingInFabrikam.group) &&
            !("filter" in r && r.filter === demoMissingInFabrikam.filter)),
      )
      .map((r) => {
        const target: Record<string, unknown> =
          "include" in r
            ? { "@odata.type": "#microsoft.graph.groupAssignmentTarget", groupId: gid(r.include) }
            : "exclude" in r
              ? { "@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget", groupId: gid(r.exclude) }
              : {
                  "@odata.type":
                    r.all === "devices"
                      ? "#microsoft.graph.allDevicesAssignmentTarget"
                      : "#microsoft.graph.allLicensedUsersAssignmentTarget",
                };
        if ("filter" in r && typeof r.filter === "string") {
          target.deviceAndAppManagementAssignmentFilterId = fid(r.filter);
          target.deviceAndAppManagementAssignmentFilterType = r.filterType ?? "include";
        }
        return type === "mobileApps"
          ? { target: target as never, intent: "required" }
          : { target: target as never };
      });
    return {
      type,
      id: stableId(`${tenantId}/${type}/${name}`),
      displayName: name,
      assignments,
      ...(extra ?? {}),
    };
  });
  return { tenantId, displayName, groups, filters, policies };
}

export function demoFixtures(): Fixture[] {
  return demoTenants.map((t, i) => demoFixture(t.externalId, t.displayName, i === 0));
}
