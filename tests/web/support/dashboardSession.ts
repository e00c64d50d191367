// Browser helpers for the dashboard tests: sign in through the SWA dev login, run axe, talk to the Graph
// simulator's admin API of the real stack, and seed runs through the real ledger store.
import { readFileSync } from "node:fs";

import type { BrowserContext, Page } from "playwright-core";

import { LOCAL_COSMOS_KEY } from "../../../local/cosmos/startCosmosServer.js";
import { createCosmosStore, type CosmosStore } from "../../../shared/store/cosmosStore.js";
import type { RealStack } from "./realStack.js";
import { webDir } from "./webBuild.js";

const axeSource = readFileSync(`${webDir}/node_modules/axe-core/axe.min.js`, "utf8");

/** Signs in through the front door's 401 redirect and the dev login page, then lands on `path`. */
export async function signInAs(
  page: Page,
  context: BrowserContext,
  baseUrl: string,
  userDetails: string,
  path: string,
): Promise<void> {
  await context.clearCookies();
  await page.goto(`${baseUrl}${path}`);
  await page.waitForURL(/\/\.auth\/login\/aad/);
  await page.getByLabel(new RegExp(userDetails)).check();
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname === path);
}

export interface AxeViolation {
  id: string;
  impact: string;
  nodes: number;
  targets: string[];
  html: string[];
  why: string[];
}

/** axe-core's serious and critical violations on the current page. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // Contrast is judged on the settled page: a button still fading in (Fluent's transitions) is measured
  // half-transparent otherwise, a false failure that depends on timing.
  await page.addStyleTag({
    content: "*, *::before, *::after { transition: none !important; animation: none !important; }",
  });
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: object) => Promise<unknown> } }).axe;
    // Tabster's focus sentinels (<i data-tabster-dummy tabindex=0 aria-hidden>) are how Fluent UI keeps
    // focus order; they hand focus on at once and are a known axe false positive, so they are excluded.
    const context = { include: [["html"]], exclude: [["[data-tabster-dummy]"]] };
    return (await axe.run(context, { resultTypes: ["violations"] })) as {
      violations: {
        id: string;
        impact: string | null;
        nodes: { target: unknown[]; html: string; failureSummary?: string }[];
      }[];
    };
  });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? "",
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)),
      // What a reader of a failing test needs to find the element and the reason.
      html: v.nodes.slice(0, 3).map((n) => n.html.slice(0, 200)),
      why: v.nodes.slice(0, 3).map((n) => (n.failureSummary ?? "").slice(0, 300)),
    }));
}

/** The Graph simulator's admin API (faults) on the real stack. */
export async function simAdmin(
  stack: RealStack,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${stack.simAdminUrl}/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === "" ? null : (JSON.parse(text) as unknown) };
}

/** The app's Cosmos store on the real stack (the same database `npm start` seeded), for ledger seeding. */
export function openStackStore(stack: RealStack): Promise<CosmosStore> {
  return createCosmosStore({
    COSMOS_ENDPOINT: stack.cosmosEndpoint,
    COSMOS_KEY: LOCAL_COSMOS_KEY,
    COSMOS_DATABASE: stack.cosmosDatabase,
    COSMOS_ALLOW_INSECURE_TLS: true,
    COSMOS_ENSURE_CONTAINERS: false,
  });
}

/** Marks the page so a later check can tell it was never reloaded. */
export async function markNoReload(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { noReloadMarker: number }).noReloadMarker = 42;
  });
}

export async function wasNotReloaded(page: Page): Promise<boolean> {
  return (
    (await page.evaluate(() => (window as unknown as { noReloadMarker?: number }).noReloadMarker)) === 42
  );
}
