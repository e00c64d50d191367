// Tenants of the current workspace, for names and pickers (reloaded when the workspace changes).
import { useEffect, useState } from "react";

import type { TenantSummary } from "../domain/contracts.js";
import { tenantsService } from "../services/tenantsService.js";

export function useTenants(workspaceId: string): {
  tenants: TenantSummary[];
  nameOf: (id: string | null) => string;
} {
  const [tenants, setTenants] = useState<TenantSummary[]>([]);
  useEffect(() => {
    let live = true;
    tenantsService.list(workspaceId).then(
      (items) => {
        if (live) setTenants(items);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [workspaceId]);
  const nameOf = (id: string | null): string =>
    id === null ? "Workspace" : (tenants.find((t) => t.id === id)?.displayName ?? id);
  return { tenants, nameOf };
}
