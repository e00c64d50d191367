// The signed-in session: SWA principal, the API's view of the user (/api/me) and the current workspace.
import { createContext, useContext } from "react";

import type { Me, WorkspaceAccess } from "../domain/contracts.js";
import type { SwaPrincipal } from "../services/authService.js";

export interface Session {
  principal: SwaPrincipal;
  me: Me;
}

export const SessionContext = createContext<Session | undefined>(undefined);
export const WorkspaceContext = createContext<WorkspaceAccess | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside a signed-in session");
  return session;
}

export function useWorkspace(): WorkspaceAccess {
  const ws = useContext(WorkspaceContext);
  if (!ws) throw new Error("useWorkspace outside a workspace route");
  return ws;
}
