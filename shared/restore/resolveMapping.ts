// Maps one source group or filter to the target tenant. Never guesses: a name shared by two target objects
// is unmapped (ambiguous), as is anything the strategy cannot place.
import type { DirectoryReference } from "../assignments/assignmentReferences.js";
import type { ObjectMapping, UnmappedReason } from "./restoreRun.js";
import type { TargetDirectory } from "./targetDirectory.js";

export type MappingResult =
  { mapped: true; targetId: string } | { mapped: false; reason: UnmappedReason; candidates?: number };

export function resolveMapping(
  source: DirectoryReference,
  mapping: ObjectMapping,
  target: TargetDirectory,
): MappingResult {
  const explicit = mapping.map[source.id] ?? mapping.map[source.id.toLowerCase()];
  if (explicit !== undefined) {
    const found = target.byId.get(explicit.toLowerCase());
    return found === undefined
      ? { mapped: false, reason: "explicit_target_missing" }
      : { mapped: true, targetId: found.id };
  }
  switch (mapping.strategy) {
    case "explicit":
      return { mapped: false, reason: "not_in_explicit_map" };
    case "id": {
      const found = target.byId.get(source.id.toLowerCase());
      return found === undefined
        ? { mapped: false, reason: "missing_in_target" }
        : { mapped: true, targetId: found.id };
    }
    case "displayName": {
      if (source.displayName === null) return { mapped: false, reason: "source_name_unknown" };
      const candidates = target.byName.get(source.displayName) ?? [];
      const only = candidates[0];
      if (candidates.length === 1 && only !== undefined) return { mapped: true, targetId: only.id };
      if (candidates.length === 0) return { mapped: false, reason: "missing_in_target" };
      return { mapped: false, reason: "ambiguous_in_target", candidates: candidates.length };
    }
  }
}
