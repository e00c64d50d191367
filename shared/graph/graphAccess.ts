// Composition of the Graph access layer: per tenant a token provider, the shared budget, a transport and one
// service per policy type. Built once per process from settings (or from explicit options in tests).
import { readFileSync } from "node:fs";
import type { Settings } from "../config/settings.js";
import { createPolicyService, type PolicyService } from "./policyService.js";
import { GraphTransport } from "./graphTransport.js";
import { policyTypes, type PolicyTypeKey } from "./policyTypes.js";
import { defaultRetryOptions, type RetryOptions } from "./retryPolicy.js";
import { TenantBudgets, intuneAppLimits, type BudgetLimits } from "./tenantBudget.js";
import { createTenantCredential, type GraphCredentialConfig } from "./tenantCredential.js";
import { TenantTokenProvider } from "./tenantTokenProvider.js";

export interface GraphAccessOptions {
  /** Graph origin, e.g. https://graph.microsoft.com (the simulator's URL locally). */
  baseUrl: string;
  credential: GraphCredentialConfig;
  budget?: BudgetLimits;
  retry?: Partial<RetryOptions>;
}

export interface TenantGraph {
  tenantId: string;
  transport: GraphTransport;
  tokens: TenantTokenProvider;
  service(type: PolicyTypeKey): PolicyService;
  services: ReadonlyMap<PolicyTypeKey, PolicyService>;
}

export class GraphAccess {
  private readonly budgets: TenantBudgets;
  private readonly tenants = new Map<string, TenantGraph>();
  private readonly retry: RetryOptions;

  constructor(readonly options: GraphAccessOptions) {
    this.budgets = new TenantBudgets(options.budget ?? intuneAppLimits);
    this.retry = { ...defaultRetryOptions, ...(options.retry ?? {}) };
  }

  forTenant(tenantId: string): TenantGraph {
    const existing = this.tenants.get(tenantId);
    if (existing !== undefined) return existing;
    const tokens = new TenantTokenProvider(() => createTenantCredential(tenantId, this.options.credential));
    const transport = new GraphTransport({
      baseUrl: this.options.baseUrl,
      budget: this.budgets.for(tenantId),
      tokens,
      retry: this.retry,
    });
    const services = new Map(policyTypes.map((t) => [t.key, createPolicyService(t, transport)]));
    const tenant: TenantGraph = {
      tenantId,
      transport,
      tokens,
      services,
      service: (type) => {
        const s = services.get(type);
        if (s === undefined) throw new Error(`unknown policy type ${type}`);
        return s;
      },
    };
    this.tenants.set(tenantId, tenant);
    return tenant;
  }
}

/**
 * From validated settings. GRAPH_AUTHORITY_CA_FILE (or `extra.authorityCaPem`) trusts the local simulator's
 * self-signed certificate for the authority host only; read once at start-up.
 */
export function graphAccessFromSettings(
  settings: Settings,
  extra: { authorityCaPem?: string } = {},
): GraphAccess {
  const caFile = settings.GRAPH_AUTHORITY_CA_FILE;
  const authorityCaPem =
    extra.authorityCaPem ?? (caFile === undefined ? undefined : readFileSync(caFile, "utf8"));
  return new GraphAccess({
    baseUrl: settings.GRAPH_BASE_URL,
    budget: {
      ...intuneAppLimits,
      requestsPerWindow: settings.GRAPH_TENANT_REQUESTS_PER_20S,
      writesPerWindow: settings.GRAPH_TENANT_WRITES_PER_20S,
    },
    credential: {
      mode: settings.GRAPH_CREDENTIAL_MODE,
      clientId: settings.GRAPH_CLIENT_ID,
      clientSecret: settings.GRAPH_CLIENT_SECRET,
      federatedIdentityClientId: settings.GRAPH_FEDERATED_IDENTITY_CLIENT_ID,
      authorityHost: settings.GRAPH_AUTHORITY_HOST,
      authorityCaPem,
    },
  });
}
