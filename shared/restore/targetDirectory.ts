// Lookup of the target tenant's groups or filters by id and by display name (names may repeat).
import type { DirectoryObject } from "../ports/policyGraph.js";

export interface TargetDirectory {
  byId: ReadonlyMap<string, DirectoryObject>;
  /** Every object per exact display name; more than one means the name is ambiguous. */
  byName: ReadonlyMap<string, readonly DirectoryObject[]>;
}

export function targetDirectory(objects: readonly DirectoryObject[]): TargetDirectory {
  const byId = new Map<string, DirectoryObject>();
  const byName = new Map<string, DirectoryObject[]>();
  for (const object of objects) {
    const key = object.id.toLowerCase();
    if (byId.has(key)) continue;
    byId.set(key, object);
    const same = byName.get(object.displayName);
    if (same === undefined) byName.set(object.displayName, [object]);
    else same.push(object);
  }
  return { byId, byName };
}
