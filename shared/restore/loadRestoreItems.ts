// The backup items a RestoreRun covers (its selection, or the whole set), in a stable order.
import type { BackupItem } from "../backup/backupDocuments.js";
import type { BackupStore } from "../ports/backupStore.js";
import type { RestoreRun } from "./restoreRun.js";

export async function loadRestoreItems(
  backups: BackupStore,
  run: Pick<RestoreRun, "workspaceId" | "backupSetId" | "selectedItemIds">,
): Promise<BackupItem[]> {
  const items: BackupItem[] = [];
  let continuation: string | null = null;
  do {
    const page = await backups.listItems(run.workspaceId, run.backupSetId, 500, continuation);
    items.push(...page.items);
    continuation = page.continuation;
  } while (continuation !== null);
  const selected = run.selectedItemIds === null ? null : new Set(run.selectedItemIds);
  return items
    .filter((i) => selected === null || selected.has(i.id))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
