// Shows a failed API call in operator words: never a raw status code or stack.
import { MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";

import { ApiError } from "../services/http.js";

export function describeProblem(error: unknown): { title: string; detail: string } {
  if (error instanceof ApiError) {
    if (error.status === 401)
      return { title: "Signed out", detail: "Your session ended. Sign in again to continue." };
    if (error.status === 403)
      return {
        title: "Not allowed",
        detail: error.problem.detail ?? "Your role does not allow this action.",
      };
    if (error.status === 404)
      return { title: "Not found", detail: "It does not exist or is not in this workspace." };
    if (error.status === 409) return { title: "Not possible right now", detail: error.problem.detail ?? "" };
    const fields = (error.problem.errors ?? []).map((e) => `${e.field}: ${e.message}`).join("; ");
    return {
      title: error.problem.title ?? "Request failed",
      detail: [error.problem.detail, fields].filter(Boolean).join(" ") || "Try again in a moment.",
    };
  }
  if (error instanceof DOMException && error.name === "AbortError") return { title: "Cancelled", detail: "" };
  return { title: "Connection problem", detail: "The API could not be reached. Retrying…" };
}

export function ProblemBar({ error }: { error: unknown }) {
  const { title, detail } = describeProblem(error);
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {detail}
      </MessageBarBody>
    </MessageBar>
  );
}
