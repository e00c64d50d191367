// A small reader for our Bicep files (Bicep cannot be compiled here): strips comments, checks that strings
// and brackets balance, and splits top-level statements into params, vars, resources, modules and outputs.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

export interface BicepStatement {
  keyword: "targetScope" | "param" | "var" | "resource" | "module" | "output";
  name: string;
  /** Decorator lines (`@secure()`, `@allowed([...])`...) written right above the statement. */
  decorators: string;
  /** The statement text after its name, e.g. `'Microsoft.Web/sites@2024-04-01' = { ... }`. */
  rest: string;
}

export interface BicepResource {
  symbol: string;
  type: string;
  apiVersion: string;
  existing: boolean;
  body: string;
}

export interface BicepModule {
  symbol: string;
  path: string;
  body: string;
}

export interface BicepParam {
  name: string;
  type: string;
  hasDefault: boolean;
  decorators: string;
}

const repoRoot = resolve(import.meta.dirname, "../..");

/** Removes `//` and block comments outside strings; throws on an unterminated string or comment. */
export function stripComments(source: string, file = "bicep"): string {
  let out = "";
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    const next = source[i + 1];
    if (source.startsWith("'''", i)) {
      const end = source.indexOf("'''", i + 3);
      if (end < 0) throw new Error(`${file}: unterminated multi-line string`);
      out += source.slice(i, end + 3);
      i = end + 3;
    } else if (ch === "'") {
      let j = i + 1;
      while (j < source.length && source[j] !== "'") {
        if (source[j] === "\\") j += 1;
        if (source[j] === "\n") throw new Error(`${file}: string broken by a newline at ${i}`);
        j += 1;
      }
      if (j >= source.length) throw new Error(`${file}: unterminated string at ${i}`);
      out += source.slice(i, j + 1);
      i = j + 1;
    } else if (ch === "/" && next === "/") {
      while (i < source.length && source[i] !== "\n") i += 1;
    } else if (ch === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      if (end < 0) throw new Error(`${file}: unterminated block comment`);
      i = end + 2;
    } else {
      out += ch ?? "";
      i += 1;
    }
  }
  return out;
}

/** Replaces string contents with spaces (same length) so brackets inside strings do not count. */
export function blankStrings(code: string): string {
  return code.replace(/'''[\s\S]*?'''|'(?:\\.|[^'\\])*'/g, (m) => `'${" ".repeat(m.length - 2)}'`);
}

const OPEN: Record<string, string> = { "{": "}", "[": "]", "(": ")" };
const CLOSE = new Set(Object.values(OPEN));

/** Throws naming the first unbalanced bracket. */
export function checkBrackets(code: string, file = "bicep"): void {
  const blank = blankStrings(code);
  const stack: { ch: string; at: number }[] = [];
  for (let i = 0; i < blank.length; i += 1) {
    const ch = blank[i] ?? "";
    if (ch in OPEN) stack.push({ ch, at: i });
    else if (CLOSE.has(ch)) {
      const top = stack.pop();
      if (top === undefined || OPEN[top.ch] !== ch) {
        const line = blank.slice(0, i).split("\n").length;
        throw new Error(`${file}: unbalanced '${ch}' on line ${line}`);
      }
    }
  }
  const open = stack.pop();
  if (open !== undefined) {
    throw new Error(
      `${file}: '${open.ch}' on line ${blank.slice(0, open.at).split("\n").length} never closed`,
    );
  }
}

/** The balanced `{...}` / `[...]` / `(...)` starting at `start` (which must be an opening bracket). */
export function balanced(code: string, start: number): string {
  const blank = blankStrings(code);
  let depth = 0;
  for (let i = start; i < blank.length; i += 1) {
    const ch = blank[i] ?? "";
    if (ch in OPEN) depth += 1;
    else if (CLOSE.has(ch)) {
      depth -= 1;
      if (depth === 0) return code.slice(start, i + 1);
    }
  }
  throw new Error(`unbalanced block at ${start}`);
}

/** The object literal following `key:` (first occurrence at any depth), or undefined. */
export function objectAt(body: string, key: string): string | undefined {
  const match = new RegExp(`(?:^|[\\s{,])'?${key}'?\\s*:\\s*\\{`, "m").exec(body);
  if (match === null) return undefined;
  return balanced(body, match.index + match[0].length - 1);
}

/** The scalar text after `key:` up to the end of its line (first occurrence at any depth). */
export function valueAt(body: string, key: string): string | undefined {
  const match = new RegExp(`(?:^|[\\s{,])'?${key}'?\\s*:\\s*([^\\n]+)`, "m").exec(body);
  return match?.[1]?.trim();
}

/** Keys directly inside an object literal `{ ... }` (not nested ones). */
export function topLevelKeys(objectText: string): string[] {
  const blank = blankStrings(objectText);
  const keys: string[] = [];
  let depth = 0;
  let lineStart = true;
  for (let i = 0; i < blank.length; i += 1) {
    const ch = blank[i] ?? "";
    if (ch in OPEN) depth += 1;
    else if (CLOSE.has(ch)) depth -= 1;
    if (ch === "\n" || ch === "{" || ch === ",") {
      lineStart = true;
      continue;
    }
    if (lineStart && depth === 1 && !/\s/.test(ch)) {
      lineStart = false;
      const m = /^(?:'([^']+)'|([A-Za-z_][A-Za-z0-9_]*))\s*:/.exec(objectText.slice(i));
      if (m !== null) keys.push(m[1] ?? m[2] ?? "");
    }
  }
  return keys;
}

export class BicepFile {
  readonly code: string;
  readonly statements: BicepStatement[];

  private constructor(
    readonly path: string,
    readonly source: string,
  ) {
    this.code = stripComments(source, path);
    checkBrackets(this.code, path);
    this.statements = BicepFile.split(this.code);
  }

  /** Loads a Bicep file by path relative to the repository root. */
  static load(relativePath: string): BicepFile {
    const path = resolve(repoRoot, relativePath);
    return new BicepFile(path, readFileSync(path, "utf8"));
  }

  private static split(code: string): BicepStatement[] {
    const blank = blankStrings(code);
    const lines = code.split("\n");
    const blankLines = blank.split("\n");
    const statements: BicepStatement[] = [];
    let depth = 0;
    let decorators = "";
    let current: {
      head: string[];
      keyword: BicepStatement["keyword"];
      name: string;
      decorators: string;
    } | null = null;
    const flush = (): void => {
      if (current === null) return;
      const text = current.head.join("\n");
      const rest = text.replace(new RegExp(`^${current.keyword}\\s+${current.name}\\s*`), "");
      statements.push({ keyword: current.keyword, name: current.name, decorators: current.decorators, rest });
      current = null;
    };
    lines.forEach((line, index) => {
      const blankLine = blankLines[index] ?? "";
      if (depth === 0) {
        const m = /^(targetScope|param|var|resource|module|output)\s+([A-Za-z_][A-Za-z0-9_]*)?/.exec(line);
        if (m !== null) {
          flush();
          const keyword = m[1] as BicepStatement["keyword"];
          current = {
            head: [line],
            keyword,
            name: keyword === "targetScope" ? "targetScope" : (m[2] ?? ""),
            decorators,
          };
          decorators = "";
        } else if (line.startsWith("@")) {
          flush();
          decorators += `${line}\n`;
        } else if (current !== null) {
          current.head.push(line);
        } else if (line.trim() !== "") {
          throw new Error(`unexpected top-level line: ${line}`);
        }
      } else if (current !== null) {
        current.head.push(line);
      } else {
        decorators += `${line}\n`;
      }
      for (const ch of blankLine) {
        if (ch in OPEN) depth += 1;
        else if (CLOSE.has(ch)) depth -= 1;
      }
    });
    flush();
    return statements;
  }

  private ofKind(keyword: BicepStatement["keyword"]): BicepStatement[] {
    return this.statements.filter((s) => s.keyword === keyword);
  }

  get targetScope(): string | undefined {
    return /^=\s*'([^']+)'/.exec(
      this.ofKind("targetScope")[0]?.rest.replace(/^targetScope\s*/, "") ?? "",
    )?.[1];
  }

  params(): Map<string, BicepParam> {
    const out = new Map<string, BicepParam>();
    for (const s of this.ofKind("param")) {
      const m = /^([A-Za-z]+)\s*(=)?/.exec(s.rest);
      out.set(s.name, {
        name: s.name,
        type: m?.[1] ?? "",
        hasDefault: m?.[2] === "=",
        decorators: s.decorators,
      });
    }
    return out;
  }

  vars(): Map<string, string> {
    return new Map(this.ofKind("var").map((s) => [s.name, s.rest.replace(/^=\s*/, "").trim()]));
  }

  outputs(): Map<string, string> {
    return new Map(this.ofKind("output").map((s) => [s.name, s.rest.trim()]));
  }

  resources(): BicepResource[] {
    return this.ofKind("resource").map((s) => {
      const m = /^'([^'@]+)@([^']+)'\s*(existing)?\s*=/.exec(s.rest);
      if (m === null) throw new Error(`${this.path}: resource ${s.name} has no 'type@apiVersion'`);
      const brace = s.rest.indexOf("{");
      return {
        symbol: s.name,
        type: m[1] ?? "",
        apiVersion: m[2] ?? "",
        existing: m[3] === "existing",
        body: brace < 0 ? "" : balanced(s.rest, brace),
      };
    });
  }

  resourcesOfType(type: string): BicepResource[] {
    return this.resources().filter((r) => r.type === type && !r.existing);
  }

  modules(): BicepModule[] {
    return this.ofKind("module").map((s) => {
      const m = /^'([^']+)'\s*=/.exec(s.rest);
      if (m === null) throw new Error(`${this.path}: module ${s.name} has no path`);
      const brace = s.rest.indexOf("{");
      return { symbol: s.name, path: m[1] ?? "", body: brace < 0 ? "" : balanced(s.rest, brace) };
    });
  }

  /** Absolute path of a module referenced from this file. */
  resolveModule(modulePath: string): string {
    return resolve(dirname(this.path), modulePath);
  }
}
