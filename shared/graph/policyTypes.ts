// The one table of Intune policy types: URL, API version, $expand support, how assignments are written, and
// the roles each needs. Orchestrations never see these details.

export type PolicyTypeKey =
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

export interface PolicyTypeInfo {
  key: PolicyTypeKey;
  version: "v1.0" | "beta";
  /** Collection path of the list call. */
  listPath: string;
  /** The list call accepts `$expand=assignments`. */
  expandAssignments: boolean;
  /** `assignAction`: POST {id}/assign with the full set; `perTarget`: POST/DELETE {id}/assignments per target. */
  assignMode: "assignAction" | "perTarget";
  assignBodyKey: string;
  /** `@odata.type` of one assignment in an /assign body. */
  assignmentOdataType: string;
  /** Property holding the display name. */
  nameProperty: "displayName" | "name";
  readRoles: readonly string[];
  writeRoles: readonly string[];
}

const config = {
  readRoles: ["DeviceManagementConfiguration.Read.All", "DeviceManagementConfiguration.ReadWrite.All"],
  writeRoles: ["DeviceManagementConfiguration.ReadWrite.All"],
};
const apps = {
  readRoles: ["DeviceManagementApps.Read.All", "DeviceManagementApps.ReadWrite.All"],
  writeRoles: ["DeviceManagementApps.ReadWrite.All"],
};
const service = {
  readRoles: ["DeviceManagementServiceConfig.Read.All", "DeviceManagementServiceConfig.ReadWrite.All"],
  writeRoles: ["DeviceManagementServiceConfig.ReadWrite.All"],
};

type Row = Omit<PolicyTypeInfo, "readRoles" | "writeRoles" | "nameProperty" | "assignMode"> &
  Partial<Pick<PolicyTypeInfo, "nameProperty" | "assignMode">>;
const row = (r: Row, roles: typeof config): PolicyTypeInfo => ({
  nameProperty: "displayName",
  assignMode: "assignAction",
  ...r,
  ...roles,
});

export const policyTypes: readonly PolicyTypeInfo[] = [
  row(
    {
      key: "deviceConfigurations",
      version: "beta",
      listPath: "/deviceManagement/deviceConfigurations",
      expandAssignments: true,
      assignBodyKey: "assignments",
      assignmentOdataType: "#microsoft.graph.deviceConfigurationAssignment",
    },
    config,
  ),
  row(
    {
      key: "configurationPolicies",
      version: "beta",
      listPath: "/deviceManagement/configurationPolicies",
      expandAssignments: true,
      assignBodyKey: "assignments",
      assignmentOdataType: "#microsoft.graph.deviceManagementConfigurationPolicyAssignment",
      nameProperty: "name",
    },
    config,
  ),
  row(
    {
      key: "deviceCompliancePolicies",
      version: "beta",
      listPath: "/deviceManagement/deviceCompliancePolicies",
      expandAssignments: true,
      assignBodyKey: "assignments",
      assignmentOdataType: "#microsoft.graph.deviceCompliancePolicyAssignment",
    },
    config,
  ),
  row(
    {
      key: "groupPolicyConfigurations",
      version: "beta",
      listPath: "/deviceManagement/groupPolicyConfigurations",
      expandAssignments: true,
      assignBodyKey: "assignments",
      assignmentOdataType: "#microsoft.graph.groupPolicyConfigurationAssignment",
    },
    config,
  ),
  row(
    {
      key: "deviceManagementScripts",
      version: "beta",
      listPath: "/deviceManagement/deviceManagementScripts",
      expandAssignments: true,
      assignBodyKey: "deviceManagementScriptAssignments",
      assignmentOdataType: "#microsoft.graph.deviceManagementScriptAssignment",
    },
    config,
  ),
  row(
    {
      key: "deviceHealthScripts",
      version: "beta",
      listPath: "/deviceManagement/deviceHealthScripts",
      expandAssignments: true,
      assignBodyKey: "deviceHealthScriptAssignments",
      assignmentOdataType: "#microsoft.graph.deviceHealthScriptAssignment",
    },
    config,
  ),
  row(
    {
      key: "mobileApps",
      version: "beta",
      listPath: "/deviceAppManagement/mobileApps",
      expandAssignments: true,
      assignBodyKey: "mobileAppAssignments",
      assignmentOdataType: "#microsoft.graph.mobileAppAssignment",
    },
    apps,
  ),
  row(
    {
      key: "managedAppPolicies",
      version: "beta",
      listPath: "/deviceAppManagement/managedAppPolicies",
      expandAssignments: false,
      assignBodyKey: "assignments",
      assignmentOdataType: "#microsoft.graph.targetedManagedAppPolicyAssignment",
    },
    apps,
  ),
  row(
    {
      key: "windowsAutopilotDeploymentProfiles",
      version: "beta",
      listPath: "/deviceManagement/windowsAutopilotDeploymentProfiles",
      expandAssignments: true,
      assignBodyKey: "target",
      assignmentOdataType: "#microsoft.graph.windowsAutopilotDeploymentProfileAssignment",
      assignMode: "perTarget",
    },
    service,
  ),
  row(
    {
      key: "deviceEnrollmentConfigurations",
      version: "beta",
      listPath: "/deviceManagement/deviceEnrollmentConfigurations",
      expandAssignments: true,
      assignBodyKey: "enrollmentConfigurationAssignments",
      assignmentOdataType: "#microsoft.graph.enrollmentConfigurationAssignment",
    },
    service,
  ),
];

export const policyTypeByKey: ReadonlyMap<string, PolicyTypeInfo> = new Map(
  policyTypes.map((t) => [t.key, t]),
);

/** App protection policies are listed under managedAppPolicies but read and assigned per platform. */
export const appProtectionPaths: Readonly<Record<string, string>> = {
  "#microsoft.graph.iosManagedAppProtection": "/deviceAppManagement/iosManagedAppProtections",
  "#microsoft.graph.androidManagedAppProtection": "/deviceAppManagement/androidManagedAppProtections",
};

/** Roles Group/filter resolution needs besides the policy types' own. */
export const directoryReadRoles = ["Group.Read.All", "Directory.Read.All", "Group.ReadWrite.All"];
