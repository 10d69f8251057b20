// The bundled OpenAPI document as the tester needs it: operations with their parameters, bodies and documented
// responses, and one Ajv (JSON Schema 2020-12) that knows the project's own keywords.

import { countCharacterClasses, MAX_BYTES, MIN_BYTES, MIN_CHARACTER_CLASSES } from "@userctl/client-core";
import AjvModule, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

const Ajv2020 = AjvModule.default;
const addFormats = addFormatsModule.default;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Schema = Record<string, unknown>;
export type OpenApi = {
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  security?: Record<string, string[]>[];
};

export interface Parameter {
  name: string;
  in: "query" | "header" | "path" | "cookie";
  required: boolean;
  schema: Schema;
  /** `x-client-managed`: filled by the signer/client (EHPC signature, timestamp…), never generated. */
  clientManaged: boolean;
  example?: unknown;
}

export interface MediaType {
  schema?: Schema;
  examples: Record<string, unknown>;
}

export interface ResponseSpec {
  content: Record<string, MediaType>;
  headers: Record<string, { required: boolean; schema?: Schema }>;
}

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  parameters: Parameter[];
  body?: { required: boolean; content: Record<string, MediaType> };
  responses: Record<string, ResponseSpec>;
  /** Names of the security schemes of the first requirement ([] = no auth). */
  security: string[][];
  secretFields: string[];
  /** Error codes this operation's own responses name (in examples or as `CODE` in their descriptions). */
  documentedCodes: string[];
}

export interface SecurityScheme {
  type: string;
  scheme?: string;
  in?: string;
  name?: string;
}

export interface SpecModel {
  doc: OpenApi;
  operations: Map<string, Operation>;
  securitySchemes: Record<string, SecurityScheme>;
  /** Follows a local `$ref` (any depth) and returns the target. */
  deref<T = Schema>(value: unknown): T;
  /** A validator for a schema of this document (compiled once). */
  validator(schema: Schema): ValidateFunction;
  /** The component schema named by `#/components/schemas/<name>`. */
  component(name: string): Schema;
}

function pointerGet(doc: unknown, pointer: string): unknown {
  if (pointer === "" || pointer === "#") return doc;
  const parts = pointer.replace(/^#?\//, "").split("/");
  let cur: unknown = doc;
  for (const raw of parts) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

export { pointerGet };

/** Ajv with the vendor keywords the specs use (`x-min-character-classes`, `x-min-bytes`, `x-max-bytes`) as real rules. */
export function createAjv(): InstanceType<typeof AjvModule.default> {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats(ajv);
  ajv.addKeyword({
    keyword: MIN_CHARACTER_CLASSES,
    type: "string",
    schemaType: "number",
    validate: (min: number, data: string) => countCharacterClasses(data) >= min,
  });
  ajv.addKeyword({
    keyword: MAX_BYTES,
    type: "string",
    schemaType: "number",
    validate: (max: number, data: string) => Buffer.byteLength(data, "utf8") <= max,
  });
  ajv.addKeyword({
    keyword: MIN_BYTES,
    type: "string",
    schemaType: "number",
    validate: (min: number, data: string) => Buffer.byteLength(data, "utf8") >= min,
  });
  // Documentation-only extensions.
  for (const k of ["x-rule", "x-zilliz-cloud-policy", "x-since", "x-error-codes", "x-client-managed"])
    ajv.addKeyword({ keyword: k });
  return ajv;
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

export function loadSpec(doc: OpenApi): SpecModel {
  const ajv = createAjv();
  const withId = { ...doc, $id: "urn:userctl:spec" };
  ajv.addSchema(withId as object);
  const cache = new Map<Schema, ValidateFunction>();
  const deref = <T>(value: unknown): T => {
    let cur = value as Record<string, unknown> | undefined;
    for (let i = 0; i < 20 && cur && typeof cur.$ref === "string"; i++) {
      cur = pointerGet(doc, cur.$ref as string) as Record<string, unknown> | undefined;
    }
    return cur as T;
  };
  // Local refs resolve against the whole document registered under one id.
  const rebase = (schema: unknown): unknown => {
    if (Array.isArray(schema)) return schema.map(rebase);
    if (schema && typeof schema === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(schema)) {
        out[k] =
          k === "$ref" && typeof v === "string" && v.startsWith("#") ? `urn:userctl:spec${v}` : rebase(v);
      }
      return out;
    }
    return schema;
  };
  const validator = (schema: Schema) => {
    let fn = cache.get(schema);
    if (!fn) {
      fn = ajv.compile(rebase(schema) as object);
      cache.set(schema, fn);
    }
    return fn;
  };
  const media = (content: unknown): Record<string, MediaType> => {
    const out: Record<string, MediaType> = {};
    for (const [type, m] of Object.entries((content ?? {}) as Record<string, Record<string, unknown>>)) {
      const examples: Record<string, unknown> = {};
      for (const [name, ex] of Object.entries((m.examples ?? {}) as Record<string, unknown>)) {
        const e = deref<Record<string, unknown>>(ex);
        if (e && "value" in e) examples[name] = e.value;
      }
      if ("example" in m) examples.example = m.example;
      out[type] = { schema: m.schema as Schema | undefined, examples };
    }
    return out;
  };
  const operations = new Map<string, Operation>();
  for (const [path, item] of Object.entries(doc.paths)) {
    const shared = (item.parameters ?? []) as unknown[];
    for (const method of METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op?.operationId) continue;
      const parameters = [...shared, ...((op.parameters ?? []) as unknown[])].map((p) => {
        const d = deref<Record<string, unknown>>(p);
        return {
          name: d.name as string,
          in: d.in as Parameter["in"],
          required: Boolean(d.required),
          schema: (d.schema ?? {}) as Schema,
          clientManaged: d["x-client-managed"] === true,
          example: d.example,
        };
      });
      const reqBody = op.requestBody ? deref<Record<string, unknown>>(op.requestBody) : undefined;
      const responses: Record<string, ResponseSpec> = {};
      const documentedCodes = new Set<string>();
      for (const [status, r] of Object.entries(op.responses as Record<string, unknown>)) {
        const d = deref<Record<string, unknown>>(r);
        for (const m of String(d.description ?? "").matchAll(/`([A-Z][A-Z0-9_]{3,}|\d{3,5})`/g))
          documentedCodes.add(m[1] as string);
        const headers: ResponseSpec["headers"] = {};
        for (const [h, hv] of Object.entries((d.headers ?? {}) as Record<string, unknown>)) {
          const hd = deref<Record<string, unknown>>(hv);
          headers[h.toLowerCase()] = { required: Boolean(hd.required), schema: hd.schema as Schema };
        }
        responses[status] = { content: media(d.content), headers };
        for (const mt of Object.values(responses[status].content))
          for (const ex of Object.values(mt.examples)) collectCodes(ex, documentedCodes);
      }
      const security = ((op.security ?? doc.security ?? []) as Record<string, string[]>[]).map((req) =>
        Object.keys(req),
      );
      const body = reqBody
        ? { required: Boolean(reqBody.required), content: media(reqBody.content) }
        : undefined;
      operations.set(op.operationId as string, {
        operationId: op.operationId as string,
        method: method.toUpperCase(),
        path,
        parameters,
        ...(body ? { body } : {}),
        responses,
        security,
        secretFields: [],
        documentedCodes: [...documentedCodes],
      });
    }
  }
  const model: SpecModel = {
    doc,
    operations,
    securitySchemes: (doc.components?.securitySchemes ?? {}) as Record<string, SecurityScheme>,
    deref,
    validator,
    component: (name) => deref<Schema>({ $ref: `#/components/schemas/${name}` }),
  };
  for (const op of operations.values()) op.secretFields = secretPointers(model, op);
  return model;
}

/** JSON pointers of `format: password` fields in an operation's JSON body (their values are secrets). */
function secretPointers(spec: SpecModel, op: Operation): string[] {
  const out: string[] = [];
  const walk = (schema: unknown, at: string, depth: number) => {
    const s = spec.deref<Schema>(schema);
    if (!s || depth > 8) return;
    if (s.format === "password") out.push(at);
    for (const part of (s.allOf ?? []) as unknown[]) walk(part, at, depth + 1);
    for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, unknown>))
      walk(v, `${at}/${k}`, depth + 1);
  };
  walk(op.body?.content["application/json"]?.schema, "", 0);
  return out;
}

/** The documented response for a status: exact, then `4XX`-style, then `default`. */
export function documentedResponse(op: Operation, status: number): ResponseSpec | undefined {
  return op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default;
}

/** Vendor codes inside an example body (`code`, `ret_code`, `err` fields), as text. */
function collectCodes(value: unknown, into: Set<string>, depth = 0): void {
  if (!value || typeof value !== "object" || depth > 4) return;
  for (const [k, v] of Object.entries(value)) {
    if ((k === "code" || k === "ret_code" || k === "err") && (typeof v === "string" || typeof v === "number"))
      into.add(String(v));
    else collectCodes(v, into, depth + 1);
  }
}
