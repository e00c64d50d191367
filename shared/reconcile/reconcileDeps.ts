// Where the reconcile triggers (timer, on-demand route) get their adapters. The composition root calls
// `setReconcileDeps` once; until it does, the first call builds the Cosmos-backed adapters from the
// validated settings of the process environment. The durable client (OrchestrationControl) is bound per
// invocation by the trigger and is therefore not part of these.
import { loadSettings } from "../config/settings.js";
import type { AuditLog } from "../ports/auditLog.js";
import type { Clock } from "../ports/clock.js";
import { systemClock } from "../ports/clock.js";
import type { RunLedger } from "../ports/runLedger.js";
import type { RunRepair, WorkspaceLister } from "../ports/runRepair.js";
import { CosmosRunRepair, CosmosWorkspaceLister } from "../store/CosmosRunRepair.js";
import { createCosmosStore } from "../store/cosmosStore.js";
import { reconcileOptionsFrom, type ReconcileOptions } from "./reconcileOptions.js";

export interface ReconcileAdapters {
  ledger: RunLedger;
  repair: RunRepair;
  workspaces: WorkspaceLister;
  audit: AuditLog;
  clock: Clock;
  options: ReconcileOptions;
}

let adapters: Promise<ReconcileAdapters> | null = null;

/** Wires the adapters (composition root, tests); replaces any earlier ones. */
export function setReconcileDeps(deps: ReconcileAdapters): void {
  adapters = Promise.resolve(deps);
}

export function getReconcileDeps(): Promise<ReconcileAdapters> {
  adapters ??= fromEnvironment().catch((error: unknown) => {
    adapters = null; // a later invocation retries (e.g. Cosmos was briefly unavailable at start)
    throw error;
  });
  return adapters;
}

async function fromEnvironment(): Promise<ReconcileAdapters> {
  const settings = loadSettings(process.env);
  const store = await createCosmosStore(settings);
  return {
    ledger: store.runLedger,
    repair: new CosmosRunRepair(store.containers.runs),
    workspaces: new CosmosWorkspaceLister(store.containers.directory),
    audit: store.auditLog,
    clock: systemClock,
    options: reconcileOptionsFrom(settings),
  };
}
