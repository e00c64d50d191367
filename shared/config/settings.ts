// One zod schema for every setting the app reads. A bad or missing setting stops start-up with one line
// naming it; secrets never get a silent default.
import { z } from "zod";

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const positiveInt = z.coerce.number().int().positive();

/** Six-field NCRONTAB: {second} {minute} {hour} {day} {month} {day-of-week}. */
const ncrontab = z
  .string()
  .trim()
  .refine((v) => v.split(/\s+/).length === 6, "must be a 6-field NCRONTAB expression");

export const settingsSchema = z
  .object({
    /** Storage for the Functions host and the Durable task hub (connection string, or use identity in Azure). */
    AzureWebJobsStorage: z.string().min(1).optional(),
    AzureWebJobsStorage__accountName: z.string().min(1).optional(),
    /** Cosmos DB account endpoint. */
    COSMOS_ENDPOINT: z.url(),
    /** Cosmos DB key; absent means Entra ID (managed identity) auth. Never defaulted. */
    COSMOS_KEY: z.string().min(1).optional(),
    /** Cosmos DB database name. */
    COSMOS_DATABASE: z.string().min(1).default("intune-ops"),
    /** Local only: accept the local Cosmos server's self-signed certificate. */
    COSMOS_ALLOW_INSECURE_TLS: bool.default(false),
    /** Create the database and containers at start when missing (off in Azure, where Bicep owns them). */
    COSMOS_ENSURE_CONTAINERS: bool.default(true),
    /** Microsoft Graph base URL (the simulator's locally). */
    GRAPH_BASE_URL: z.url().default("https://graph.microsoft.com"),
    /** Entra ID authority host that issues Graph tokens (the simulator's locally). */
    GRAPH_AUTHORITY_HOST: z.url().default("https://login.microsoftonline.com"),
    /** How the app authenticates to customer tenants. */
    GRAPH_CREDENTIAL_MODE: z.enum(["client_secret", "managed_identity_federated"]).default("client_secret"),
    /** Local only: PEM file trusted for the authority host only (the Graph simulator's self-signed TLS). */
    GRAPH_AUTHORITY_CA_FILE: z.string().min(1).optional(),
    /** Multi-tenant app registration (client) id used against customer tenants. */
    GRAPH_CLIENT_ID: z.string().min(1),
    /** Client secret of that app registration; required when GRAPH_CREDENTIAL_MODE=client_secret. */
    GRAPH_CLIENT_SECRET: z.string().min(1).optional(),
    /** Client id of the user-assigned managed identity trusted by the app registration (federated mode). */
    GRAPH_FEDERATED_IDENTITY_CLIENT_ID: z.string().min(1).optional(),
    /**
     * Per customer tenant, Graph requests (and of them writes) the app allows itself per 20 s window, shared
     * by all work for that tenant. Defaults: Intune's documented per-app limits (1,000 / 100); lower them for
     * a tenant shared with other tools.
     */
    GRAPH_TENANT_REQUESTS_PER_20S: positiveInt.default(1000),
    GRAPH_TENANT_WRITES_PER_20S: positiveInt.default(100),
    /** Expected issuer of bearer tokens from external systems (`{tid}` is replaced by the token's tenant). */
    API_AUTH_ISSUER: z.string().min(1),
    /** JWKS URL that signs bearer tokens from external systems. */
    API_AUTH_JWKS_URL: z.url(),
    /** Audience (application ID URI or client id) bearer tokens must carry. */
    API_AUTH_AUDIENCE: z.string().min(1),
    /**
     * Entra tenant ids (comma-separated) whose bearer tokens may call the API: the app's home tenant (and
     * any partner tenant trusted on purpose). A `{tid}` issuer alone accepts every tenant. Absent: bearer
     * tokens are refused.
     */
    API_AUTH_ALLOWED_TENANTS: z
      .string()
      .transform((v) =>
        v
          .split(",")
          .map((t) => t.trim().toLowerCase())
          .filter((t) => t !== ""),
      )
      .pipe(z.array(z.guid("must be a comma-separated list of Entra tenant ids (GUIDs)")).min(1))
      .optional(),
    /** Trust `x-ms-client-principal` only where the platform (SWA / local host) sets it. */
    API_TRUST_CLIENT_PRINCIPAL: bool.default(true),
    /** Durable Functions task hub name (also read by host.json as %DURABLE_TASK_HUB%). */
    DURABLE_TASK_HUB: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9]{2,44}$/, "must be 3-45 letters/digits")
      .default("IntuneOpsHub"),
    /** Cooldown after an assignment job completes during which an identical start is deduped. */
    ASSIGNMENT_COOLDOWN_MINUTES: z.coerce.number().int().min(0).default(15),
    /** NCRONTAB of the reconcile timer. */
    RECONCILE_SCHEDULE: ncrontab.default("0 */5 * * * *"),
    /** Minutes a queued run may exist without its orchestration before reconcile fails it. */
    RECONCILE_GRACE_MINUTES: positiveInt.default(10),
    /** A run older than its type's expected duration times this factor counts as stale. */
    RECONCILE_STALE_FACTOR: positiveInt.default(3),
    /** NCRONTAB of the timer that fires due backup schedules. */
    BACKUP_SCHEDULE_TIMER: ncrontab.default("0 * * * * *"),
    /** Application Insights; telemetry is off when absent. */
    APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().min(1).optional(),
    /** Log verbosity of the app's own logger. */
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  })
  .superRefine((s, ctx) => {
    if (s.GRAPH_CREDENTIAL_MODE === "client_secret" && s.GRAPH_CLIENT_SECRET === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["GRAPH_CLIENT_SECRET"],
        message: "is required when GRAPH_CREDENTIAL_MODE=client_secret",
      });
    }
    if (
      s.GRAPH_CREDENTIAL_MODE === "managed_identity_federated" &&
      s.GRAPH_FEDERATED_IDENTITY_CLIENT_ID === undefined
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["GRAPH_FEDERATED_IDENTITY_CLIENT_ID"],
        message: "is required when GRAPH_CREDENTIAL_MODE=managed_identity_federated",
      });
    }
    if (s.AzureWebJobsStorage === undefined && s.AzureWebJobsStorage__accountName === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["AzureWebJobsStorage"],
        message: "is required (or AzureWebJobsStorage__accountName for identity-based storage)",
      });
    }
  });

export type Settings = z.infer<typeof settingsSchema>;

/** A configuration problem, reported as one line naming the setting. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(
    readonly setting: string,
    detail: string,
  ) {
    super(`Invalid configuration: ${setting} ${detail}`);
  }
}

/** Parses settings from an environment; throws ConfigError naming the first bad setting. */
export function loadSettings(env: Readonly<Record<string, string | undefined>>): Settings {
  const input: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== "") input[key] = value;
  }
  const parsed = settingsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const setting = issue?.path.map(String).join(".") || "(settings)";
  const detail =
    issue === undefined
      ? "is invalid"
      : issue.code === "invalid_type" && input[setting] === undefined
        ? "is missing"
        : issue.message;
  throw new ConfigError(setting, detail);
}
