// What the deployment must contain: the resources, identity-only access (no keys anywhere), the roles the
// identity needs, the Cosmos layout, and the outputs azd and the app read.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { BicepFile, objectAt, topLevelKeys, valueAt } from "./bicepFile.js";
import { type CosmosLayout, cosmosLayoutFromStore } from "./cosmosLayout.js";

const root = resolve(import.meta.dirname, "../..");
const main = BicepFile.load("infra/main.bicep");
const api = BicepFile.load("infra/app/api.bicep");
const rbac = BicepFile.load("infra/app/rbac.bicep");
const cosmos = BicepFile.load("infra/app/cosmos.bicep");
const storage = BicepFile.load("infra/app/storage.bicep");
const keyVault = BicepFile.load("infra/app/keyvault.bicep");
const monitoring = BicepFile.load("infra/app/monitoring.bicep");
const web = BicepFile.load("infra/app/web.bicep");
const identity = BicepFile.load("infra/app/identity.bicep");
const all = [main, api, rbac, cosmos, storage, keyVault, monitoring, web, identity];

function only(file: BicepFile, type: string) {
  const found = file.resourcesOfType(type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
}

describe("main.bicep", () => {
  it("deploys at subscription scope into one resource group named from resourceToken", () => {
    expect(main.targetScope).toBe("subscription");
    only(main, "Microsoft.Resources/resourceGroups");
    expect(main.vars().get("resourceToken")).toBe(
      "toLower(uniqueString(subscription().id, environmentName, location))",
    );
    expect(main.modules().map((m) => m.path)).toEqual(
      expect.arrayContaining([
        "app/identity.bicep",
        "app/monitoring.bicep",
        "app/storage.bicep",
        "app/cosmos.bicep",
        "app/keyvault.bicep",
        "app/rbac.bicep",
        "app/api.bicep",
        "app/web.bicep",
      ]),
    );
  });

  it("takes the Graph authority and app registration as parameters, the secret as @secure", () => {
    const params = main.params();
    for (const name of ["graphClientId", "graphCredentialMode", "graphAuthorityHost", "graphBaseUrl"]) {
      expect(params.has(name), name).toBe(true);
    }
    expect(params.get("graphClientSecret")?.decorators).toContain("@secure()");
  });

  it("outputs what azd and the app read, named as the settings they feed", () => {
    expect([...main.outputs().keys()]).toEqual(
      expect.arrayContaining([
        "AZURE_LOCATION",
        "AZURE_TENANT_ID",
        "AZURE_RESOURCE_GROUP",
        "SERVICE_API_NAME",
        "SERVICE_API_URI",
        "SERVICE_WEB_NAME",
        "SERVICE_WEB_URI",
        "COSMOS_ENDPOINT",
        "COSMOS_DATABASE",
        "AzureWebJobsStorage__accountName",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "DURABLE_TASK_HUB",
        "AZURE_KEY_VAULT_NAME",
        "AZURE_MANAGED_IDENTITY_PRINCIPAL_ID",
        "GRAPH_FEDERATED_IDENTITY_CLIENT_ID",
      ]),
    );
    for (const [name, body] of main.outputs()) {
      expect(`${name} ${body}`, "no secret in outputs").not.toMatch(/secret|password|listKeys|key\b/i);
    }
  });
});

describe("Function App (Flex Consumption, Node 20)", () => {
  it("runs on an FC1 FlexConsumption plan", () => {
    const plan = only(api, "Microsoft.Web/serverfarms");
    const sku = objectAt(plan.body, "sku")!;
    expect(valueAt(sku, "tier")).toBe("'FlexConsumption'");
    expect(valueAt(sku, "name")).toBe("'FC1'");
    expect(valueAt(plan.body, "reserved")).toBe("true");
  });

  it("is a Linux function app with runtime node 20, a user-assigned identity, https only", () => {
    const site = only(api, "Microsoft.Web/sites");
    expect(valueAt(site.body, "kind")).toBe("'functionapp,linux'");
    const runtime = objectAt(site.body, "runtime")!;
    expect(valueAt(runtime, "name")).toBe("'node'");
    expect(valueAt(runtime, "version")).toBe("'20'");
    expect(valueAt(objectAt(site.body, "identity")!, "type")).toBe("'UserAssigned'");
    expect(valueAt(site.body, "httpsOnly")).toBe("true");
    expect(valueAt(site.body, "keyVaultReferenceIdentity")).toBe("identityId");
    const deployment = objectAt(site.body, "deployment")!;
    expect(valueAt(deployment, "type")).toBe("'blobContainer'");
    expect(valueAt(objectAt(deployment, "authentication")!, "type")).toBe("'UserAssignedIdentity'");
    expect(valueAt(site.body, "tags")).toContain("'azd-service-name': 'api'");
  });

  it("turns off basic publishing credentials", () => {
    const policies = api.resourcesOfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");
    expect(policies.map((p) => valueAt(p.body, "name")).sort()).toEqual(["'ftp'", "'scm'"]);
    for (const p of policies) expect(valueAt(p.body, "allow")).toBe("false");
  });

  it("reaches storage by identity: accountName, managedidentity credential and client id", () => {
    const settings = topLevelKeys(api.vars().get("storageSettings")!);
    expect(settings).toEqual([
      "AzureWebJobsStorage__accountName",
      "AzureWebJobsStorage__credential",
      "AzureWebJobsStorage__clientId",
    ]);
    expect(valueAt(api.vars().get("storageSettings")!, "AzureWebJobsStorage__credential")).toBe(
      "'managedidentity'",
    );
  });

  it("reads the Graph client secret through a Key Vault reference, never a value", () => {
    const credential = api.vars().get("graphCredentialSettings")!;
    expect(valueAt(credential, "GRAPH_CLIENT_SECRET")).toMatch(/^'@Microsoft\.KeyVault\(VaultName=\$\{/);
    expect(valueAt(credential, "GRAPH_FEDERATED_IDENTITY_CLIENT_ID")).toBe("identityClientId");
  });

  it("tells the app that Bicep owns the Cosmos containers", () => {
    expect(valueAt(api.vars().get("appSettings")!, "COSMOS_ENSURE_CONTAINERS")).toBe("'false'");
  });

  it("writes boolean settings as the lowercase words the settings schema accepts", () => {
    const settings = api.vars().get("appSettings")!;
    expect(valueAt(settings, "API_TRUST_CLIENT_PRINCIPAL")).toBe(
      "apiTrustClientPrincipal ? 'true' : 'false'",
    );
    expect(settings).not.toMatch(/string\(/);
  });
});

describe("identity only: no keys, no local auth", () => {
  it("never reads or writes an account key, master key or storage connection string", () => {
    for (const file of all) {
      expect(file.code, file.path).not.toMatch(
        /listKeys|listConnectionStrings|primaryMasterKey|AccountKey=|DefaultEndpointsProtocol/,
      );
      expect(file.code, file.path).not.toMatch(/\bCOSMOS_KEY\s*:|\bAzureWebJobsStorage\s*:/);
    }
  });

  it("disables shared keys on Storage", () => {
    const account = only(storage, "Microsoft.Storage/storageAccounts");
    expect(valueAt(account.body, "allowSharedKeyAccess")).toBe("false");
    expect(valueAt(account.body, "allowBlobPublicAccess")).toBe("false");
    expect(valueAt(account.body, "minimumTlsVersion")).toBe("'TLS1_2'");
  });

  it("disables local auth on Cosmos DB, serverless", () => {
    const account = only(cosmos, "Microsoft.DocumentDB/databaseAccounts");
    expect(valueAt(account.body, "disableLocalAuth")).toBe("true");
    expect(valueAt(account.body, "disableKeyBasedMetadataWriteAccess")).toBe("true");
    expect(account.body).toContain("'EnableServerless'");
  });

  it("uses RBAC on Key Vault", () => {
    const vault = only(keyVault, "Microsoft.KeyVault/vaults");
    expect(valueAt(vault.body, "enableRbacAuthorization")).toBe("true");
  });
});

describe("Cosmos DB layout", () => {
  const layout = JSON.parse(
    readFileSync(resolve(root, "infra/app/cosmos-containers.json"), "utf8"),
  ) as CosmosLayout;
  const byId = new Map(layout.containers.map((c) => [c.id, c]));

  it("is exactly what the app's store defines (regenerate: npx tsx tests/infra/writeCosmosLayout.ts)", () => {
    expect(layout).toEqual(cosmosLayoutFromStore());
  });

  it("has database intune-ops and every container partitioned by /workspaceId", () => {
    expect(layout.databaseName).toBe("intune-ops");
    expect(layout.containers.map((c) => c.id)).toEqual([
      "directory",
      "runs",
      "failures",
      "audits",
      "backups",
      "restores",
      "notifications",
      "idempotency",
    ]);
    for (const c of layout.containers) expect(c.partitionKeyPath, c.id).toBe("/workspaceId");
    const containers = only(cosmos, "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers");
    expect(containers.body).toContain("paths: [container.partitionKeyPath]");
    expect(containers.body).toContain("indexingPolicy: container.indexingPolicy");
    expect(containers.body).toContain("container.resourceOptions");
    expect(cosmos.vars().get("layout")).toBe("loadJsonContent('cosmos-containers.json')");
  });

  it("indexes runs by workspaceId + (tenantId | type)? + createdAt desc for newest-first lists", () => {
    const composite = (byId.get("runs")?.indexingPolicy.compositeIndexes ?? []).map((index) =>
      index.map((p) => `${p.path} ${p.order}`).join(", "),
    );
    expect(composite).toEqual([
      "/workspaceId ascending, /createdAt descending",
      "/workspaceId ascending, /tenantId ascending, /createdAt descending",
      "/workspaceId ascending, /type ascending, /createdAt descending",
    ]);
  });

  it("indexes the failure log by workspaceId + runId + (reasonCode)? + sortKey for paged run failures", () => {
    const composite = (byId.get("failures")?.indexingPolicy.compositeIndexes ?? []).map((index) =>
      index.map((p) => `${p.path} ${p.order}`).join(", "),
    );
    expect(composite).toEqual([
      "/workspaceId ascending, /runId ascending, /sortKey ascending",
      "/workspaceId ascending, /runId ascending, /reasonCode ascending, /sortKey ascending",
    ]);
  });

  it("expires idempotency records by TTL", () => {
    expect(byId.get("idempotency")?.resourceOptions.defaultTtl).toBeGreaterThan(0);
  });
});

describe("role assignments", () => {
  const roles = rbac.vars().get("roles")!;
  const roleId = (name: string): string => valueAt(roles, name)!.replace(/'/g, "");

  it("names built-in role ids as variables", () => {
    expect(roleId("storageBlobDataOwner")).toBe("b7e6dc6d-f1e8-4753-8033-0f276bb0955b");
    expect(roleId("storageQueueDataContributor")).toBe("974c5e8b-45b9-4653-ba55-5f855dd0fb88");
    expect(roleId("storageTableDataContributor")).toBe("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3");
    expect(roleId("keyVaultSecretsUser")).toBe("4633458b-17de-408a-b874-0445c86b69e6");
    expect(roleId("monitoringMetricsPublisher")).toBe("3913510d-42f4-4e42-8a64-420c390055eb");
  });

  it("grants the identity blob, queue and table data roles on the storage account (Durable)", () => {
    expect(rbac.vars().get("storageRoleIds")!.replace(/\s+/g, " ")).toBe(
      "[ roles.storageBlobDataOwner roles.storageQueueDataContributor roles.storageTableDataContributor ]",
    );
    const app = rbac.resources().find((r) => r.symbol === "appStorageRoles")!;
    expect(app.type).toBe("Microsoft.Authorization/roleAssignments");
    expect(valueAt(app.body, "scope")).toBe("storage");
    expect(valueAt(app.body, "principalId")).toBe("identityPrincipalId");
    expect(valueAt(app.body, "principalType")).toBe("'ServicePrincipal'");
    expect(valueAt(app.body, "name")).toMatch(/^guid\(/);
  });

  it("grants the identity the Cosmos DB Built-in Data Contributor SQL role on the account", () => {
    expect(rbac.vars().get("cosmosDataContributorRoleId")).toBe("'00000000-0000-0000-0000-000000000002'");
    const app = rbac.resources().find((r) => r.symbol === "appCosmosRole")!;
    expect(app.type).toBe("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments");
    expect(valueAt(app.body, "roleDefinitionId")).toBe(
      "'${cosmos.id}/sqlRoleDefinitions/${cosmosDataContributorRoleId}'",
    );
    expect(valueAt(app.body, "scope")).toBe("cosmos.id");
    expect(valueAt(app.body, "principalId")).toBe("identityPrincipalId");
  });

  it("grants the identity Key Vault Secrets User and Monitoring Metrics Publisher", () => {
    const kv = rbac.resources().find((r) => r.symbol === "appKeyVaultRole")!;
    expect(valueAt(kv.body, "scope")).toBe("vault");
    expect(valueAt(kv.body, "roleDefinitionId")).toContain("roles.keyVaultSecretsUser");
    const mon = rbac.resources().find((r) => r.symbol === "appMonitoringRole")!;
    expect(valueAt(mon.body, "roleDefinitionId")).toContain("roles.monitoringMetricsPublisher");
  });

  it("grants the developer the same data roles, in pairs", () => {
    const symbols = rbac.resources().map((r) => r.symbol);
    for (const pair of ["StorageRoles", "CosmosRole", "KeyVaultRole", "MonitoringRole"]) {
      expect(symbols).toContain(`app${pair}`);
      expect(symbols).toContain(`developer${pair}`);
    }
  });

  it("feeds rbac the identity's principal id from main.bicep, before the app deploys", () => {
    const mod = main.modules().find((m) => m.symbol === "rbac")!;
    expect(valueAt(mod.body, "identityPrincipalId")).toBe("identity.outputs.principalId");
    expect(valueAt(mod.body, "developerPrincipalId")).toBe("principalId");
    expect(valueAt(main.modules().find((m) => m.symbol === "api")!.body, "dependsOn")).toBe("[rbac]");
  });
});

describe("Static Web App and monitoring", () => {
  it("is Standard with the Function App as linked backend", () => {
    const site = only(web, "Microsoft.Web/staticSites");
    expect(valueAt(objectAt(site.body, "sku")!, "name")).toBe("'Standard'");
    expect(valueAt(site.body, "tags")).toContain("'azd-service-name': 'web'");
    const backend = only(web, "Microsoft.Web/staticSites/linkedBackends");
    expect(valueAt(backend.body, "backendResourceId")).toBe("functionAppId");
    expect(valueAt(main.modules().find((m) => m.symbol === "web")!.body, "functionAppId")).toBe(
      "api.outputs.id",
    );
  });

  it("sends Application Insights to a Log Analytics workspace", () => {
    only(monitoring, "Microsoft.OperationalInsights/workspaces");
    const ai = only(monitoring, "Microsoft.Insights/components");
    expect(valueAt(ai.body, "WorkspaceResourceId")).toBe("logAnalytics.id");
  });
});

describe("azure.yaml", () => {
  it("deploys the api as a function and the web as a static web app from infra/", () => {
    const yaml = readFileSync(resolve(root, "azure.yaml"), "utf8");
    expect(yaml).toMatch(/infra:\n\s+provider: bicep\n\s+path: infra/);
    expect(yaml).toMatch(/api:\n\s+project: \.\n\s+language: ts\n\s+host: function/);
    expect(yaml).toMatch(/web:\n\s+project: \.\/web\n\s+language: ts\n\s+host: staticwebapp/);
  });
});
