// Secrets never leak, on the whole local stack: canaries (an opaque token, an Entra-shaped client secret, an
// e-mail, a JWT, and the Graph app's real client secret of this run) are planted in Graph error bodies (403,
// 500, 400, 429 and 503 faults) and in exception messages (Cosmos answering 503 with them), and sent as API
// input. After backups and a restore that hit those failures, everything written is scanned: every Cosmos
// container (runs, audits, notifications, restores, backups, directory...), every API answer, the output of
// the host process and the telemetry the host sent to a local Application Insights ingestion endpoint.
import { rmSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type ChaosStack, startChaosStack } from "../support/chaosStack.js";
import type { Json } from "../support/graphSim.js";
import { IngestionCollector } from "../telemetry/ingestionCollector.js";
import { findLeaks, makeCanaries, plantedText } from "./canaries.js";

const canaries = makeCanaries();
const planted = plantedText(canaries);
const figures: Record<string, unknown> = {};
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let stack: ChaosStack;
let collector: IngestionCollector;
let dir = "";
let ws = "";

beforeAll(async () => {
  collector = await IngestionCollector.start();
  dir = mkdtempSync(path.join(tmpdir(), "secrets-"));
  const caFile = path.join(dir, "collector-ca.pem");
  writeFileSync(caFile, collector.ca);
  stack = await startChaosStack({
    graphClientSecret: canaries.graphAppSecret,
    hostEnv: {
      APPLICATIONINSIGHTS_CONNECTION_STRING: collector.connectionString,
      // The host trusts the local collector's self-signed certificate; nothing else changes.
      NODE_EXTRA_CA_CERTS: caFile,
      APPLICATIONINSIGHTS_STATSBEAT_DISABLED: "true",
      APPLICATIONINSIGHTS_SDKSTATS_DISABLED: "true",
    },
  });
  ws = `/api/workspaces/${stack.workspaceId}`;
}, 240_000);
afterAll(async () => {
  console.log(JSON.stringify({ secrets: figures }));
  await stack.stop();
  await collector.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function fault(spec: Record<string, unknown>): Promise<void> {
  const res = await stack.sim.admin("POST", "faults", { plantedText: planted, ...spec });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

async function waitCompleted(runId: string, timeoutMs = 150_000): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await stack.api("GET", `${ws}/runs/${runId}`);
    if (res.status === 200 && res.body.run.status === "completed") return res.body.run;
    if (Date.now() > deadline) throw new Error(`run ${runId} not completed: ${res.text}`);
    await sleep(500);
  }
}

async function allDocuments(): Promise<{ where: string; text: string }[]> {
  const texts: { where: string; text: string }[] = [];
  for (const [name, container] of Object.entries(stack.cosmos.containers)) {
    const { resources } = await container.items.query<Json>("SELECT * FROM c").fetchAll();
    for (const doc of resources)
      texts.push({ where: `cosmos ${name} ${String(doc.id)}`, text: JSON.stringify(doc) });
  }
  return texts;
}

describe("secrets planted in failures never leak", () => {
  it("no canary in Cosmos, API answers, host logs or telemetry after a suite of failing work", async () => {
    const [contoso, fabrikam] = stack.tenants;
    if (contoso === undefined || fabrikam === undefined) throw new Error("demo tenants");

    // Backups of both tenants, failing and retrying with canaries in every Graph error body.
    await fault({ pathPattern: "deviceManagementScripts", tenantId: contoso.externalId, status: 403 });
    await fault({
      pathPattern: "deviceCompliancePolicies",
      tenantId: contoso.externalId,
      status: 500,
      maxHits: 2,
    });
    await fault({ tenantId: contoso.externalId, status: 429, retryAfterSeconds: 0, maxHits: 3 });
    await fault({ tenantId: fabrikam.externalId, status: 503, maxHits: 3 });
    await fault({ tenantId: fabrikam.externalId, status: 400, pathPattern: "assignments$", maxHits: 2 });
    const backups: Json[] = [];
    for (const t of [contoso, fabrikam]) {
      const res = await stack.api("POST", `${ws}/tenants/${t.id}/backups`, {});
      expect(res.status, res.text).toBe(202);
      backups.push(res.body);
    }
    // Exceptions carrying canaries: Cosmos answers 503 with them while the backups write.
    stack.cosmosProxy.open({ status: 503, rate: 1, maxHits: 6, plantedText: planted });
    const backupRuns = await Promise.all(backups.map((b) => waitCompleted(String(b.run.id))));
    stack.cosmosProxy.clear();
    figures.backup_outcomes = backupRuns.map((r) => r.outcome);
    expect(backupRuns[0].outcome, JSON.stringify(backupRuns[0])).toBe("partially_succeeded");
    const reasons = (backupRuns[0].failureSummary as Json[]).map((f) => String(f.reasonCode));
    expect(reasons).toContain("graph_forbidden");

    // A restore whose Graph writes fail with canaries in the error bodies.
    await stack.sim.admin("DELETE", "faults");
    await fault({
      tenantId: fabrikam.externalId,
      method: "POST",
      pathPattern: "/assign$",
      status: 500,
      maxHits: 2,
    });
    await fault({
      tenantId: fabrikam.externalId,
      method: "POST",
      pathPattern: "/assign$",
      status: 400,
      maxHits: 1,
    });
    const created = await stack.api("POST", `${ws}/restores`, {
      backupSetId: backups[0].backupSetId,
      targetTenantId: fabrikam.id,
      groupMapping: { strategy: "displayName" },
      filterMapping: { strategy: "displayName" },
      missingTargetPolicy: "skip",
    });
    expect(created.status, created.text).toBe(201);
    const restoreId = String(created.body.id);
    const executed = await stack.api("POST", `${ws}/restores/${restoreId}/execute`);
    expect(executed.status, executed.text).toBe(202);
    stack.cosmosProxy.open({ status: 503, rate: 0.5, maxHits: 4, plantedText: planted });
    const restoreRun = await waitCompleted(String(executed.body.run.id));
    stack.cosmosProxy.clear();
    const faultsHit = ((await stack.sim.admin("GET", "faults")).body.value as Json[]).map((f) => f.hits);
    await stack.sim.admin("DELETE", "faults");
    figures.restore_outcome = restoreRun.outcome;
    figures.cosmos_faults = { ...stack.cosmosProxy.faulted };
    const restore = await stack.api("GET", `${ws}/restores/${restoreId}`);
    const failedItems = (restore.body.results as Json[]).filter((r) => r.action === "failed");
    figures.restore_failed_items = failedItems.length;
    expect(failedItems.length).toBeGreaterThan(0);
    // The planted text did reach the app: what it kept of the Graph error body is the redacted form.
    const kept = [...(backupRuns[0].failureSummary as Json[]), ...failedItems].map((f) => String(f.message));
    figures.kept_messages = kept;
    expect(kept.some((m) => /\[(redacted|jwt|email|payload)\]/.test(m))).toBe(true);
    expect(faultsHit.every((h) => Number(h) > 0)).toBe(true);
    expect(stack.cosmosProxy.faulted["503"]).toBeGreaterThan(0);

    // Canaries as API input: ids, filters, bodies, a forged bearer token. Refused without an echo.
    const probes: [string, string, unknown?][] = [
      ["GET", `${ws}/runs/${encodeURIComponent(canaries.jwt)}`],
      ["GET", `${ws}/runs?initiator=${encodeURIComponent(canaries.email)}`],
      ["GET", `${ws}/audit?action=${encodeURIComponent(canaries.token)}`],
      ["POST", `${ws}/tenants/${contoso.id}/backups`, { policyTypes: [canaries.clientSecret] }],
      ["POST", `${ws}/restores`, { backupSetId: canaries.token, targetTenantId: canaries.email }],
      ["POST", `${ws}/restores`, { backupSetId: 7, targetTenantId: { secret: canaries.graphAppSecret } }],
      ["GET", `${ws}/backup-sets/${encodeURIComponent(canaries.clientSecret)}`],
      ["GET", `/api/workspaces/${encodeURIComponent(canaries.email)}/runs`],
    ];
    const probeStatuses: number[] = [];
    for (const [method, url, body] of probes) probeStatuses.push((await stack.api(method, url, body)).status);
    const forged = await fetch(`${stack.host().url}${ws}/runs`, {
      headers: { authorization: `Bearer ${canaries.jwt}` },
    });
    const forgedText = await forged.text();
    stack.apiBodies.push(forgedText);
    probeStatuses.push(forged.status);
    figures.probe_statuses = probeStatuses;
    expect(probeStatuses.every((s) => (s >= 400 && s < 500) || s === 200)).toBe(true);
    expect(forged.status).toBe(401);

    // Everything an operator can read back through the API.
    const runs = (await stack.api("GET", `${ws}/runs?limit=100`)).body.items as Json[];
    for (const r of runs) await stack.api("GET", `${ws}/runs/${String(r.id)}`);
    await stack.api("GET", `${ws}/audit?limit=200`);
    await stack.api("GET", `${ws}/notifications?limit=100`);
    await stack.api("GET", `${ws}/restores/${restoreId}/preview`);
    for (const b of backups) {
      await stack.api("GET", `${ws}/backup-sets/${String(b.backupSetId)}`);
      await stack.api("GET", `${ws}/backup-sets/${String(b.backupSetId)}/items?limit=100`);
    }

    // Telemetry: wait for the host's exporter to deliver (it batches), until nothing new arrives for a while.
    const deadline = Date.now() + 90_000;
    let seen = -1;
    while (
      Date.now() < deadline &&
      (collector.envelopes.length === 0 || collector.envelopes.length !== seen)
    ) {
      seen = collector.envelopes.length;
      await sleep(6_000);
    }
    await stack.host().stop();
    figures.telemetry_envelopes = collector.envelopes.length;
    expect(collector.envelopes.length).toBeGreaterThan(0);

    const documents = await allDocuments();
    const texts = [
      ...documents,
      ...stack.apiBodies.map((text, i) => ({ where: `api answer ${String(i)}`, text })),
      ...stack.hostOutput().map((text, i) => ({ where: `host log line ${String(i)}`, text })),
      ...collector.bodies.map((text, i) => ({ where: `telemetry request ${String(i)}`, text })),
    ];
    figures.scanned = {
      cosmos_documents: documents.length,
      api_answers: stack.apiBodies.length,
      host_log_lines: stack.hostOutput().length,
      telemetry_requests: collector.bodies.length,
    };
    // The scanner finds every canary in the planted text itself (so a clean scan means something).
    const control = findLeaks(canaries, [{ where: "planted", text: planted }]);
    expect(control.map((l) => l.canary).sort()).toEqual(Object.keys(canaries).sort());
    const leaks = findLeaks(canaries, texts);
    figures.leaks = leaks.length;
    expect(leaks).toEqual([]);
  }, 420_000);
});
