// GET /api/me: the caller and the workspaces (with role and capabilities) it belongs to.
import { meSchema, type Me } from "../domain/contracts.js";
import { getJson } from "./http.js";

export const meService = {
  get(): Promise<Me> {
    return getJson("/me", meSchema);
  },
};
