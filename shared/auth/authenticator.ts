// Finds the principal of a request: a bearer token when one is sent, else the platform's client principal
// when trusted. No credentials → null (the route decides whether that is allowed).
import { HttpProblem } from "../http/httpProblem.js";
import type { BearerTokenVerifier } from "./bearerTokenVerifier.js";
import { invalidToken } from "./bearerTokenVerifier.js";
import { parseClientPrincipal } from "./clientPrincipal.js";
import type { Principal } from "./principal.js";

export class Authenticator {
  constructor(
    private readonly bearer: BearerTokenVerifier,
    private readonly trustClientPrincipal: boolean,
  ) {}

  async authenticate(headers: Readonly<Record<string, string>>): Promise<Principal | null> {
    const authorization = headers["authorization"];
    if (authorization !== undefined) {
      const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim());
      if (match?.[1] === undefined) throw invalidToken();
      return this.bearer.verify(match[1]);
    }
    const clientPrincipal = headers["x-ms-client-principal"];
    if (clientPrincipal !== undefined && this.trustClientPrincipal)
      return parseClientPrincipal(clientPrincipal);
    return null;
  }
}

export const authenticationRequired = (): HttpProblem =>
  new HttpProblem(401, "unauthenticated", "Sign in, or send an Entra ID bearer token.", [], {
    "www-authenticate": 'Bearer realm="api"',
  });
