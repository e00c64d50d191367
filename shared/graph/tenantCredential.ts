// Credentials per customer tenant via @azure/identity: a client secret (locally against the simulator's
// authority), or in Azure a managed identity federated to the multi-tenant app registration.
import {
  ClientAssertionCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from "@azure/identity";

export interface GraphCredentialConfig {
  mode: "client_secret" | "managed_identity_federated";
  clientId: string;
  clientSecret?: string | undefined;
  federatedIdentityClientId?: string | undefined;
  /** Entra authority host; must be https (MSAL refuses others). */
  authorityHost: string;
  /** PEM to trust for the authority only (the simulator's self-signed certificate). */
  authorityCaPem?: string | undefined;
}

const publicAuthorities = [
  "https://login.microsoftonline.com",
  "https://login.microsoftonline.us",
  "https://login.chinacloudapi.cn",
];

export function createTenantCredential(tenantId: string, c: GraphCredentialConfig): TokenCredential {
  const authorityHost = c.authorityHost.replace(/\/+$/, "");
  const options = {
    authorityHost,
    // Instance discovery asks login.microsoftonline.com about the authority: off for any other host.
    disableInstanceDiscovery: !publicAuthorities.includes(authorityHost),
    ...(c.authorityCaPem === undefined ? {} : { tlsOptions: { ca: c.authorityCaPem } }),
  };
  if (c.mode === "client_secret") {
    if (c.clientSecret === undefined)
      throw new Error("GRAPH_CLIENT_SECRET is required for client_secret mode");
    return new ClientSecretCredential(tenantId, c.clientId, c.clientSecret, options);
  }
  if (c.federatedIdentityClientId === undefined) {
    throw new Error("GRAPH_FEDERATED_IDENTITY_CLIENT_ID is required for managed_identity_federated mode");
  }
  const managedIdentity = new ManagedIdentityCredential({ clientId: c.federatedIdentityClientId });
  return new ClientAssertionCredential(
    tenantId,
    c.clientId,
    async () => {
      const token = await managedIdentity.getToken("api://AzureADTokenExchange/.default");
      return token.token;
    },
    options,
  );
}
