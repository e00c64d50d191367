// Narrowing of Cosmos SDK errors by status code, shared by the notification and idempotency stores.
export function cosmosStatus(error: unknown): number | null {
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "number") {
    return error.code;
  }
  return null;
}
