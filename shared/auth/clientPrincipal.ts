// Static Web Apps' `x-ms-client-principal` header (base64 JSON). Only the platform may set it: the API
// trusts it only when API_TRUST_CLIENT_PRINCIPAL is on (the backend is reachable solely through SWA or the
// local host, which strips a client-supplied header).
import { z } from "zod";

import { HttpProblem } from "../http/httpProblem.js";
import type { Principal } from "./principal.js";

const clientPrincipalSchema = z.object({
  identityProvider: z.string().min(1).max(100),
  userId: z.string().min(1).max(200),
  userRoles: z.array(z.string().max(100)).max(100).default([]),
});

const unauthenticated = (): HttpProblem =>
  new HttpProblem(401, "unauthenticated", "The client principal is not valid.", [
    { field: "header.x-ms-client-principal", message: "is not a valid client principal" },
  ]);

export function parseClientPrincipal(header: string): Principal {
  if (header.length > 16_384) throw unauthenticated();
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(header, "base64").toString("utf8"));
  } catch {
    throw unauthenticated();
  }
  const parsed = clientPrincipalSchema.safeParse(raw);
  if (!parsed.success || !parsed.data.userRoles.includes("authenticated")) throw unauthenticated();
  return { kind: "user", id: parsed.data.userId, source: "client-principal", appRoleCeiling: null };
}
