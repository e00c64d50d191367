// Maps source groups/filters to a target tenant: by id first (same tenant), then by exact display name;
// reported as mapped or unmapped (missing, or ambiguous when a name matches several objects).
import type { ReasonCode } from "../domain/reasonCodes.js";
import type { DirectoryObject } from "../ports/policyGraph.js";

export interface MappedObject {
  sourceId: string;
  displayName: string;
  targetId: string;
  by: "id" | "displayName";
}

export interface UnmappedObject {
  sourceId: string;
  displayName: string;
  reasonCode: Extract<ReasonCode, "group_unmapped" | "filter_unmapped">;
  why: "missing" | "ambiguous";
}

export interface MappingReport {
  mapped: MappedObject[];
  unmapped: UnmappedObject[];
}

export function mapObjects(
  sources: readonly DirectoryObject[],
  found: readonly DirectoryObject[],
  reasonCode: UnmappedObject["reasonCode"],
): MappingReport {
  const byId = new Map(found.map((o) => [o.id.toLowerCase(), o]));
  const byName = new Map<string, DirectoryObject[]>();
  for (const o of found) byName.set(o.displayName, [...(byName.get(o.displayName) ?? []), o]);
  const report: MappingReport = { mapped: [], unmapped: [] };
  for (const s of sources) {
    const same = byId.get(s.id.toLowerCase());
    if (same !== undefined) {
      report.mapped.push({ sourceId: s.id, displayName: s.displayName, targetId: same.id, by: "id" });
      continue;
    }
    const named = byName.get(s.displayName) ?? [];
    const only = named[0];
    if (named.length === 1 && only !== undefined) {
      report.mapped.push({
        sourceId: s.id,
        displayName: s.displayName,
        targetId: only.id,
        by: "displayName",
      });
    } else {
      report.unmapped.push({
        sourceId: s.id,
        displayName: s.displayName,
        reasonCode,
        why: named.length === 0 ? "missing" : "ambiguous",
      });
    }
  }
  return report;
}
