// The ports restore use-cases need (a subset of what activities get).
import type { BackupStore } from "../ports/backupStore.js";
import type { PolicyGraph } from "../ports/policyGraph.js";
import type { RestoreStore } from "../ports/restoreStore.js";

export interface RestorePorts {
  backups: BackupStore;
  restores: RestoreStore;
  graph: PolicyGraph;
}
