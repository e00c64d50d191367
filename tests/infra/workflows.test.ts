// The GitHub workflows: CI runs the README's test line on Node 20 with Debian chromium; deploy signs in to
// Azure by OpenID Connect only and runs azd after the tests.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const read = (path: string): string => readFileSync(resolve(root, path), "utf8");

describe(".github/workflows/ci.yml", () => {
  const ci = read(".github/workflows/ci.yml");

  it("runs .ci/run (npm ci && npm test) on Node 20 in Debian", () => {
    expect(ci).toMatch(/container: node:20-bookworm/);
    expect(ci).toMatch(/run: bash \.ci\/run/);
    expect(read(".ci/run")).toContain("npm ci && npm test");
  });

  it("installs Debian chromium only when it is missing", () => {
    expect(ci).toMatch(/if ! command -v chromium[\s\S]*apt-get install -y --no-install-recommends chromium/);
  });

  it("can be called by the deploy workflow", () => {
    expect(ci).toMatch(/^\s+workflow_call:/m);
  });
});

describe(".github/workflows/deploy.yml", () => {
  const deploy = read(".github/workflows/deploy.yml");

  it("signs in with OpenID Connect and stores no Azure secret", () => {
    expect(deploy).toMatch(/id-token: write/);
    expect(deploy).toMatch(/azd auth login[\s\S]*--federated-credential-provider github/);
    expect(deploy).not.toMatch(/AZURE_CLIENT_SECRET|client-secret|AZURE_CREDENTIALS/);
  });

  it("deploys with azd only after the tests pass", () => {
    expect(deploy).toMatch(/uses: \.\/\.github\/workflows\/ci\.yml/);
    expect(deploy).toMatch(/needs: test/);
    expect(deploy.indexOf("azd provision --no-prompt")).toBeLessThan(
      deploy.indexOf("azd deploy --no-prompt"),
    );
  });
});
