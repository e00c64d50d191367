// The dashboard against the REAL stack, `npm start` (support/realStack.ts): Azurite, the seeded local Cosmos
// server, the Graph simulator and the local Functions host running the built app behind the SWA front door. An
// operator signs in through the dev login and starts a backup of a demo tenant from the Tenants page; its
// run reaches succeeded on that page without a reload. Readonly sees no start button; an outsider gets
// not found.
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
  ensureWebBuild(); // npm start serves web/dist
  stack = await startRealStack();
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
  it("operator starts a backup of Contoso on the Tenants page and sees it succeed without a reload", async () => {
    await signInAs("Oscar Operator", "/w/ws-demo/tenants");
    await page.getByRole("table", { name: "Tenants" }).getByText("Contoso").waitFor();
    await page.evaluate(() => {
      (window as unknown as { noReloadMarker: number }).noReloadMarker = 42;
    });
    await page.getByRole("button", { name: "Start backup of Contoso" }).click();
    const follow = page.getByRole("link", { name: "Follow the run" });
    await follow.waitFor({ timeout: 15_000 });
    const runId = decodeURIComponent((await follow.getAttribute("href"))?.split("/").pop() ?? "");
    expect(runId).not.toBe("");

    // The Contoso row's last backup is this run; its badge turns on the page itself.
    const badge = page.locator(`[data-last-run-id="${runId}"] [data-status]`);
    await badge.waitFor({ timeout: 10_000 });
    const seen: string[] = [];
    const started = Date.now();
    while (Date.now() - started < 90_000) {
      const status = await badge.getAttribute("data-status");
      if (status && seen.at(-1) !== status) seen.push(status);
      if (status && !["queued", "running"].includes(status)) break;
      await page.waitForTimeout(200);
    }
    process.stdout.write(
      `${JSON.stringify({ metric: "real_backup_seen_statuses", value: seen, ms: Date.now() - started })}\n`,
    );
    expect(seen.at(-1)).toBe("succeeded");
    expect(await page.evaluate(() => (window as unknown as { noReloadMarker?: number }).noReloadMarker)).toBe(
      42,
    );
    await page.screenshot({
      path: `${resultsDir}/real-tenants.png`,
      fullPage: true,
    });

    // The run's detail shows the completed lifecycle and the backup's counts from the real ledger.
    await follow.click();
    await page.waitForURL((u) => u.pathname.endsWith(`/runs/${runId}`));
    await expect
      .poll(() => page.locator('[data-step="completed"]').getAttribute("data-done"), { timeout: 10_000 })
      .toBe("true");
    const total = Number(
      ((await page.locator('[data-count="total"]').textContent()) ?? "").replace(/\D/g, ""),
    );
    expect(total).toBeGreaterThan(0);
    await page.screenshot({
      path: `${resultsDir}/real-run-detail.png`,
      fullPage: true,
    });

    // Its backup set lists the backed-up policies with their assignments.
    await page.goto(`${stack?.url ?? ""}/w/ws-demo/tenants/tenant-contoso`);
    await expect
      .poll(() => page.getByRole("table", { name: "Backup items" }).locator("tbody tr").count(), {
        timeout: 10_000,
      })
      .toBe(total);
  });

  it("operator walks the restore wizard from Contoso's backup into Fabrikam to the real preview, dry run", async () => {
    await signInAs("Oscar Operator", "/w/ws-demo/restore");
    const setSelect = page.getByLabel("Backup set");
    await setSelect.locator("option").first().waitFor({ state: "attached", timeout: 10_000 });
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByLabel("Target tenant").selectOption("tenant-fabrikam");
    await page.getByRole("button", { name: "Next" }).click();
    const heading = page.getByRole("heading", { name: /Choose items \(\d+ of \d+\)/ });
    await heading.waitFor({ timeout: 10_000 });
    const itemCount = Number(/of (\d+)/.exec((await heading.textContent()) ?? "")?.[1]);
    expect(itemCount).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Next" }).click();
    // The request the API validates: group/filter mapping by display name, skip, dry run.
    await page.getByRole("radio", { name: "Match groups by display name in the target tenant" }).check();
    await page.getByLabel("Skip that assignment and restore the rest").check();
    await page.getByRole("switch").check();
    const sent: unknown[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && new URL(r.url()).pathname.endsWith("/restores"))
        sent.push(r.postDataJSON());
    });
    await page.getByRole("button", { name: "Preview changes" }).click();
    const preview = page.getByTestId("restore-preview");
    await preview.waitFor({ timeout: 20_000 });
    expect(sent[0]).toMatchObject({
      targetTenantId: "tenant-fabrikam",
      selectedItemIds: null,
      groupMapping: { strategy: "displayName", map: {} },
      missingTargetPolicy: "skip",
      dryRun: true,
    });
    expect(await preview.locator("tbody tr").count()).toBe(itemCount);
    expect(await preview.locator("tbody tr[data-action]").count()).toBe(itemCount);
    await page.screenshot({ path: `${resultsDir}/real-restore-preview.png`, fullPage: true });
    await page.getByRole("button", { name: /Execute restore of \d+ items \(dry run\)/ }).click();
    await page.waitForURL(/\/w\/ws-demo\/runs\/[^/]+$/, { timeout: 10_000 });
    await page.getByTestId("orchestration-status").waitFor({ timeout: 10_000 });
  });

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
