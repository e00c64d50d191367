// Who is calling: a dashboard user (Static Web Apps auth) or an external system (Entra bearer token).
import type { Role } from "../domain/directory.js";

export interface Principal {
  kind: "user" | "app";
  /**
   * Matches Membership.userId: the SWA userId, the Entra object id of a delegated user, or the client
   * (application) id of an app calling with its own token.
   */
  id: string;
  source: "client-principal" | "bearer";
  /** For apps: the highest role its app roles grant (null: none). Users are limited by membership only. */
  appRoleCeiling: Role | null;
}

/**
 * App roles an external system's token may carry (the API app registration defines them), and the
 * workspace role each one allows at most. An app still needs a membership (userId = its client id) in a
 * workspace; its effective role there is the lower of the membership's role and this ceiling.
 */
export const appRoleCeilings: Readonly<Record<string, Role>> = {
  "Workspace.Read": "readonly",
  "Runs.Operate": "operator",
  "Workspace.Manage": "owner",
};
