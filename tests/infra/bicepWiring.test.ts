// Bicep cannot be compiled here, so this checks what a compile would: every file parses (strings,
// comments, brackets), modules exist and receive exactly params they declare (all required ones),
// module outputs referenced exist, and API versions are ones published for their types.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { BicepFile, objectAt, topLevelKeys } from "./bicepFile.js";

const root = resolve(import.meta.dirname, "../..");
const bicepPaths = [
  "infra/main.bicep",
  ...readdirSync(resolve(root, "infra/app"))
    .filter((f) => f.endsWith(".bicep"))
    .map((f) => `infra/app/${f}`),
];

/** API versions used here, each checked against the published ARM template reference. */
const publishedApiVersions: Record<string, string[]> = {
  "Microsoft.Resources/resourceGroups": ["2024-03-01"],
  "Microsoft.ManagedIdentity/userAssignedIdentities": ["2023-01-31"],
  "Microsoft.OperationalInsights/workspaces": ["2023-09-01"],
  "Microsoft.Insights/components": ["2020-02-02"],
  "Microsoft.Storage/storageAccounts": ["2023-05-01"],
  "Microsoft.Storage/storageAccounts/blobServices": ["2023-05-01"],
  "Microsoft.Storage/storageAccounts/blobServices/containers": ["2023-05-01"],
  "Microsoft.DocumentDB/databaseAccounts": ["2024-05-15"],
  "Microsoft.DocumentDB/databaseAccounts/sqlDatabases": ["2024-05-15"],
  "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers": ["2024-05-15"],
  "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments": ["2024-05-15"],
  "Microsoft.KeyVault/vaults": ["2023-07-01"],
  "Microsoft.KeyVault/vaults/secrets": ["2023-07-01"],
  "Microsoft.Web/serverfarms": ["2024-04-01"],
  "Microsoft.Web/sites": ["2024-04-01"],
  "Microsoft.Web/sites/config": ["2024-04-01"],
  "Microsoft.Web/sites/basicPublishingCredentialsPolicies": ["2024-04-01"],
  "Microsoft.Web/staticSites": ["2024-04-01"],
  "Microsoft.Web/staticSites/linkedBackends": ["2024-04-01"],
  "Microsoft.Authorization/roleAssignments": ["2022-04-01"],
};

describe.each(bicepPaths)("%s", (path) => {
  const file = BicepFile.load(path);

  it("parses: balanced strings, comments and brackets; only known statements", () => {
    expect(file.statements.length).toBeGreaterThan(0);
  });

  it("uses published API versions", () => {
    for (const r of file.resources()) {
      expect(publishedApiVersions[r.type], `${r.symbol}: ${r.type}`).toContain(r.apiVersion);
    }
  });

  it("passes each module exactly the params it declares, required ones included", () => {
    for (const mod of file.modules()) {
      const target = file.resolveModule(mod.path);
      expect(existsSync(target), `${mod.symbol} → ${mod.path}`).toBe(true);
      const declared = BicepFile.load(relative(root, target)).params();
      const passed = topLevelKeys(objectAt(mod.body, "params") ?? "{}");
      for (const name of passed)
        expect(declared.has(name), `${mod.symbol} passes unknown ${name}`).toBe(true);
      for (const p of declared.values()) {
        if (!p.hasDefault) expect(passed, `${mod.symbol} misses required ${p.name}`).toContain(p.name);
      }
    }
  });

  it("reads only outputs its modules declare", () => {
    const modules = new Map(file.modules().map((m) => [m.symbol, m]));
    for (const [, symbol, output] of file.code.matchAll(/\b([A-Za-z_]\w*)\.outputs\.([A-Za-z_]\w*)/g)) {
      const mod = modules.get(symbol ?? "");
      expect(mod, `${symbol} is not a module`).toBeDefined();
      const outputs = BicepFile.load(relative(root, file.resolveModule(mod!.path))).outputs();
      expect(outputs.has(output ?? ""), `${symbol}.outputs.${output}`).toBe(true);
    }
  });

  it("refers only to declared params, vars, resources and modules", () => {
    const loopVariables = [...file.code.matchAll(/\bfor\s+([A-Za-z_]\w*)\s+in\b/g)].map((m) => m[1] ?? "");
    const declared = new Set([...file.statements.map((s) => s.name), ...loopVariables]);
    for (const [, symbol] of file.code.matchAll(
      /\b([A-Za-z_]\w*)\.(?:outputs|properties|id|name|location)\b/g,
    )) {
      expect(declared.has(symbol ?? ""), `unknown symbol ${symbol}`).toBe(true);
    }
  });
});

describe("main.parameters.json", () => {
  it("maps only params main.bicep declares", () => {
    const parameters = JSON.parse(readFileSync(resolve(root, "infra/main.parameters.json"), "utf8")) as {
      parameters: Record<string, { value: string }>;
    };
    const declared = BicepFile.load("infra/main.bicep").params();
    for (const name of Object.keys(parameters.parameters)) expect(declared.has(name), name).toBe(true);
    expect(parameters.parameters.environmentName?.value).toBe("${AZURE_ENV_NAME}");
    expect(parameters.parameters.location?.value).toBe("${AZURE_LOCATION}");
    expect(parameters.parameters.principalId?.value).toBe("${AZURE_PRINCIPAL_ID}");
  });
});
