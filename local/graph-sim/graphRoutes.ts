// Graph resource routes over a tenant's truth: Intune collections, their assignments and Entra groups.
import { randomUUID } from "node:crypto";
import { badRequest, graphError, notFound, ok, type SimResponse } from "./graphErrors.js";
import { applySelect, page, parseGroupFilter, parseQuery, type ODataQuery } from "./graphQuery.js";
import {
  appProtectionCollections,
  groupReadRoles,
  simTypeByKey,
  type ApiVersion,
  type SimTypeSpec,
} from "./intuneTypes.js";
import { assignmentTargetSchema, targetTypes } from "./fixtureSchema.js";
import {
  newAssignmentId,
  targetKey,
  type SimAssignment,
  type SimGroup,
  type SimPolicy,
  type SimTenant,
} from "./simState.js";

export interface GraphCall {
  method: string;
  version: ApiVersion;
  segments: string[];
  url: URL;
  body: unknown;
  tenant: SimTenant;
  roles: readonly string[];
}

export interface RouteInfo {
  pathKind: string;
  /** Counted against Intune's throttle (deviceManagement / deviceAppManagement). */
  intune: boolean;
  write: boolean;
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function classify(method: string, segments: readonly string[]): RouteInfo {
  const write = method !== "GET";
  const [root, coll, id, sub] = segments;
  if (root === "groups")
    return {
      pathKind: id === undefined && coll === undefined ? "groups:list" : "groups:item",
      intune: false,
      write,
    };
  if (root === "deviceManagement" || root === "deviceAppManagement") {
    const kind = id === undefined ? "list" : sub === undefined ? "item" : sub;
    return { pathKind: `${coll ?? "?"}:${kind}`, intune: true, write };
  }
  return { pathKind: "other", intune: false, write };
}

function forbidden(needed: readonly string[]): SimResponse {
  return graphError(
    403,
    "Forbidden",
    `Application is not authorized to perform this operation. Application must have one of the following scopes: ${needed.join(", ")}`,
  );
}

const hasAny = (roles: readonly string[], needed: readonly string[]): boolean =>
  needed.some((r) => roles.includes(r));

function notFoundSegment(segment: string): SimResponse {
  return badRequest(`Resource not found for the segment '${segment}'.`);
}

export function routeGraph(call: GraphCall): SimResponse {
  const q = parseQuery(call.url.searchParams);
  if ("status" in q) return q;
  const [root, coll] = call.segments;
  if (root === "groups") return routeGroups(call, q);
  if ((root === "deviceManagement" || root === "deviceAppManagement") && coll !== undefined) {
    if (coll === "assignmentFilters" && root === "deviceManagement") return routeFilters(call, q);
    const platformOdataType = root === "deviceAppManagement" ? appProtectionCollections[coll] : undefined;
    const spec = simTypeByKey.get(platformOdataType === undefined ? coll : "managedAppPolicies");
    if (spec?.parent !== root) return notFoundSegment(coll);
    if (!spec.versions.includes(call.version)) return notFoundSegment(coll);
    const needed = call.method === "GET" ? spec.readRole : spec.writeRole;
    if (!hasAny(call.roles, needed)) return forbidden(needed);
    return routeIntune(call, q, spec, coll, platformOdataType);
  }
  return notFoundSegment(root ?? "");
}

function policyJson(p: SimPolicy, withAssignments: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { "@odata.type": p.odataType, id: p.id, ...p.properties };
  if (withAssignments) out.assignments = p.assignments.map(assignmentJson);
  return out;
}

function assignmentJson(a: SimAssignment): Record<string, unknown> {
  const out: Record<string, unknown> = { id: a.id, target: a.target };
  if (a.intent !== undefined) out.intent = a.intent;
  if (a.source !== undefined) out.source = a.source;
  return out;
}

function contextUrl(call: GraphCall, suffix: string): string {
  return `${call.url.origin}/${call.version}/$metadata#${suffix}`;
}

function routeIntune(
  call: GraphCall,
  q: ODataQuery,
  spec: SimTypeSpec,
  coll: string,
  platformOdataType: string | undefined,
): SimResponse {
  const [, , id, sub, subId] = call.segments;
  const all = call.tenant.policies.get(spec.key) ?? new Map<string, SimPolicy>();
  const wantsAssignments = q.expand.includes("assignments");
  const unknownExpand = q.expand.find(
    (e) => e !== "assignments" && !(spec.key === "configurationPolicies" && e === "settings"),
  );
  if (unknownExpand !== undefined)
    return badRequest(`Could not find a property named '${unknownExpand}' on type '${spec.key}'.`);
  const visible = (p: SimPolicy): boolean =>
    platformOdataType === undefined || p.odataType === platformOdataType;

  if (id === undefined) {
    if (call.method !== "GET") return badRequest("Creating policies is not modelled by the simulator.");
    // $expand=assignments is refused on app protection lists (managedAppPolicies and the platform collections).
    if (wantsAssignments && !spec.expandAssignments)
      return badRequest("The $expand query option is not allowed on this resource: expand is not allowed.");
    if (q.filter !== undefined)
      return badRequest(
        "Invalid filter clause: filtering is not supported on this collection by the simulator.",
      );
    const items = platformOdataType === undefined ? [...all.values()] : [...all.values()].filter(visible);
    return page(
      items,
      q,
      spec.pageSize,
      call.url,
      contextUrl(call, call.segments.slice(0, 2).join("/")),
      spec.pageSize,
      (p) => applySelect(policyJson(p, wantsAssignments), q.select),
    );
  }

  const policy = all.get(id);
  if (policy === undefined || !visible(policy))
    return notFound(`Resource not found: ${coll} with key '${id}'.`);

  if (sub === undefined) {
    if (call.method !== "GET") return badRequest("Updating policies is not modelled by the simulator.");
    if (wantsAssignments && !spec.expandAssignments)
      return badRequest("The $expand query option is not allowed on this resource: expand is not allowed.");
    const json = policyJson(policy, wantsAssignments);
    // Observed Graph bug: a single endpoint-security settings-catalog policy expands to an empty assignment list.
    const family = (policy.properties.templateReference as { templateFamily?: unknown } | undefined)
      ?.templateFamily;
    if (wantsAssignments && typeof family === "string" && family.startsWith("endpointSecurity"))
      json.assignments = [];
    return ok(applySelect(json, q.select));
  }

  const isAppProtectionBase = spec.key === "managedAppPolicies" && platformOdataType === undefined;
  if (sub === "assignments") {
    if (isAppProtectionBase)
      return badRequest(
        "Could not find a property named 'assignments' on type 'microsoft.graph.managedAppPolicy'.",
      );
    if (subId === undefined && call.method === "GET") {
      return page(
        policy.assignments.map(assignmentJson),
        q,
        100,
        call.url,
        contextUrl(call, `${coll}('${id}')/assignments`),
      );
    }
    if (subId === undefined && call.method === "POST") {
      if (spec.key !== "windowsAutopilotDeploymentProfiles")
        return badRequest(
          "Write requests to the assignments collection are not supported; use the assign action.",
        );
      return createAutopilotAssignment(call, policy);
    }
    const existing = policy.assignments.find((a) => a.id === subId);
    if (existing === undefined) return notFound(`Resource not found: assignment '${subId ?? ""}'.`);
    if (call.method === "GET") return ok(assignmentJson(existing));
    if (call.method === "DELETE") {
      policy.assignments = policy.assignments.filter((a) => a !== existing);
      touch(policy);
      return ok(undefined, 204);
    }
    return badRequest(`Method ${call.method} not allowed on an assignment.`);
  }

  if (sub === "assign") {
    if (call.method !== "POST")
      return graphError(405, "MethodNotAllowed", "The assign action accepts POST only.");
    if (spec.assignBodyKey === null || isAppProtectionBase) return notFoundSegment("assign");
    return assign(call, spec, policy);
  }

  if (sub === "settings" && spec.key === "configurationPolicies") {
    const count = typeof policy.properties.settingCount === "number" ? policy.properties.settingCount : 0;
    const settings = Array.from({ length: count }, (_, i) => ({
      id: String(i),
      settingInstance: {
        "@odata.type": "#microsoft.graph.deviceManagementConfigurationSimpleSettingInstance",
        settingDefinitionId: `device_vendor_msft_policy_config_setting_${i}`,
      },
    }));
    return page(settings, q, 25, call.url, contextUrl(call, `configurationPolicies('${id}')/settings`));
  }
  return notFoundSegment(sub);
}

function touch(p: SimPolicy): void {
  p.properties.lastModifiedDateTime = new Date().toISOString();
}

/** Validates targets as Graph does: known target type, existing group, existing filter with a filter type. */
function validateTarget(tenant: SimTenant, raw: unknown): { target: Record<string, unknown> } | SimResponse {
  const parsed = assignmentTargetSchema.safeParse(raw);
  if (!parsed.success) {
    return badRequest(`Invalid assignment target: @odata.type must be one of ${targetTypes.join(", ")}.`);
  }
  const target = parsed.data as Record<string, unknown>;
  const type = parsed.data["@odata.type"];
  const isGroup = type.endsWith("groupAssignmentTarget") || type.endsWith("exclusionGroupAssignmentTarget");
  if (isGroup) {
    const groupId = parsed.data.groupId;
    if (groupId === undefined || !guid.test(groupId))
      return badRequest("Invalid group id in assignment target.");
    if (!call_hasGroup(tenant, groupId))
      return badRequest(`Group '${groupId}' was not found in the directory.`);
  }
  const filterId = parsed.data.deviceAndAppManagementAssignmentFilterId;
  const filterType = parsed.data.deviceAndAppManagementAssignmentFilterType ?? "none";
  if (
    filterId !== undefined &&
    filterId !== null &&
    filterId !== "" &&
    filterId !== "00000000-0000-0000-0000-000000000000"
  ) {
    if (!tenant.filters.has(filterId)) return badRequest(`Assignment filter '${filterId}' was not found.`);
    if (filterType === "none")
      return badRequest(
        "deviceAndAppManagementAssignmentFilterType must be include or exclude when a filter id is set.",
      );
  } else if (filterType !== "none") {
    return badRequest(
      "deviceAndAppManagementAssignmentFilterType needs a deviceAndAppManagementAssignmentFilterId.",
    );
  }
  return { target };
}

function call_hasGroup(tenant: SimTenant, groupId: string): boolean {
  for (const id of tenant.groups.keys()) if (id.toLowerCase() === groupId.toLowerCase()) return true;
  return false;
}

const mobileAppIntents = ["required", "available", "uninstall", "availableWithoutEnrollment"];

function assign(call: GraphCall, spec: SimTypeSpec, policy: SimPolicy): SimResponse {
  const key = spec.assignBodyKey ?? "assignments";
  const body = call.body as Record<string, unknown> | null | undefined;
  const list = body?.[key];
  if (!Array.isArray(list))
    return badRequest(`The request body must contain '${key}' (an array of assignments).`);
  const next: SimAssignment[] = [];
  const seen = new Set<string>();
  for (const raw of list as unknown[]) {
    const item = raw as Record<string, unknown> | null;
    const checked = validateTarget(call.tenant, item?.target);
    if ("status" in checked) return checked;
    const k = targetKey(checked.target);
    if (seen.has(k)) continue; // a duplicated target is ignored
    seen.add(k);
    const a: SimAssignment = { id: newAssignmentId(policy.id, checked.target), target: checked.target };
    if (spec.key === "mobileApps") {
      const intent = item?.intent;
      if (typeof intent !== "string" || !mobileAppIntents.includes(intent))
        return badRequest("mobileAppAssignment.intent is required.");
      a.intent = intent;
    }
    next.push(a);
  }
  policy.assignments = next; // /assign replaces the whole set
  touch(policy);
  if (spec.assignAnswer === "noContent") return ok(undefined, 204);
  return ok({
    "@odata.context": contextUrl(call, "Collection(assignment)"),
    value: next.map(assignmentJson),
  });
}

function createAutopilotAssignment(call: GraphCall, policy: SimPolicy): SimResponse {
  const body = call.body as Record<string, unknown> | null | undefined;
  const checked = validateTarget(call.tenant, body?.target);
  if ("status" in checked) return checked;
  const k = targetKey(checked.target);
  const existing = policy.assignments.find((a) => targetKey(a.target) === k);
  if (existing !== undefined) return ok(assignmentJson(existing), 201);
  const a: SimAssignment = { id: `${policy.id}_${randomUUID()}`, target: checked.target };
  policy.assignments.push(a);
  touch(policy);
  return ok(assignmentJson(a), 201);
}

function routeFilters(call: GraphCall, q: ODataQuery): SimResponse {
  if (call.version !== "beta") return notFoundSegment("assignmentFilters");
  const needed =
    call.method === "GET"
      ? ["DeviceManagementConfiguration.Read.All", "DeviceManagementConfiguration.ReadWrite.All"]
      : ["DeviceManagementConfiguration.ReadWrite.All"];
  if (!hasAny(call.roles, needed)) return forbidden(needed);
  if (call.method !== "GET") return badRequest("Only reads of assignment filters are modelled.");
  const id = call.segments[2];
  const json = (f: {
    id: string;
    displayName: string;
    platform: string;
    rule: string;
  }): Record<string, unknown> => ({
    "@odata.type": "#microsoft.graph.deviceAndAppManagementAssignmentFilter",
    ...f,
  });
  if (id === undefined) {
    const items = [...call.tenant.filters.values()].map((f) => applySelect(json(f), q.select));
    return page(items, q, 100, call.url, contextUrl(call, "deviceManagement/assignmentFilters"));
  }
  const f = call.tenant.filters.get(id);
  return f === undefined
    ? notFound(`Resource not found: assignmentFilters with key '${id}'.`)
    : ok(applySelect(json(f), q.select));
}

function routeGroups(call: GraphCall, q: ODataQuery): SimResponse {
  if (!hasAny(call.roles, groupReadRoles)) {
    return graphError(
      403,
      "Authorization_RequestDenied",
      "Insufficient privileges to complete the operation.",
    );
  }
  if (call.method !== "GET") return badRequest("Only reads of groups are modelled.");
  const id = call.segments[1];
  const json = (g: SimGroup): Record<string, unknown> => ({
    id: g.id,
    displayName: g.displayName,
    description: g.description ?? null,
    securityEnabled: true,
    mailEnabled: false,
  });
  if (id !== undefined) {
    if (!guid.test(id)) return graphError(400, "Request_BadRequest", `Invalid object identifier '${id}'.`);
    const g = [...call.tenant.groups.values()].find((x) => x.id.toLowerCase() === id.toLowerCase());
    if (g === undefined) {
      return graphError(
        404,
        "Request_ResourceNotFound",
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      );
    }
    return ok(applySelect(json(g), q.select));
  }
  let groups = [...call.tenant.groups.values()];
  if (q.filter !== undefined) {
    const f = parseGroupFilter(q.filter);
    if (f === null)
      return graphError(
        400,
        "Request_UnsupportedQuery",
        "Unsupported or invalid query filter clause specified.",
      );
    if (f.kind === "eq") groups = groups.filter((g) => g.displayName.toLowerCase() === f.value.toLowerCase());
    else if (f.kind === "startswith")
      groups = groups.filter((g) => g.displayName.toLowerCase().startsWith(f.value.toLowerCase()));
    else {
      if (f.values.length > 15)
        return graphError(400, "Request_UnsupportedQuery", "Too many values in the 'in' operator (max 15).");
      const wanted = new Set(f.values.map((v) => v.toLowerCase()));
      groups = groups.filter((g) => wanted.has(g.id.toLowerCase()));
    }
  }
  if (q.top !== undefined && q.top > 999)
    return graphError(400, "Request_BadRequest", "Invalid page size specified: '$top' must be at most 999.");
  return page(
    groups.map((g) => applySelect(json(g), q.select)),
    q,
    100,
    call.url,
    contextUrl(call, "groups"),
    999,
  );
}
