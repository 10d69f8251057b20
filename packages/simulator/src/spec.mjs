// The bundled specs (specs/dist, copied into the package at build) and request validators compiled from them
// with Ajv's 2020-12 dialect, once per simulator start.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// Ajv is loaded (synchronously, it is CommonJS) on the first compile, not at import: start-up stays short.
const require = createRequire(import.meta.url);

const here = dirname(fileURLToPath(import.meta.url));

export function specFile(api) {
  const packaged = join(here, "..", "spec", `${api}.openapi.json`);
  if (existsSync(packaged)) return packaged;
  // Inside the monorepo before the first build of this package.
  return resolve(here, "../../../specs/dist", `${api}.openapi.json`);
}

export function loadSpec(api) {
  const file = specFile(api);
  if (!existsSync(file)) throw new Error(`${file} does not exist: run the build first (pnpm build)`);
  return JSON.parse(readFileSync(file, "utf8"));
}

/**
 * A copy of `schemas` as the simulated server applies them (the schemas state what the server accepts).
 * `dropAdditional` removes `additionalProperties: false` for servers that ignore unknown fields (Milvus);
 * `overlay` names an opt-in policy extension laid over the schemas (e.g. `x-zilliz-cloud-policy`).
 */
function serverPolicy(node, dropAdditional, overlay) {
  if (Array.isArray(node)) return node.map((item) => serverPolicy(item, dropAdditional, overlay));
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "examples" || key === "example" || key === overlay) continue;
    if (dropAdditional && key === "additionalProperties" && value === false) continue;
    out[key] = serverPolicy(value, dropAdditional, overlay);
  }
  const policy = overlay ? node[overlay] : undefined;
  if (policy && typeof policy === "object") Object.assign(out, policy);
  return out;
}

const characterClasses = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/];

function createAjv() {
  const { Ajv2020 } = require("ajv/dist/2020");
  const addFormats = require("ajv-formats");
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, validateSchema: false });
  addFormats(ajv);
  // The specs' portable stand-ins for rules a pattern cannot express (ARCHITECTURE.md "Specs").
  ajv.addKeyword({
    keyword: "x-max-bytes",
    type: "string",
    validate: (max, value) => Buffer.byteLength(value, "utf8") <= max,
    errors: false,
  });
  ajv.addKeyword({
    keyword: "x-min-bytes",
    type: "string",
    validate: (min, value) => Buffer.byteLength(value, "utf8") >= min,
    errors: false,
  });
  ajv.addKeyword({
    keyword: "x-min-character-classes",
    type: "string",
    validate: (min, value) => characterClasses.filter((re) => re.test(value)).length >= min,
    errors: false,
  });
  ajv.addFormat("password", true);
  return ajv;
}

/**
 * Per operation: method, path, a body validator and a query validator (see `checker`).
 * @param {object} spec
 * @param {{ dropAdditional?: boolean, overlay?: string }} [options]
 */
export function compileOperations(spec, options = {}) {
  const components = serverPolicy(spec.components ?? {}, options.dropAdditional, options.overlay);
  let instance;
  const ajv = {
    compile(schema) {
      if (!instance) {
        instance = createAjv();
        instance.addSchema({ $id: "urn:userctl:spec", components }, "urn:userctl:spec");
      }
      return instance.compile(schema);
    },
  };
  const refOf = (schema) => {
    const rewritten = JSON.parse(
      JSON.stringify(serverPolicy(schema, options.dropAdditional, options.overlay)).replaceAll(
        '"#/components/',
        '"urn:userctl:spec#/components/',
      ),
    );
    return rewritten;
  };
  const resolveParam = (param) =>
    param.$ref ? spec.components.parameters[param.$ref.split("/").pop()] : param;

  const table = {};
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op || typeof op !== "object" || !op.operationId) continue;
      const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
      const params = (op.parameters ?? []).map(resolveParam);
      const query = params.filter((p) => p.in === "query");
      const querySchema = {
        type: "object",
        required: query.filter((p) => p.required).map((p) => p.name),
        properties: Object.fromEntries(query.map((p) => [p.name, refOf(p.schema ?? {})])),
      };
      // Compiled on first use (or by `warm`), so start-up does not wait for Ajv: start-up stays < 300 ms.
      let body;
      let queryCheck;
      table[op.operationId] = {
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        get body() {
          if (body === undefined && bodySchema) body = checker(ajv.compile(refOf(bodySchema)));
          return body;
        },
        get query() {
          if (queryCheck === undefined && query.length > 0) queryCheck = checker(ajv.compile(querySchema));
          return queryCheck;
        },
        /** The body's own top-level `required` (not those of conditional subschemas). */
        bodyRequired: resolvedSchema(spec, bodySchema)?.required ?? [],
        queryTypes: Object.fromEntries(query.map((p) => [p.name, resolvedType(spec, p.schema)])),
        responses: op.responses,
      };
    }
  }
  return table;
}

/** Compile every validator now (called right after the server listens). */
export function warm(table) {
  const pending = Object.values(table);
  const next = () => {
    const op = pending.shift();
    if (!op) return;
    op.body;
    op.query;
    setImmediate(next).unref?.();
  };
  next();
}

function resolvedSchema(spec, schema) {
  if (schema?.$ref) return resolvedSchema(spec, spec.components.schemas[schema.$ref.split("/").pop()]);
  return schema;
}

function resolvedType(spec, schema) {
  if (!schema) return undefined;
  if (schema.$ref) return resolvedType(spec, spec.components.schemas[schema.$ref.split("/").pop()]);
  return schema.type;
}

/** `(value) => undefined | problems[]`, each `{ field, path, keyword, message, params }`, in Ajv's order. */
function checker(validate) {
  return (value) => {
    if (validate(value)) return undefined;
    return validate.errors.map((error) => {
      const base = error.instancePath
        .split("/")
        .slice(1)
        .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
      const extra =
        error.keyword === "required"
          ? error.params.missingProperty
          : error.keyword === "additionalProperties"
            ? error.params.additionalProperty
            : undefined;
      const path = extra === undefined ? base : [...base, extra];
      return {
        field: path.join("."),
        path,
        keyword: error.keyword,
        message: error.message,
        params: error.params,
        schemaPath: error.schemaPath,
      };
    });
  };
}

/** The spec's `x-error-codes` table (first one found under components.schemas). */
export function errorCodes(spec) {
  for (const schema of Object.values(spec.components?.schemas ?? {})) {
    if (Array.isArray(schema["x-error-codes"])) return schema["x-error-codes"];
  }
  return [];
}
