// The one capability check every workspace endpoint goes through. Not a member → 404 (the workspace's
// existence is not revealed); a member whose role lacks the capability → 403.
import type { Membership, Role } from "../domain/directory.js";
import type { DirectoryStore } from "../ports/directoryStore.js";
import type { Initiator } from "../ports/runLedger.js";
import { HttpProblem, notFound } from "../http/httpProblem.js";
import { type Capability, lowerRole, roleHasCapability } from "./capabilities.js";
import type { Principal } from "./principal.js";

export interface WorkspaceAccess {
  workspaceId: string;
  principal: Principal;
  membership: Membership;
  /** Role after capping an app by its app roles; null when the app holds no app role at all. */
  role: Role | null;
  /** Who to record on runs and audit entries (display name from the directory, never an e-mail). */
  initiator: Initiator;
}

export function effectiveRole(principal: Principal, membership: Membership): Role | null {
  if (principal.kind === "user") return membership.role;
  return principal.appRoleCeiling === null ? null : lowerRole(membership.role, principal.appRoleCeiling);
}

export async function authorize(
  directory: DirectoryStore,
  principal: Principal,
  workspaceId: string,
  capability: Capability,
): Promise<WorkspaceAccess> {
  const membership = await directory.getMembership(workspaceId, principal.id);
  if (membership === null) throw notFound("The workspace");
  const role = effectiveRole(principal, membership);
  if (role === null || !roleHasCapability(role, capability)) {
    throw new HttpProblem(403, "forbidden", `Your role in this workspace does not allow ${capability}.`);
  }
  return {
    workspaceId,
    principal,
    membership,
    role,
    initiator: { userId: principal.id, name: membership.displayName },
  };
}
