// ASP.NET-style route templates as Functions HTTP triggers use them: literal segments, `{name}`,
// `{name?}` (optional, trailing), `{name:constraint}` (int, long, bool, guid, alpha, datetime, decimal,
// double, float, minlength(n), maxlength(n), length(n), min(n), max(n), range(a,b), regex(...)) and `{*rest}`.

type Segment =
  | { kind: "literal"; text: string }
  | { kind: "param"; name: string; optional: boolean; catchAll: boolean; constraints: string[] };

export interface RouteTemplate {
  template: string;
  segments: Segment[];
  /** Higher sorts first: literals beat constrained params beat plain params beat catch-alls. */
  precedence: number[];
}

export class RouteTemplateError extends Error {
  constructor(template: string, reason: string) {
    super(`Invalid route template "${template}": ${reason}`);
    this.name = "RouteTemplateError";
  }
}

function splitConstraints(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of body) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === ":" && depth === 0) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

export function parseRouteTemplate(template: string): RouteTemplate {
  const trimmed = template.replace(/^\/+|\/+$/g, "");
  const segments: Segment[] = [];
  for (const raw of trimmed === "" ? [] : trimmed.split("/")) {
    if (raw === "") throw new RouteTemplateError(template, "empty segment");
    const match = /^\{(.+)\}$/.exec(raw);
    if (!match) {
      if (/[{}]/.test(raw)) throw new RouteTemplateError(template, `malformed segment "${raw}"`);
      segments.push({ kind: "literal", text: raw.toLowerCase() });
      continue;
    }
    const [first = "", ...constraints] = splitConstraints(match[1] ?? "");
    let name = first;
    const catchAll = name.startsWith("*");
    if (catchAll) name = name.replace(/^\*+/, "");
    let optional = false;
    const last = constraints.length > 0 ? constraints.length - 1 : -1;
    if (last >= 0 && (constraints[last] ?? "").endsWith("?")) {
      optional = true;
      constraints[last] = (constraints[last] ?? "").slice(0, -1);
    } else if (name.endsWith("?")) {
      optional = true;
      name = name.slice(0, -1);
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new RouteTemplateError(template, `bad parameter "${raw}"`);
    segments.push({ kind: "param", name, optional, catchAll, constraints });
  }
  segments.forEach((s, i) => {
    if (s.kind === "param" && (s.catchAll || s.optional) && i !== segments.length - 1) {
      throw new RouteTemplateError(template, "optional and catch-all parameters must be last");
    }
  });
  const precedence = segments.map((s) =>
    s.kind === "literal" ? 4 : s.catchAll ? 1 : s.constraints.length > 0 ? 3 : 2,
  );
  return { template, segments, precedence };
}

function checkConstraint(constraint: string, value: string): boolean {
  const match = /^([a-z]+)(?:\((.*)\))?$/i.exec(constraint);
  if (!match) return false;
  const name = (match[1] ?? "").toLowerCase();
  const arg = match[2] ?? "";
  const args = arg.split(",").map((a) => Number(a.trim()));
  switch (name) {
    case "int":
    case "long":
      return /^-?\d+$/.test(value);
    case "bool":
      return /^(true|false)$/i.test(value);
    case "guid":
      return /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(value);
    case "alpha":
      return /^[a-z]+$/i.test(value);
    case "datetime":
      return !Number.isNaN(Date.parse(value));
    case "decimal":
    case "double":
    case "float":
      return value.trim() !== "" && !Number.isNaN(Number(value));
    case "minlength":
      return value.length >= (args[0] ?? 0);
    case "maxlength":
      return value.length <= (args[0] ?? Infinity);
    case "length":
      return args.length === 2
        ? value.length >= (args[0] ?? 0) && value.length <= (args[1] ?? Infinity)
        : value.length === args[0];
    case "min":
      return Number(value) >= (args[0] ?? -Infinity);
    case "max":
      return Number(value) <= (args[0] ?? Infinity);
    case "range":
      return Number(value) >= (args[0] ?? -Infinity) && Number(value) <= (args[1] ?? Infinity);
    case "regex":
      return new RegExp(arg, "i").test(value);
    default:
      return false;
  }
}

/** Matches a path (without prefix, no leading slash) and returns the decoded route parameters. */
export function matchRoute(route: RouteTemplate, pathSegments: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const segment = route.segments[i];
    if (!segment) return undefined;
    const value = pathSegments[i];
    if (segment.kind === "literal") {
      if (value === undefined || decodeURIComponent(value).toLowerCase() !== segment.text) return undefined;
      continue;
    }
    if (segment.catchAll) {
      const rest = pathSegments.slice(i).map(decodeURIComponent).join("/");
      if (rest === "" && !segment.optional) return undefined;
      if (rest !== "") params[segment.name] = rest;
      return params;
    }
    if (value === undefined || value === "") {
      if (segment.optional) continue;
      return undefined;
    }
    const decoded = decodeURIComponent(value);
    if (!segment.constraints.every((c) => checkConstraint(c, decoded))) return undefined;
    params[segment.name] = decoded;
  }
  return pathSegments.length <= route.segments.length ? params : undefined;
}

export function compareRoutes(a: RouteTemplate, b: RouteTemplate): number {
  const length = Math.max(a.precedence.length, b.precedence.length);
  for (let i = 0; i < length; i++) {
    const diff = (b.precedence[i] ?? 0) - (a.precedence[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
