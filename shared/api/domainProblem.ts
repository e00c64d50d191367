// Maps the domain's and the store's typed errors to problem+json: validation → 400 naming the field,
// not found → 404, illegal transitions and lost races → 409, store outages → 503. Messages of the
// domain are already sanitized; store messages are not returned (they name internal actions).
import { DomainError } from "../domain/errors.js";
import { dependencyUnavailable, HttpProblem, internalError } from "../http/httpProblem.js";

export function domainProblem(error: unknown): HttpProblem | null {
  if (!(error instanceof DomainError)) return null;
  switch (error.kind) {
    case "validation":
      return new HttpProblem(400, "validation", "The request is invalid.", [
        { field: error.field ?? "request", message: error.message.slice(0, 200) },
      ]);
    case "not_found":
      return new HttpProblem(404, "not-found", "The resource was not found.");
    case "illegal_transition":
      return new HttpProblem(409, "illegal-transition", "The resource's state does not allow this.");
    case "conflict":
      return new HttpProblem(409, "conflict", "A concurrent change won. Retry the request.");
    case "store":
      return error.reasonCode === "store_unavailable" ? dependencyUnavailable() : internalError();
  }
}
