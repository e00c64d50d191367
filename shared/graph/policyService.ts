// One service per policy type behind one interface: list with assignments, get assignments, assign. The type
// table decides URLs, $expand, batching and body keys, so callers never branch on the type.
import { policyAssignmentSchema, type PolicyAssignment } from "../assignments/policyAssignment.js";
import type { ReasonCode } from "../domain/reasonCodes.js";
import { executeBatch, type BatchRequest } from "./batchExecutor.js";
import { GraphRequestError } from "./graphRequestError.js";
import type { GraphTransport } from "./graphTransport.js";
import { asPage, collectRest, pages } from "./pageIterator.js";
import { appProtectionPaths, type PolicyTypeInfo } from "./policyTypes.js";

export interface PolicyRecord {
  id: string;
  displayName: string;
  odataType: string;
  /** The policy as Graph returned it, without `assignments`. */
  payload: Record<string, unknown>;
  /** null: not read yet (the list cannot expand them) or failed (see assignmentsError). */
  assignments: PolicyAssignment[] | null;
  assignmentsError?: { reasonCode: ReasonCode; message: string };
}

export interface PolicyHandle {
  id: string;
  odataType?: string | undefined;
}

export interface PolicyService {
  readonly info: PolicyTypeInfo;
  /** Pages of policies; assignments expanded where the list supports it, else null. */
  list(): AsyncGenerator<PolicyRecord[]>;
  /** Pages of policies with assignments (expanded, or fetched in $batches, failures per item). */
  listWithAssignments(): AsyncGenerator<PolicyRecord[]>;
  /** Assignments of many policies in $batches: one entry per id, an error entry per failed item. */
  fetchAssignments(
    handles: readonly PolicyHandle[],
  ): Promise<Map<string, PolicyAssignment[] | { reasonCode: ReasonCode; message: string }>>;
  getAssignments(policy: PolicyHandle): Promise<PolicyAssignment[]>;
  /** Replaces the whole assignment set with `assignments`. */
  assign(policy: PolicyHandle, assignments: readonly PolicyAssignment[]): Promise<void>;
}

export function parseAssignments(
  raw: readonly unknown[],
): PolicyAssignment[] | { reasonCode: ReasonCode; message: string } {
  const out: PolicyAssignment[] = [];
  for (const item of raw) {
    const parsed = policyAssignmentSchema.safeParse(item);
    if (!parsed.success) {
      const type = (item as { target?: { "@odata.type"?: unknown } } | null)?.target?.["@odata.type"];
      return {
        reasonCode: "validation_failed",
        message: `unsupported assignment target ${typeof type === "string" ? type : "(none)"}`,
      };
    }
    out.push(parsed.data);
  }
  return out;
}

const targetKey = (a: PolicyAssignment): string =>
  `${a.target["@odata.type"].toLowerCase()}|${"groupId" in a.target && typeof a.target.groupId === "string" ? a.target.groupId.toLowerCase() : ""}`;

class GraphPolicyService implements PolicyService {
  /** Platform @odata.type of app protection policies seen in lists (their item URL depends on it). */
  private readonly odataTypes = new Map<string, string>();

  constructor(
    readonly info: PolicyTypeInfo,
    private readonly transport: GraphTransport,
  ) {}

  private toRecord(item: Record<string, unknown>): PolicyRecord | null {
    const id = item.id;
    if (typeof id !== "string") return null;
    const odataType = typeof item["@odata.type"] === "string" ? item["@odata.type"] : "";
    // managedAppPolicies also lists types without assignments (e.g. app configuration): out of scope here.
    if (this.info.key === "managedAppPolicies" && appProtectionPaths[odataType] === undefined) return null;
    this.odataTypes.set(id, odataType);
    const { assignments, "assignments@odata.nextLink": _next, ...payload } = item;
    const name = item[this.info.nameProperty];
    const record: PolicyRecord = {
      id,
      displayName: typeof name === "string" ? name : id,
      odataType,
      payload,
      assignments: null,
    };
    if (this.info.expandAssignments && Array.isArray(assignments)) {
      const parsed = parseAssignments(assignments);
      if (Array.isArray(parsed)) record.assignments = parsed;
      else record.assignmentsError = parsed;
    }
    return record;
  }

  async *list(): AsyncGenerator<PolicyRecord[]> {
    const path = this.info.expandAssignments
      ? `${this.info.listPath}?$expand=assignments`
      : this.info.listPath;
    for await (const page of pages(this.transport, this.info.version, path)) {
      const records: PolicyRecord[] = [];
      for (const item of page) {
        const r = this.toRecord(item);
        if (r === null) continue;
        // An expanded collection can page too: fetch its remainder rather than truncate.
        const more = item["assignments@odata.nextLink"];
        if (typeof more === "string" && r.assignments !== null) {
          const rest = await collectRest(this.transport, this.info.version, { value: [], nextLink: more });
          const parsed = parseAssignments(rest);
          if (Array.isArray(parsed)) r.assignments.push(...parsed);
        }
        records.push(r);
      }
      yield records;
    }
  }

  async *listWithAssignments(): AsyncGenerator<PolicyRecord[]> {
    for await (const records of this.list()) {
      const missing = records.filter((r) => r.assignments === null && r.assignmentsError === undefined);
      if (missing.length > 0) {
        const fetched = await this.fetchAssignments(missing);
        for (const r of missing) {
          const got = fetched.get(r.id);
          if (Array.isArray(got)) r.assignments = got;
          else r.assignmentsError = got ?? { reasonCode: "unknown", message: "no answer for this item" };
        }
      }
      yield records;
    }
  }

  private async itemPath(p: PolicyHandle): Promise<string> {
    if (this.info.key !== "managedAppPolicies") return `${this.info.listPath}/${p.id}`;
    let odataType = p.odataType ?? this.odataTypes.get(p.id);
    if (odataType === undefined) {
      const item = (await this.transport.get(
        this.info.version,
        `${this.info.listPath}/${p.id}?$select=id`,
      )) as Record<string, unknown>;
      odataType = typeof item["@odata.type"] === "string" ? item["@odata.type"] : "";
      this.odataTypes.set(p.id, odataType);
    }
    const base = appProtectionPaths[odataType];
    if (base === undefined)
      throw new GraphRequestError(
        "graph_bad_request",
        null,
        null,
        `unsupported app policy type ${odataType}`,
      );
    return `${base}/${p.id}`;
  }

  async fetchAssignments(
    handles: readonly PolicyHandle[],
  ): Promise<Map<string, PolicyAssignment[] | { reasonCode: ReasonCode; message: string }>> {
    const out = new Map<string, PolicyAssignment[] | { reasonCode: ReasonCode; message: string }>();
    const requests: BatchRequest[] = [];
    for (const h of handles) {
      try {
        requests.push({ id: h.id, method: "GET", url: `${await this.itemPath(h)}/assignments` });
      } catch (err) {
        const e =
          err instanceof GraphRequestError
            ? err
            : new GraphRequestError("unknown", null, null, "item path unknown");
        out.set(h.id, { reasonCode: e.reasonCode, message: e.message });
      }
    }
    const results = await executeBatch(this.transport, this.info.version, requests);
    for (const r of requests) {
      const res = results.get(r.id);
      if (res === undefined) {
        out.set(r.id, { reasonCode: "unknown", message: "no answer for this item" });
      } else if (!res.ok) {
        out.set(r.id, { reasonCode: res.reasonCode, message: res.message });
      } else {
        try {
          out.set(
            r.id,
            parseAssignments(await collectRest(this.transport, this.info.version, asPage(res.body))),
          );
        } catch (err) {
          const e =
            err instanceof GraphRequestError
              ? err
              : new GraphRequestError("unknown", null, null, "paging failed");
          out.set(r.id, { reasonCode: e.reasonCode, message: e.message });
        }
      }
    }
    return out;
  }

  async getAssignments(p: PolicyHandle): Promise<PolicyAssignment[]> {
    const path = `${await this.itemPath(p)}/assignments`;
    const all: Record<string, unknown>[] = [];
    for await (const page of pages(this.transport, this.info.version, path)) all.push(...page);
    const parsed = parseAssignments(all);
    if (!Array.isArray(parsed)) throw new GraphRequestError(parsed.reasonCode, null, null, parsed.message);
    return parsed;
  }

  async assign(p: PolicyHandle, assignments: readonly PolicyAssignment[]): Promise<void> {
    const item = await this.itemPath(p);
    const body = (a: PolicyAssignment): Record<string, unknown> => {
      const out: Record<string, unknown> = { "@odata.type": this.info.assignmentOdataType, target: a.target };
      if (a.intent !== undefined) out.intent = a.intent;
      if (a.settings !== undefined) out.settings = a.settings;
      return out;
    };
    if (this.info.assignMode === "assignAction") {
      await this.transport.post(this.info.version, `${item}/assign`, {
        [this.info.assignBodyKey]: assignments.map(body),
      });
      return;
    }
    // Autopilot: one POST per new target, one DELETE per target no longer wanted (same end state as /assign).
    const current = await this.getAssignments(p);
    const wanted = new Map(assignments.map((a) => [targetKey(a), a]));
    const have = new Map(current.map((a) => [targetKey(a), a]));
    for (const [key, a] of have) {
      if (!wanted.has(key) && a.id !== undefined)
        await this.transport.delete(this.info.version, `${item}/assignments/${a.id}`);
    }
    for (const [key, a] of wanted) {
      if (!have.has(key)) await this.transport.post(this.info.version, `${item}/assignments`, body(a));
    }
  }
}

export function createPolicyService(info: PolicyTypeInfo, transport: GraphTransport): PolicyService {
  return new GraphPolicyService(info, transport);
}
