// The Static Web Apps client principal: what `/.auth/me` answers and what `x-ms-client-principal` carries.
import { z } from "zod";

export const clientPrincipalSchema = z.object({
  identityProvider: z.string().min(1).max(50),
  userId: z.string().min(1).max(200),
  userDetails: z.string().min(1).max(200),
  userRoles: z.array(z.string().min(1).max(100)).max(50),
});
export type ClientPrincipal = z.infer<typeof clientPrincipalSchema>;

/** The header value SWA forwards to the API: base64 of the principal's JSON. */
export function encodeClientPrincipal(principal: ClientPrincipal): string {
  return Buffer.from(JSON.stringify(principal), "utf8").toString("base64");
}

/** Parses a header value; undefined when absent or malformed. */
export function decodeClientPrincipal(value: string | undefined): ClientPrincipal | undefined {
  if (value === undefined || value === "") return undefined;
  try {
    const json: unknown = JSON.parse(Buffer.from(value, "base64").toString("utf8"));
    const parsed = clientPrincipalSchema.safeParse(json);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Every signed-in SWA user has these built-in roles; custom roles come on top. */
export function withBuiltInRoles(roles: readonly string[]): string[] {
  return [...new Set(["anonymous", "authenticated", ...roles])];
}
