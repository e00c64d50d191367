// The dashboard against the REAL stack (support/realStack.ts): Azurite, the seeded local Cosmos server,
// the Graph simulator and the local Functions host running the built app behind the SWA front door. An
// operator signs in through the dev login and starts a backup of a demo tenant from the Tenants page; its
// run reaches succeeded on that page without a reload. Readonly sees no start button; an outsider gets
// not found. (The backup case joins once POST tenants/{t}/backups is on main.)
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchBrowser, type LaunchedBrowser } from "./support/browser.js";
import { startRealStack, type RealStack } from "./support/realStack.js";
import { ensureWebBuild } from "./support/webBuild.js";

const resultsDir = fileURLToPath(new URL("../../test-results/web", import.meta.url));

let stack: RealStack | undefined;
let browser: LaunchedBrowser | undefined;
let page: Page;

beforeAll(async () => {
  mkdirSync(resultsDir, { recursive: true });
  const webRoot = ensureWebBuild();
  stack = await startRealStack(webRoot);
  browser = await launchBrowser();
  page = await browser.context.newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Signs in through the front door's 401 redirect and the dev login page, then lands on `path`. */
async function signInAs(userDetails: string, path: string): Promise<void> {
  const url = stack?.url ?? "";
  await browser?.context.clearCookies();
  await page.goto(`${url}${path}`);
  await page.waitForURL(/\/\.auth\/login\/aad/);
  await page.getByLabel(new RegExp(userDetails)).check();
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname === path);
}

describe("dashboard on the real stack", () => {
  it("readonly sees the tenants but no start button", async () => {
    await signInAs("Rita Readonly", "/w/ws-demo/tenants");
    await page.getByRole("table", { name: "Tenants" }).getByText("Fabrikam").waitFor();
    await page.getByText("Requires the operator role in this workspace.").first().waitFor();
    expect(await page.getByRole("button", { name: /Start backup/ }).count()).toBe(0);
  });

  it("outsider gets not found for the workspace's tenants and runs", async () => {
    await signInAs("Otto Outsider", "/w/ws-demo/tenants");
    await page.getByRole("heading", { name: "Not found" }).waitFor();
    expect(await page.textContent("body")).not.toContain("Contoso");
    await page.goto(`${stack?.url ?? ""}/`);
    await page.getByText("not a member of any workspace").waitFor();
  });
});
