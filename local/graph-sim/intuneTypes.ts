// The Intune collections the simulator serves, with the behaviour Graph shows for each (README cites sources).

export type SimTypeKey =
  | "deviceConfigurations"
  | "configurationPolicies"
  | "deviceCompliancePolicies"
  | "groupPolicyConfigurations"
  | "deviceManagementScripts"
  | "deviceHealthScripts"
  | "mobileApps"
  | "managedAppPolicies"
  | "windowsAutopilotDeploymentProfiles"
  | "deviceEnrollmentConfigurations";

export type ApiVersion = "v1.0" | "beta";

export interface SimTypeSpec {
  readonly key: SimTypeKey;
  /** Parent segment: deviceManagement or deviceAppManagement. */
  readonly parent: "deviceManagement" | "deviceAppManagement";
  readonly versions: readonly ApiVersion[];
  /** Default and maximum page size of the list call. */
  readonly pageSize: number;
  /** Whether `$expand=assignments` is accepted on the list call. */
  readonly expandAssignments: boolean;
  /** Body key of POST /{id}/assign; null: no /assign action (Autopilot assigns with POST /assignments). */
  readonly assignBodyKey: string | null;
  /** What /assign answers: 200 with the new collection, or 204. */
  readonly assignAnswer: "collection" | "noContent";
  readonly readRole: readonly string[];
  readonly writeRole: readonly string[];
  /** Name property of the resource (settings catalog uses `name`). */
  readonly nameProperty: "displayName" | "name";
}

const config = {
  read: ["DeviceManagementConfiguration.Read.All", "DeviceManagementConfiguration.ReadWrite.All"],
  write: ["DeviceManagementConfiguration.ReadWrite.All"],
};
const apps = {
  read: ["DeviceManagementApps.Read.All", "DeviceManagementApps.ReadWrite.All"],
  write: ["DeviceManagementApps.ReadWrite.All"],
};
const service = {
  read: ["DeviceManagementServiceConfig.Read.All", "DeviceManagementServiceConfig.ReadWrite.All"],
  write: ["DeviceManagementServiceConfig.ReadWrite.All"],
};

const spec = (
  key: SimTypeKey,
  parent: SimTypeSpec["parent"],
  versions: readonly ApiVersion[],
  roles: { read: string[]; write: string[] },
  rest: Partial<SimTypeSpec> = {},
): SimTypeSpec => ({
  key,
  parent,
  versions,
  pageSize: 100,
  expandAssignments: true,
  assignBodyKey: "assignments",
  assignAnswer: "collection",
  readRole: roles.read,
  writeRole: roles.write,
  nameProperty: "displayName",
  ...rest,
});

export const simTypes: readonly SimTypeSpec[] = [
  spec("deviceConfigurations", "deviceManagement", ["v1.0", "beta"], config),
  spec("configurationPolicies", "deviceManagement", ["beta"], config, { pageSize: 25, nameProperty: "name" }),
  spec("deviceCompliancePolicies", "deviceManagement", ["v1.0", "beta"], config),
  spec("groupPolicyConfigurations", "deviceManagement", ["beta"], config),
  spec("deviceManagementScripts", "deviceManagement", ["beta"], config, {
    assignBodyKey: "deviceManagementScriptAssignments",
    assignAnswer: "noContent",
  }),
  spec("deviceHealthScripts", "deviceManagement", ["beta"], config, {
    assignBodyKey: "deviceHealthScriptAssignments",
    assignAnswer: "noContent",
  }),
  spec("mobileApps", "deviceAppManagement", ["v1.0", "beta"], apps, {
    assignBodyKey: "mobileAppAssignments",
    assignAnswer: "noContent",
  }),
  spec("managedAppPolicies", "deviceAppManagement", ["v1.0", "beta"], apps, {
    expandAssignments: false,
    assignAnswer: "noContent",
  }),
  spec("windowsAutopilotDeploymentProfiles", "deviceManagement", ["beta"], service, { assignBodyKey: null }),
  spec("deviceEnrollmentConfigurations", "deviceManagement", ["v1.0", "beta"], service, {
    assignBodyKey: "enrollmentConfigurationAssignments",
    assignAnswer: "noContent",
  }),
];

export const simTypeByKey = new Map<string, SimTypeSpec>(simTypes.map((t) => [t.key, t]));

/** App protection policies are listed under managedAppPolicies but assigned under their platform collection. */
export const appProtectionCollections: Readonly<Record<string, string>> = {
  iosManagedAppProtections: "#microsoft.graph.iosManagedAppProtection",
  androidManagedAppProtections: "#microsoft.graph.androidManagedAppProtection",
};

export const groupReadRoles = ["Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All"];
