// The demo workspace shared by the app's seed and the Graph simulator's seeded tenants. Tenant external ids
// are Entra tenant ids (UUID v4); the simulator serves tenants under the same ids.
export const demoWorkspace = { id: "ws-demo", name: "Demo MSP" } as const;

export const demoTenants = [
  { id: "tenant-contoso", externalId: "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f", displayName: "Contoso" },
  { id: "tenant-fabrikam", externalId: "9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", displayName: "Fabrikam" },
] as const;

/** Seeded members, one per role, plus an outsider with no membership (for authorization tests). */
export const demoUsers = [
  { userId: "user-owner", displayName: "Olivia Owner", role: "owner" },
  { userId: "user-operator", displayName: "Oscar Operator", role: "operator" },
  { userId: "user-readonly", displayName: "Rita Readonly", role: "readonly" },
] as const;

export const demoOutsider = { userId: "user-outsider", displayName: "Otto Outsider" } as const;

/** The app registration the app uses against customer tenants (matches local.settings.example.json). */
export const demoGraphApp = {
  clientId: "11111111-1111-4111-8111-111111111111",
  clientSecret: "local-simulator-secret",
} as const;

/** The API's own app registration; external systems get tokens for this audience from the simulator. */
export const demoApiApp = {
  audience: "api://intune-ops-ledger",
  /** A client (external system) allowed to call the API with the Operator app role. */
  externalClient: {
    clientId: "22222222-2222-4222-8222-222222222222",
    clientSecret: "local-external-client-secret",
    roles: ["Runs.Operate"],
  },
} as const;
