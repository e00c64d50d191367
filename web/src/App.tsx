// Routes and session bootstrap: SWA principal → /api/me → workspace routes under /w/{workspaceId}.
import { Spinner } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { Navigate, Route, Routes, useParams } from "react-router-dom";

import { AppShell } from "./components/AppShell.js";
import { NotFoundView } from "./components/NotFoundView.js";
import { ProblemBar } from "./components/ProblemBar.js";
import { SessionContext, WorkspaceContext, useSession, type Session } from "./hooks/session.js";
import { AuditPage } from "./pages/AuditPage.js";
import { HubPage } from "./pages/HubPage.js";
import { RestoreWizardPage } from "./pages/RestoreWizardPage.js";
import { RunDetailPage } from "./pages/RunDetailPage.js";
import { SignInPage } from "./pages/SignInPage.js";
import { TenantBackupsPage } from "./pages/TenantBackupsPage.js";
import { TenantsPage } from "./pages/TenantsPage.js";
import { authService } from "./services/authService.js";
import { ApiError } from "./services/http.js";
import { meService } from "./services/meService.js";

function WorkspaceRoutes() {
  const { workspaceId = "" } = useParams();
  const { me } = useSession();
  const access = me.workspaces.find((w) => w.workspaceId === workspaceId);
  if (!access) {
    // Not a member (or no such workspace): the same "not found" either way.
    return (
      <main>
        <NotFoundView what="workspace" />
      </main>
    );
  }
  return (
    <WorkspaceContext.Provider value={access}>
      <AppShell>
        <Routes>
          <Route path="runs" element={<HubPage />} />
          <Route path="runs/:runId" element={<RunDetailPage />} />
          <Route path="tenants" element={<TenantsPage />} />
          <Route path="tenants/:tenantId" element={<TenantBackupsPage />} />
          <Route path="tenants/:tenantId/backup-sets/:backupSetId" element={<TenantBackupsPage />} />
          <Route path="restore" element={<RestoreWizardPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="" element={<Navigate to="runs" replace />} />
          <Route path="*" element={<NotFoundView />} />
        </Routes>
      </AppShell>
    </WorkspaceContext.Provider>
  );
}

function Home() {
  const { me } = useSession();
  const first = me.workspaces[0];
  if (!first) return <SignInPage reason="no-workspace" />;
  return <Navigate to={`/w/${encodeURIComponent(first.workspaceId)}/runs`} replace />;
}

export function App() {
  const [state, setState] = useState<{ session?: Session; signedOut?: boolean; error?: unknown }>({});
  useEffect(() => {
    let live = true;
    (async () => {
      const principal = await authService.me();
      if (!principal) return { signedOut: true };
      const me = await meService.get();
      // The API does not repeat the display name; SWA's userDetails is it.
      const name = me.principal.name || principal.userDetails;
      return { session: { principal, me: { ...me, principal: { ...me.principal, name } } } };
    })().then(
      (s) => {
        if (live) setState(s);
      },
      (error: unknown) => {
        if (live)
          setState(error instanceof ApiError && error.status === 401 ? { signedOut: true } : { error });
      },
    );
    return () => {
      live = false;
    };
  }, []);

  if (state.signedOut) return <SignInPage />;
  if (state.error) return <ProblemBar error={state.error} />;
  if (!state.session) return <Spinner label="Signing in" style={{ marginTop: "20vh" }} />;
  return (
    <SessionContext.Provider value={state.session}>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/w/:workspaceId/*" element={<WorkspaceRoutes />} />
        <Route
          path="*"
          element={
            <main>
              <NotFoundView />
            </main>
          }
        />
      </Routes>
    </SessionContext.Provider>
  );
}
