// Test inputs from the spec's schemas: one canonical valid request per operation, the boundaries of every
// constraint and each constraint broken one at a time (coverage), and fast-check arbitraries (fuzz).
//
// A schema states what the server accepts; a spec may lay an opt-in overlay over it (`x-<name>-policy`, e.g.
// Milvus's `x-zilliz-cloud-policy`). A run judges by the policies it is given (default: the schema itself,
// "spec"): "valid" means valid under every one and "invalid" invalid under every one; an input the policies
// disagree on is never judged.
import fc from "fast-check";
import type { IdentityField, OperationSemantics } from "./profile.js";
import type { Operation, Schema, SpecModel } from "./spec.js";

/** "spec" (the schema as written) or the name of an overlay: "zilliz-cloud" reads `x-zilliz-cloud-policy`. */
export type Policy = string;

const overlayKeys = (s: Schema) => Object.keys(s).filter((k) => /^x-[a-z0-9-]+-policy$/.test(k));

/** A request before transport: parameters by location and the JSON body. */
export interface RequestData {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  header: Record<string, unknown>;
  body?: unknown;
}

export interface Case {
  data: RequestData;
  valid: boolean;
  /** The one rule broken (negative cases) or the boundary hit (positive ones). */
  rule: string;
  /** Pointer of the field the case is about (`/body/userName`), for reports. */
  field?: string;
}

const MAX_FUZZ_LENGTH = 300;

/** Inlines local `$ref`s and lays one policy overlay over the schema, so Ajv sees one plain schema. */
export function policySchema(spec: SpecModel, schema: unknown, policy: Policy, depth = 0): Schema {
  const s = spec.deref<Schema>(schema) ?? {};
  if (depth > 12 || typeof s !== "object") return s;
  const overlay = policy === "spec" ? undefined : (s[`x-${policy}-policy`] as Schema | undefined);
  const merged: Schema = overlay ? { ...s, ...overlay } : { ...s };
  for (const k of overlayKeys(merged)) delete merged[k];
  for (const key of ["properties", "patternProperties", "$defs"]) {
    if (merged[key] && typeof merged[key] === "object") {
      const out: Record<string, Schema> = {};
      for (const [k, v] of Object.entries(merged[key] as Record<string, unknown>))
        out[k] = policySchema(spec, v, policy, depth + 1);
      merged[key] = out;
    }
  }
  for (const key of ["items", "additionalProperties", "not", "if", "then", "else", "unevaluatedProperties"]) {
    const v = merged[key];
    if (v && typeof v === "object") merged[key] = policySchema(spec, v, policy, depth + 1);
  }
  for (const key of ["allOf", "anyOf", "oneOf", "prefixItems"]) {
    if (Array.isArray(merged[key]))
      merged[key] = (merged[key] as unknown[]).map((v) => policySchema(spec, v, policy, depth + 1));
  }
  return merged;
}

/** The JSON Schema of a whole request (`{path, query, header, body}`) under one policy. */
export function requestSchema(spec: SpecModel, op: Operation, policy: Policy): Schema {
  const group = (where: string) => {
    const params = op.parameters.filter((p) => p.in === where && !p.clientManaged);
    return {
      type: "object",
      properties: Object.fromEntries(params.map((p) => [p.name, policySchema(spec, p.schema, policy)])),
      required: params.filter((p) => p.required).map((p) => p.name),
    };
  };
  const bodySchema = op.body?.content["application/json"]?.schema;
  return {
    type: "object",
    properties: {
      path: group("path"),
      query: group("query"),
      header: { ...group("header"), required: [] },
      ...(bodySchema ? { body: policySchema(spec, bodySchema, policy) } : {}),
    },
    required: ["path", "query", ...(op.body?.required || bodySchema ? ["body"] : [])],
  };
}

/** Query and path values travel as text: compare them as the server will parse them. */
function coerceParams(op: Operation, data: RequestData): RequestData {
  const out: RequestData = { ...data, query: { ...data.query }, path: { ...data.path } };
  for (const p of op.parameters) {
    const where = p.in === "query" ? out.query : p.in === "path" ? out.path : undefined;
    if (!where || !(p.name in where)) continue;
    const t = (p.schema as Schema).type;
    const v = where[p.name];
    if ((t === "integer" || t === "number") && typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v))
      where[p.name] = Number(v);
  }
  return out;
}

export interface Judge {
  /** Valid under every selected policy. */
  valid(data: RequestData): boolean;
  /** Invalid under every selected policy. */
  invalid(data: RequestData): boolean;
}

export function createJudge(spec: SpecModel, op: Operation, policies: Policy[]): Judge {
  const fns = policies.map((p) => spec.validator(requestSchema(spec, op, p)));
  const results = (data: RequestData) => {
    const d = coerceParams(op, JSON.parse(JSON.stringify(data)) as RequestData);
    return fns.map((fn) => fn(d) as boolean);
  };
  return {
    valid: (data) => results(data).every(Boolean),
    invalid: (data) => results(data).every((r) => !r),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Identity values: every name a run sends is its own (prefix + run id + counter), so it never hits real data.

export class Names {
  private n = 0;
  constructor(readonly runPrefix: string) {}
  /** A fresh name such as `ctk3v9a2_7`, padded or cut to fit the field's length limits. */
  next(schema: Schema, style: IdentityField["style"] = "name"): string {
    this.n++;
    if (style === "digits")
      return `9${String(Date.now() % 1e6).padStart(6, "0")}${String(this.n).padStart(3, "0")}`;
    const base = `${this.runPrefix}_${this.n}`;
    if (style === "email") return `${base}@example.org`;
    const min = typeof schema.minLength === "number" ? schema.minLength : 0;
    return base.length < min ? base.padEnd(min, "x") : base;
  }
  owns(value: unknown): boolean {
    return typeof value === "string" && value.includes(this.runPrefix);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Pointer helpers over RequestData (`/body/a/b`, `/query/limit`).

function locate(
  data: RequestData,
  pointer: string,
): { parent: Record<string, unknown>; key: string } | undefined {
  const parts = pointer.split("/").filter(Boolean);
  const head = parts.shift();
  if (!head) return undefined;
  let cur: unknown = data;
  if (head === "body") {
    if (parts.length === 0) return { parent: data as unknown as Record<string, unknown>, key: "body" };
    cur = data.body;
  } else cur = (data as unknown as Record<string, unknown>)[head];
  for (const p of parts.slice(0, -1)) {
    if (!cur || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  const key = parts[parts.length - 1];
  if (!cur || typeof cur !== "object" || key === undefined) return undefined;
  return { parent: cur as Record<string, unknown>, key };
}

export function getAt(data: RequestData, pointer: string): unknown {
  const at = locate(data, pointer);
  return at ? at.parent[at.key] : undefined;
}

export function setAt(data: RequestData, pointer: string, value: unknown): RequestData {
  const copy = JSON.parse(JSON.stringify(data)) as RequestData;
  const at = locate(copy, pointer);
  if (!at) return copy;
  if (value === undefined) delete at.parent[at.key];
  else at.parent[at.key] = value;
  return copy;
}

// ---------------------------------------------------------------------------------------------------------------
// Canonical valid values.

const CLASS_FILL = "Aa1!";

function validCandidates(s: Schema): unknown[] {
  const out: unknown[] = [];
  if ("const" in s) out.push(s.const);
  if (Array.isArray(s.enum)) out.push(...s.enum);
  if (Array.isArray(s.examples)) out.push(...s.examples);
  if ("example" in s) out.push(s.example);
  if ("default" in s) out.push(s.default);
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if (types.includes("string")) {
    const min = (s.minLength as number) ?? 0;
    const max = (s.maxLength as number) ?? Math.max(min, 12);
    if (s.format === "email") out.push("ct.user@example.org");
    if (s.format === "date-time") out.push("2026-01-01T00:00:00Z");
    if (s.format === "date") out.push("2026-01-01");
    const len = Math.min(Math.max(min, 12), max);
    out.push(CLASS_FILL.repeat(20).slice(0, len), "a".repeat(Math.max(len, 1)));
    if (typeof s.pattern === "string") {
      try {
        out.push(...fc.sample(fc.stringMatching(new RegExp(s.pattern as string)), { seed: 42, numRuns: 30 }));
      } catch {
        // An unsupported pattern: the other candidates remain.
      }
    }
  }
  if (types.includes("integer") || types.includes("number")) {
    const lo = (s.minimum as number) ?? 0;
    out.push(lo, lo + 1);
  }
  if (types.includes("boolean")) out.push(true);
  if (types.includes("null")) out.push(null);
  return out;
}

/** A value valid under every policy for one schema (objects get their required properties only). */
export function validValue(spec: SpecModel, schema: unknown, policies: Policy[], depth = 0): unknown {
  const variants = policies.map((p) => policySchema(spec, schema, p));
  const base = variants[0] as Schema;
  const ok = (v: unknown) => variants.every((s) => spec.validator(s)(v));
  if (depth > 10) return undefined;
  const merged = mergeAllOf(spec, base);
  const types = Array.isArray(merged.type) ? merged.type : [merged.type];
  if (merged.type === "object" || merged.properties || merged.required) {
    for (const c of validCandidates(merged)) if (c && typeof c === "object" && ok(c)) return c;
    const obj: Record<string, unknown> = {};
    const props = (merged.properties ?? {}) as Record<string, unknown>;
    const required = new Set((merged.required ?? []) as string[]);
    // if/then with a `required` in then (Sunbird: email or phone): satisfy the if by adding the field.
    const cond = merged.then as Schema | undefined;
    for (const r of (cond?.required ?? []) as string[]) required.add(r);
    for (const name of required) {
      const sub = props[name] ?? {};
      obj[name] = validValue(spec, sub, policies, depth + 1);
    }
    if (ok(obj)) return obj;
    // then-branch fields are only needed when the if is false: try without them.
    for (const r of (cond?.required ?? []) as string[]) {
      const copy = { ...obj };
      delete copy[r];
      if (ok(copy)) return copy;
    }
    return obj;
  }
  if (types.includes("array")) {
    const min = (merged.minItems as number) ?? 0;
    return Array.from({ length: min }, () => validValue(spec, merged.items ?? {}, policies, depth + 1));
  }
  for (const c of validCandidates(merged)) if (ok(c)) return c;
  return validCandidates(merged)[0];
}

function mergeAllOf(spec: SpecModel, s: Schema): Schema {
  if (!Array.isArray(s.allOf)) return s;
  let out: Schema = { ...s };
  delete out.allOf;
  for (const part of s.allOf as unknown[]) out = { ...mergeAllOf(spec, spec.deref<Schema>(part)), ...out };
  return out;
}

/** The schema of the field a pointer names (`/body/request/firstName`). */
export function fieldSchema(spec: SpecModel, op: Operation, pointer: string): Schema | undefined {
  const [head, ...rest] = pointer.split("/").filter(Boolean);
  let cur: Schema | undefined;
  if (head === "body") cur = spec.deref<Schema>(op.body?.content["application/json"]?.schema);
  else {
    const where = head === "header" ? "header" : head;
    const param = op.parameters.find((p) => p.in === where && p.name === rest[0]);
    cur = param ? spec.deref<Schema>(param.schema) : undefined;
    rest.shift();
  }
  for (const key of rest) {
    if (!cur) return undefined;
    cur = mergeAllOf(spec, cur);
    cur = spec.deref<Schema>((cur.properties as Record<string, unknown> | undefined)?.[key]);
  }
  return cur ? mergeAllOf(spec, cur) : undefined;
}

export interface Fill {
  names: Names;
  settings: Record<string, string>;
  semantics?: OperationSemantics;
  unjudged?: { rule?: string; field?: string }[];
}

/** Identity fields get fresh run-prefixed values; bound fields get the run's settings. */
export function personalize(spec: SpecModel, op: Operation, data: RequestData, fill: Fill): RequestData {
  let out = data;
  for (const id of fill.semantics?.identity ?? []) {
    const schema = fieldSchema(spec, op, id.pointer) ?? {};
    if (getAt(out, id.pointer) === undefined && !isRequiredPath(spec, op, id.pointer)) continue;
    out = setAt(out, id.pointer, fill.names.next(schema, id.style));
  }
  for (const [pointer, setting] of Object.entries(fill.semantics?.bindings ?? {})) {
    const value = fill.settings[setting];
    if (value !== undefined && (getAt(out, pointer) !== undefined || isRequiredPath(spec, op, pointer)))
      out = setAt(out, pointer, value);
  }
  return out;
}

function isRequiredPath(spec: SpecModel, op: Operation, pointer: string): boolean {
  const parts = pointer.split("/").filter(Boolean);
  const last = parts.pop();
  if (!last) return false;
  if (parts.length === 1 && parts[0] !== "body") {
    return op.parameters.some((p) => p.in === parts[0] && p.name === last && p.required);
  }
  const parent = fieldSchema(spec, op, `/${parts.join("/")}`);
  return ((parent?.required ?? []) as string[]).includes(last);
}

/** The canonical valid request of an operation (required fields only, plus its identity fields). */
export function baseRequest(spec: SpecModel, op: Operation, policies: Policy[], fill: Fill): RequestData {
  const data: RequestData = { path: {}, query: {}, header: {} };
  for (const p of op.parameters) {
    if (p.clientManaged || !p.required || p.in === "cookie") continue;
    data[p.in][p.name] = validValue(spec, p.schema, policies);
  }
  const bodySchema = op.body?.content["application/json"]?.schema;
  if (bodySchema) data.body = validValue(spec, bodySchema, policies);
  return personalize(spec, op, data, fill);
}

// ---------------------------------------------------------------------------------------------------------------
// Coverage: boundaries and one broken rule at a time.

interface FieldRef {
  pointer: string;
  schema: Schema;
  required: boolean;
}

/** Every leaf field a request can carry (body properties to some depth, non-managed parameters). */
export function fields(spec: SpecModel, op: Operation): FieldRef[] {
  const out: FieldRef[] = [];
  for (const p of op.parameters) {
    if (p.clientManaged || p.in === "cookie") continue;
    out.push({
      pointer: `/${p.in}/${p.name}`,
      schema: mergeAllOf(spec, spec.deref<Schema>(p.schema)),
      required: p.required,
    });
  }
  const walk = (schema: unknown, at: string, required: boolean, depth: number) => {
    const s = mergeAllOf(spec, spec.deref<Schema>(schema) ?? {});
    out.push({ pointer: at, schema: s, required });
    if (depth > 4) return;
    const req = new Set((s.required ?? []) as string[]);
    for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, unknown>))
      walk(v, `${at}/${k}`, req.has(k), depth + 1);
  };
  const bodySchema = op.body?.content["application/json"]?.schema;
  if (bodySchema) walk(bodySchema, "/body", Boolean(op.body?.required), 0);
  return out;
}

/** A character of 4 UTF-8 bytes (one code point, two UTF-16 units): the most bytes one character can take. */
const WIDE = "\u{1D11E}";

function resize(value: string, length: number, filler: string): string {
  if (length <= value.length) return value.slice(0, length);
  return value + filler.repeat(length - value.length);
}

/** Header values travel as Latin-1 text; a request with anything else cannot be sent at all. */
export function sendable(data: RequestData): boolean {
  return Object.values(data.header).every((v) => typeof v !== "string" || /^[\x20-\x7e\t]*$/.test(v));
}

/**
 * Candidate values at and across the lines one field's schema draws (judged later, request by request).
 * `text`: the field travels as text (query, path, header), so a non-string is not a different type there.
 */
export function fieldCandidates(
  s: Schema,
  current: unknown,
  text = false,
): { value: unknown; rule: string }[] {
  const out: { value: unknown; rule: string }[] = [];
  const types = Array.isArray(s.type) ? s.type : [s.type];
  const str = typeof current === "string" ? current : "a";
  const filler = str.length > 0 ? (str.match(/[A-Za-z0-9]/g)?.pop() ?? "a") : "a";
  if (types.includes("string") || typeof current === "string") {
    const min = s.minLength as number | undefined;
    const max = s.maxLength as number | undefined;
    // Overlays draw lines of their own: test both sides of those too.
    const policy = Object.assign({}, ...overlayKeys(s).map((k) => s[k] as Schema)) as Schema;
    const minBytes = (s["x-min-bytes"] ?? policy["x-min-bytes"]) as number | undefined;
    if (min !== undefined) {
      // Under a byte minimum, the character line is drawn with 4-byte characters so only minLength decides.
      const sized = (n: number) => (typeof minBytes === "number" ? WIDE.repeat(n) : resize(str, n, filler));
      out.push({ value: sized(min), rule: `minLength ${min}` });
      if (min > 0) out.push({ value: sized(min - 1), rule: `minLength ${min} - 1` });
      out.push({ value: sized(min + 1), rule: `minLength ${min} + 1` });
    }
    if (max !== undefined) {
      out.push({ value: resize(str, max, filler), rule: `maxLength ${max}` });
      out.push({ value: resize(str, max - 1, filler), rule: `maxLength ${max} - 1` });
      out.push({ value: resize(str, max + 1, filler), rule: `maxLength ${max} + 1` });
    }
    for (const [label, limit] of [
      ["minLength", policy.minLength],
      ["maxLength", policy.maxLength],
    ] as const) {
      if (typeof limit !== "number") continue;
      for (const d of [-1, 0, 1])
        out.push({
          value: resize(str, limit + d, filler),
          rule: `server ${label} ${limit}${d ? ` ${d > 0 ? "+" : "-"} 1` : ""}`,
        });
    }
    const bytes = (s["x-max-bytes"] ?? policy["x-max-bytes"]) as number | undefined;
    if (typeof bytes === "number") {
      // Two-byte characters: the same character count lands on both sides of the byte line.
      const n = Math.floor(bytes / 2);
      out.push({ value: `${"é".repeat(n - 2)}Aa1`, rule: `x-max-bytes ${bytes} (under)` });
      out.push({ value: `${"é".repeat(n)}Aa1`, rule: `x-max-bytes ${bytes} + 1 or more` });
    }
    if (typeof minBytes === "number") {
      // Two-byte characters: at the line and under it with more characters than minLength asks for; ASCII under it.
      const twoByte = (bytes: number) => `${"é".repeat(Math.floor(bytes / 2))}${"a".repeat(bytes % 2)}`;
      out.push({ value: twoByte(minBytes), rule: `x-min-bytes ${minBytes}` });
      out.push({ value: twoByte(minBytes - 1), rule: `x-min-bytes ${minBytes} - 1` });
      out.push({ value: "a".repeat(minBytes - 1), rule: `x-min-bytes ${minBytes} - 1 (ASCII)` });
    }
    const classes = (s["x-min-character-classes"] ?? policy["x-min-character-classes"]) as number | undefined;
    if (typeof classes === "number" && classes > 0) {
      const len = Math.max(str.length, (s.minLength as number) ?? 8);
      out.push({ value: "a".repeat(len), rule: `x-min-character-classes ${classes} (1 class)` });
      out.push({
        value: resize(CLASS_FILL.slice(0, classes), len, "a"),
        rule: `x-min-character-classes ${classes}`,
      });
    }
    if (typeof s.pattern === "string") {
      for (const v of [`9${str}`, `-${str}`, `${str} x`, `${str}!`, `${str}é`])
        out.push({ value: v, rule: `pattern ${s.pattern}` });
    }
    if (s.format === "email")
      out.push({ value: `${str.replace(/@.*/, "")}-not-an-email`, rule: "format email" });
    if (s.format === "date-time") out.push({ value: "not-a-date", rule: "format date-time" });
    if (Array.isArray(s.enum) || "const" in s) out.push({ value: `${str}-not-allowed`, rule: "enum" });
    if (!text) out.push({ value: 12345, rule: "type string" });
  }
  if (types.includes("integer") || types.includes("number")) {
    const lo = s.minimum as number | undefined;
    const hi = s.maximum as number | undefined;
    if (lo !== undefined)
      out.push({ value: lo, rule: `minimum ${lo}` }, { value: lo - 1, rule: `minimum ${lo} - 1` });
    if (hi !== undefined)
      out.push({ value: hi, rule: `maximum ${hi}` }, { value: hi + 1, rule: `maximum ${hi} + 1` });
    if (types.includes("integer")) out.push({ value: 1.5, rule: "type integer" });
    out.push({ value: "not-a-number", rule: `type ${types.includes("integer") ? "integer" : "number"}` });
  }
  if (types.includes("boolean")) out.push({ value: "yes", rule: "type boolean" });
  if (types.includes("object") || s.properties) {
    out.push({ value: "not-an-object", rule: "type object" });
    if (s.additionalProperties === false) {
      const base = current && typeof current === "object" ? current : {};
      out.push({ value: { ...base, ctUnknownField: "x" }, rule: "additionalProperties false" });
    }
  }
  if (types.includes("array")) out.push({ value: "not-an-array", rule: "type array" });
  return out;
}

/** Boundary and one-rule-broken cases for every field of an operation, each judged against all policies. */
export function coverageCases(
  spec: SpecModel,
  op: Operation,
  policies: Policy[],
  fill: Fill,
  options: { mutatingKeys: boolean },
): Case[] {
  const judge = createJudge(spec, op, policies);
  const base = baseRequest(spec, op, policies, fill);
  const identity = new Set((fill.semantics?.identity ?? []).map((i) => i.pointer));
  const bound = new Set(Object.keys(fill.semantics?.bindings ?? {}));
  const unjudged = fill.unjudged ?? [];
  const out: Case[] = [];
  const seen = new Set<string>();
  const add = (data: RequestData, rule: string, field: string) => {
    const key = JSON.stringify(data);
    if (seen.has(key) || !sendable(data)) return;
    // An empty optional query or header value reads as "absent" to most servers: not judged either way.
    if (!field.startsWith("/body") && getAt(data, field) === "") return;
    seen.add(key);
    const skip = [...unjudged, ...(fill.semantics?.unjudged ?? [])];
    if (skip.some((u) => (u.rule && rule.startsWith(u.rule)) || (u.field && field.startsWith(u.field))))
      return;
    if (judge.valid(data)) {
      // A bound field names the run's cluster or zone: another valid value would name something else.
      if (bound.has(field)) return;
      // A valid identity value must stay ours: on a real server it could otherwise name somebody else's user.
      // Only its length varies: any other valid value would be a guess at somebody's name.
      if (identity.has(field) && (!fill.names.owns(getAt(data, field)) || !/Length|optional/.test(rule)))
        return;
      if (options.mutatingKeys && identity.has(field) && getAt(data, field) === getAt(base, field)) return;
      out.push({ data, valid: true, rule, field });
    } else if (judge.invalid(data)) out.push({ data, valid: false, rule, field });
  };
  for (const f of fields(spec, op)) {
    const current = getAt(base, f.pointer);
    const text = !f.pointer.startsWith("/body");
    for (const c of fieldCandidates(
      f.schema,
      identity.has(f.pointer) ? getAt(personalize(spec, op, base, fill), f.pointer) : current,
      text,
    )) {
      add(setAt(base, f.pointer, c.value), c.rule, f.pointer);
    }
    // Optional fields appear in coverage too, each with a valid value (a server may refuse a valid extra).
    if (!f.required && current === undefined && f.pointer !== "/body") {
      const id = fill.semantics?.identity?.find((i) => i.pointer === f.pointer);
      const value = id ? fill.names.next(f.schema, id.style) : validValue(spec, f.schema, policies);
      add(setAt(base, f.pointer, value), "optional field present", f.pointer);
    }
    // A path parameter cannot be left out: the URL would name another resource.
    if (f.required && f.pointer !== "/body" && !f.pointer.startsWith("/path/"))
      add(setAt(base, f.pointer, undefined), "required", f.pointer);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Fuzz: fast-check arbitraries for valid requests and for requests with one field broken.

export function arbitraryFor(
  spec: SpecModel,
  schema: unknown,
  policies: Policy[],
  depth = 0,
): fc.Arbitrary<unknown> {
  const s = mergeAllOf(spec, policySchema(spec, schema, policies[0] ?? "spec"));
  const variants = policies.map((p) => policySchema(spec, schema, p));
  const ok = (v: unknown) => variants.every((x) => spec.validator(x)(v));
  const fallback = validValue(spec, schema, policies);
  if (depth > 6) return fc.constant(fallback);
  const types = Array.isArray(s.type) ? s.type : [s.type];
  let arb: fc.Arbitrary<unknown>;
  if ("const" in s) arb = fc.constant(s.const);
  else if (Array.isArray(s.enum)) arb = fc.constantFrom(...(s.enum as unknown[]));
  else if (s.type === "object" || s.properties) {
    const props = (s.properties ?? {}) as Record<string, unknown>;
    const required = new Set((s.required ?? []) as string[]);
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [k, v] of Object.entries(props)) model[k] = arbitraryFor(spec, v, policies, depth + 1);
    const requiredKeys = Object.keys(props).filter((k) => required.has(k));
    arb = fc.record(model, { requiredKeys });
  } else if (types.includes("string")) {
    const minLength = (s.minLength as number) ?? 0;
    const maxLength = Math.min((s.maxLength as number) ?? 40, MAX_FUZZ_LENGTH);
    if (typeof s.pattern === "string") {
      let re: RegExp | undefined;
      try {
        re = new RegExp(s.pattern);
      } catch {
        re = undefined;
      }
      arb = re ? fc.stringMatching(re, { size: "small" }) : fc.string({ minLength, maxLength });
    } else if (s.format === "email") arb = fc.emailAddress();
    else
      arb = fc.oneof(
        fc.string({ minLength, maxLength }),
        fc.string({ minLength, maxLength, unit: "grapheme" }),
        fc.constant(CLASS_FILL.repeat(20).slice(0, Math.max(minLength, Math.min(12, maxLength)))),
      );
  } else if (types.includes("integer"))
    arb = fc.integer({ min: (s.minimum as number) ?? -1000, max: (s.maximum as number) ?? 100000 });
  else if (types.includes("number")) arb = fc.double({ noNaN: true, noDefaultInfinity: true });
  else if (types.includes("boolean")) arb = fc.boolean();
  else if (types.includes("array"))
    arb = fc.array(arbitraryFor(spec, s.items ?? {}, policies, depth + 1), { maxLength: 3 });
  else arb = fc.constant(fallback);
  // Values the policies disagree on, or that break a rule the arbitrary cannot express, fall back to the
  // canonical value rather than being filtered away (filters can starve on strict rules).
  return arb.map((v) => (ok(v) ? v : fallback));
}

/** Arbitrary valid requests: optional fields sometimes present, identity and bound fields always ours. */
export function validRequestArbitrary(
  spec: SpecModel,
  op: Operation,
  policies: Policy[],
  fill: Fill,
): fc.Arbitrary<RequestData> {
  const judge = createJudge(spec, op, policies);
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of op.parameters) {
    if (p.clientManaged || p.in === "cookie") continue;
    parts[`${p.in}:${p.name}`] = p.required
      ? arbitraryFor(spec, p.schema, policies)
      : fc.option(arbitraryFor(spec, p.schema, policies), { nil: undefined });
  }
  const bodySchema = op.body?.content["application/json"]?.schema;
  const body = bodySchema ? arbitraryFor(spec, bodySchema, policies) : fc.constant(undefined);
  const base = baseRequest(spec, op, policies, fill);
  return fc.record({ params: fc.record(parts), body }).map(({ params, body: b }) => {
    const data: RequestData = { path: {}, query: {}, header: {}, ...(b !== undefined ? { body: b } : {}) };
    for (const [k, v] of Object.entries(params)) {
      if (v === undefined) continue;
      const [where, name] = k.split(":") as ["path" | "query" | "header", string];
      data[where][name] = v;
    }
    const personal = personalize(spec, op, data, fill);
    return judge.valid(personal) && sendable(personal) ? personal : base;
  });
}

/**
 * Arbitrary requests with exactly one field broken: a coverage mutation that is known to break the rule, applied
 * to a random valid request. When the random request makes it valid again, the coverage case itself is used
 * (mapping, not filtering, so strict rules cannot starve the generator).
 */
export function invalidRequestArbitrary(
  spec: SpecModel,
  op: Operation,
  policies: Policy[],
  fill: Fill,
): fc.Arbitrary<Case> | undefined {
  const judge = createJudge(spec, op, policies);
  const negatives = coverageCases(spec, op, policies, fill, { mutatingKeys: true }).filter((c) => !c.valid);
  if (negatives.length === 0) return undefined;
  const valid = validRequestArbitrary(spec, op, policies, fill);
  return fc.tuple(valid, fc.constantFrom(...negatives)).map(([data, neg]): Case => {
    if (!neg.field) return neg;
    const mutated = setAt(data, neg.field, getAt(neg.data, neg.field));
    return judge.invalid(mutated) && sendable(mutated) ? { ...neg, data: mutated } : neg;
  });
}
