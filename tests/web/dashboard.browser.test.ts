// The Monitoring hub in a real headless Chromium, behind the SWA front door. The API behind it is the
// in-memory STAND-IN (support/fixtureApi.ts, real API shapes) for volumes the real stack lacks; the real
// stack is realStack.browser.test.ts. Screenshots of the hub and a run detail go to test-results/.
import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchBrowser, type LaunchedBrowser } from "./support/browser.js";
import { foreignRunId, partialRunId } from "./support/fixtureData.js";
import { startStandInServer, type StandInServer } from "./support/standInServer.js";
import { ensureWebBuild, webDir } from "./support/webBuild.js";

const resultsDir = fileURLToPath(new URL("../../test-results/web", import.meta.url));
const axeSource = readFileSync(`${webDir}/node_modules/axe-core/axe.min.js`, "utf8");

let server: StandInServer;
let browser: LaunchedBrowser;
let page: Page;

beforeAll(async () => {
  mkdirSync(resultsDir, { recursive: true });
  const webRoot = ensureWebBuild();
  server = await startStandInServer({ webRoot, queuedMs: 800, runningMs: 3_000 });
  browser = await launchBrowser();
  page = await browser.context.newPage();
}, 240_000);

afterAll(async () => {
  await browser.close();
  await server.close();
});

/** Signs in through the front door's 401 redirect and the dev login page, then lands on `path`. */
async function signInAs(userDetails: string, path = "/w/ws-demo/runs"): Promise<void> {
  await browser.context.clearCookies();
  await page.goto(`${server.url}${path}`);
  await page.waitForURL(/\/\.auth\/login\/aad/);
  await page.getByLabel(new RegExp(userDetails)).check();
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === path);
}

async function seriousAxeViolations(): Promise<{ id: string; impact: string; nodes: number }[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<unknown> } })
      .axe;
    // Tabster's focus sentinels (<i data-tabster-dummy tabindex=0 aria-hidden>) are how Fluent UI keeps
    // focus order; they hand focus on at once and are a known axe false positive, so they are excluded.
    const context = { include: [["html"]], exclude: [["[data-tabster-dummy]"]] };
    return (await axe.run(context as unknown as Document, { resultTypes: ["violations"] })) as {
      violations: { id: string; impact: string | null; nodes: unknown[] }[];
    };
  });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact ?? "", nodes: v.nodes.length }));
}

describe("Monitoring hub in Chromium", () => {
  it("signs in each role; the account shows the workspace role", async () => {
    for (const [name, role] of [
      ["Olivia Owner", "owner"],
      ["Oscar Operator", "operator"],
      ["Rita Readonly", "readonly"],
    ] as const) {
      await signInAs(name);
      await expect.poll(() => page.getByTestId("account-menu").textContent()).toContain(`${name} · ${role}`);
    }
  });

  it("outsider gets not found for the workspace and for a run in it", async () => {
    await signInAs("Otto Outsider", `/w/ws-demo/runs/${partialRunId}`);
    await page.getByRole("heading", { name: "Not found" }).waitFor();
    expect(await page.getByText("Failures").count()).toBe(0);
    await page.goto(`${server.url}/`);
    await page.getByText("not a member of any workspace").waitFor();
  });

  it("operator starts a backup and watches it go running → succeeded without a reload", async () => {
    await signInAs("Oscar Operator", "/w/ws-demo/tenants");
    await page.evaluate(() => {
      (window as unknown as { noReloadMarker: number }).noReloadMarker = 42;
    });
    await page.getByRole("button", { name: "Start backup of Contoso" }).click();
    const follow = page.getByRole("link", { name: "Follow the run" });
    await follow.waitFor();
    const href = (await follow.getAttribute("href")) ?? "";
    const runId = decodeURIComponent(href.split("/").pop() ?? "");
    expect(runId).toMatch(/^run-/);

    await page.getByRole("link", { name: "Monitoring" }).click();
    const row = page.locator(`[data-run-id="${runId}"]`);
    await row.waitFor();
    const seen: string[] = [];
    const started = Date.now();
    while (Date.now() - started < 15_000) {
      const status = await row.locator("[data-status]").getAttribute("data-status");
      if (status && seen.at(-1) !== status) seen.push(status);
      if (status === "succeeded") break;
      await page.waitForTimeout(150);
    }
    expect(seen).toContain("running");
    expect(seen.at(-1)).toBe("succeeded");
    expect(await row.textContent()).toContain("24 total");
    expect(await page.evaluate(() => (window as unknown as { noReloadMarker?: number }).noReloadMarker)).toBe(
      42,
    );
    await page.screenshot({ path: `${resultsDir}/hub.png`, fullPage: true });

    // The bell counts the queued and completed notifications and links to the run.
    const bell = page.getByTestId("notifications-bell");
    await expect.poll(() => bell.getAttribute("aria-label"), { timeout: 10_000 }).toMatch(/[1-9]\d* unread/);
    await bell.click();
    await page.getByRole("dialog", { name: "Notifications" }).getByRole("button").first().click();
    await page.waitForURL((url) => url.pathname.endsWith(`/runs/${runId}`));
    await page.getByTestId("orchestration-status").getByText("Completed").waitFor();
    expect(await page.locator('[data-step="completed"]').getAttribute("data-done")).toBe("true");
    expect(await page.locator('[data-count="succeeded"]').textContent()).toContain("24");
    expect(await page.evaluate(() => (window as unknown as { noReloadMarker?: number }).noReloadMarker)).toBe(
      42,
    );
  });

  it("polls while visible and makes no API request while the tab is hidden", async () => {
    await signInAs("Rita Readonly");
    await page.locator(`[data-run-id="${partialRunId}"]`).waitFor();
    const requests: string[] = [];
    const onRequest = (req: { url(): string }): void => {
      if (new URL(req.url()).pathname.startsWith("/api/")) requests.push(req.url());
    };
    page.on("request", onRequest);
    await page.evaluate(() => {
      Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
      document.dispatchEvent(new Event("visibilitychange"));
    });
    await page.waitForTimeout(5_000);
    const whileHidden = requests.length;
    await page.evaluate(() => {
      Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "visible" });
      document.dispatchEvent(new Event("visibilitychange"));
    });
    await expect.poll(() => requests.length, { timeout: 5_000 }).toBeGreaterThan(0);
    page.off("request", onRequest);
    expect(whileHidden).toBe(0);
  });

  it("opens a partially succeeded run with 2,000 failures grouped by reason code, paged", async () => {
    await signInAs("Oscar Operator");
    // Opened from the hub, as operators do: click → fetch the run (10,000 items, 2,000 failures) → render.
    const link = page.locator(`[data-run-id="${partialRunId}"]`).getByRole("link");
    await link.waitFor();
    const started = Date.now();
    await link.click();
    const table = page.getByTestId("failures-table");
    await table.locator("tbody tr").first().waitFor();
    const openMs = Date.now() - started;
    process.stdout.write(
      `${JSON.stringify({ metric: "run_detail_2000_failures_open_ms", value: openMs })}\n`,
    );
    // Goal ≈ 1 s; the bound leaves room for a loaded 2-core CI machine.
    expect(openMs).toBeLessThan(3_000);
    expect(await page.locator('[data-reason-code="graph_throttled"]').textContent()).toContain("1,200");
    expect(await page.locator('[data-reason-code="graph_not_found"]').textContent()).toContain("500");
    expect(await table.locator("tbody tr").count()).toBe(50);
    await page.locator('[data-reason-code="group_unmapped"]').click();
    await page.getByText("300 shown").waitFor();
    await page.getByText("Page 1 of 6").waitFor();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByText("Page 2 of 6").waitFor();
    expect(await table.locator("tbody tr").first().textContent()).toContain("group_unmapped");
    await page.getByRole("button", { name: "Retry failed items" }).click();
    await page.getByRole("dialog").getByText("2,000 items that failed in this run").waitFor();
    await page.screenshot({ path: `${resultsDir}/run-detail-confirm.png` });
    await page.getByRole("button", { name: "Keep as is" }).click();
    await page.screenshot({ path: `${resultsDir}/run-detail.png`, fullPage: true });
  });

  it("walks the restore wizard to a preview and executes it", async () => {
    await signInAs("Oscar Operator", "/w/ws-demo/restore");
    await page
      .getByLabel("Backup set")
      .locator('option[value="bs-tenant-contoso-1"]')
      .waitFor({ state: "attached" });
    await page.getByLabel("Backup set").selectOption("bs-tenant-contoso-1");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByLabel("Target tenant").selectOption("tenant-fabrikam");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByText("Choose items (12 of 12)").waitFor();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByLabel("Skip that assignment and restore the rest").check();
    await page.getByRole("button", { name: "Preview changes" }).click();
    const preview = page.getByTestId("restore-preview");
    await preview.waitFor();
    expect(await preview.locator("tbody tr").count()).toBe(12);
    expect(await page.getByText("Nothing has been written yet").count()).toBe(1);
    // Fabrikam has no "Kiosk devices": unmapped by display name, with the reason.
    const unmapped = preview.locator('[data-reason="missing_in_target"]');
    expect(await unmapped.count()).toBeGreaterThan(0);
    expect(await unmapped.first().textContent()).toBe("! group Kiosk devices: no match in the target");
    await page.screenshot({ path: `${resultsDir}/restore-preview.png`, fullPage: true });

    // An explicit map entry wins over the strategy: map the group by hand and preview again.
    const sent: unknown[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && new URL(r.url()).pathname.endsWith("/restores"))
        sent.push(r.postDataJSON());
    });
    await page.getByRole("button", { name: "Back" }).click();
    await page.getByLabel("Target group id for Kiosk devices").fill("grp-fabrikam-kiosk-ops");
    await page.getByRole("button", { name: "Preview changes" }).click();
    await expect.poll(() => preview.locator("[data-reason]").count()).toBe(0);
    expect(sent[0]).toEqual({
      backupSetId: "bs-tenant-contoso-1",
      targetTenantId: "tenant-fabrikam",
      selectedItemIds: null,
      groupMapping: {
        strategy: "displayName",
        map: { "grp-contoso-kiosk-devices": "grp-fabrikam-kiosk-ops" },
      },
      filterMapping: { strategy: "displayName", map: {} },
      missingTargetPolicy: "skip",
      dryRun: false,
    });
    await page.getByRole("button", { name: /Execute restore of 12 items/ }).click();
    await page.waitForURL(/\/w\/ws-demo\/runs\/run-/);
    await page.getByRole("heading", { name: "Restore" }).waitFor();
  });

  it("readonly sees no start button and disabled actions with the reason; foreign runs are not found", async () => {
    await signInAs("Rita Readonly", "/w/ws-demo/tenants");
    await page.getByRole("table", { name: "Tenants" }).getByText("Contoso").waitFor();
    expect(await page.getByRole("button", { name: /Start backup/ }).count()).toBe(0);
    await page.getByText("Requires the operator role in this workspace.").first().waitFor();
    await page.goto(`${server.url}/w/ws-demo/runs/${partialRunId}`);
    const retry = page.getByRole("button", { name: "Retry failed items" });
    await retry.waitFor();
    expect(await retry.getAttribute("aria-disabled")).toBe("true");
    await page.goto(`${server.url}/w/ws-demo/runs/${foreignRunId}`);
    await page.getByRole("heading", { name: "Not found" }).waitFor();
    expect(await page.textContent("body")).not.toContain("Northwind");
  });

  it("has no serious accessibility violations and fits a narrow screen", async () => {
    await signInAs("Oscar Operator");
    const pages = [
      "/w/ws-demo/runs",
      `/w/ws-demo/runs/${partialRunId}`,
      "/w/ws-demo/tenants",
      "/w/ws-demo/restore",
      "/w/ws-demo/audit",
    ];
    const found: Record<string, unknown[]> = {};
    for (const path of pages) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole("main").locator("h1").first().waitFor();
      await page.waitForTimeout(300);
      const violations = await seriousAxeViolations();
      if (violations.length > 0) found[path] = violations;
    }
    expect(found).toEqual({});
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${server.url}/w/ws-demo/runs`);
    await page.locator(`[data-run-id="${partialRunId}"]`).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: `${resultsDir}/hub-narrow.png`, fullPage: false });
    await page.setViewportSize({ width: 1280, height: 860 });
  });
});
