// "Every setting is accounted for": each key of the app's settings schema is set by the Function App's app
// settings in Bicep, or listed in infra/README.md as optional — and then the schema really lets it be absent.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { settingsSchema } from "../../shared/config/settings.js";
import { BicepFile, blankStrings, topLevelKeys } from "./bicepFile.js";

const root = resolve(import.meta.dirname, "../..");
const api = BicepFile.load("infra/app/api.bicep");

/** Keys of every object literal in the vars that the appsettings resource unions together. */
function bicepAppSettings(): Set<string> {
  const config = api.resourcesOfType("Microsoft.Web/sites/config")[0];
  const union = /properties:\s*union\(([^)]*)\)/.exec(config?.body ?? "");
  if (union === null) throw new Error("appsettings resource must set properties: union(...)");
  const keys = new Set<string>();
  for (const name of (union[1] ?? "").split(",").map((s) => s.trim())) {
    const expression = api.vars().get(name);
    if (expression === undefined) continue; // a param such as additionalAppSettings
    // Innermost object literals, found with string contents blanked (`${...}` braces are not objects).
    for (const m of blankStrings(expression).matchAll(/\{[^{}]*\}/g)) {
      for (const key of topLevelKeys(expression.slice(m.index, m.index + m[0].length))) keys.add(key);
    }
  }
  return keys;
}

/** Settings in the README table under "### <heading>" (first column, in backticks). */
function readmeTable(heading: string): string[] {
  const readme = readFileSync(resolve(root, "infra/README.md"), "utf8");
  const section = readme.split(`### ${heading}\n`)[1]?.split(/\n#{2,3} /)[0] ?? "";
  return [...section.matchAll(/^\|\s*`([A-Za-z0-9_]+)`\s*\|/gm)].map((m) => m[1] ?? "");
}

const schemaKeys = Object.keys(settingsSchema.shape);
const setByBicep = bicepAppSettings();
const optional = readmeTable("Optional settings");

describe("settings coverage", () => {
  it("reads the schema and the Bicep settings", () => {
    expect(schemaKeys.length).toBeGreaterThan(20);
    expect(setByBicep.size).toBeGreaterThan(15);
  });

  it.each(schemaKeys)("%s is set by Bicep or documented as optional", (key) => {
    expect(setByBicep.has(key) || optional.includes(key)).toBe(true);
  });

  it.each(optional)("optional %s may really be absent", (key) => {
    const field = settingsSchema.shape[key as keyof typeof settingsSchema.shape];
    expect(field, `${key} is not a setting`).toBeDefined();
    expect(field.safeParse(undefined).success).toBe(true);
    expect(setByBicep.has(key), `${key} is both optional and set`).toBe(false);
  });

  it("documents exactly the schema settings Bicep sets", () => {
    const documented = readmeTable("Set by Bicep").sort();
    expect(documented).toEqual(schemaKeys.filter((k) => setByBicep.has(k)).sort());
  });
});
