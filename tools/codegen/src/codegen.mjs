// Generates a client's typed surface from one bundled spec:
//   schema.ts      — openapi-typescript's `paths`, `components`, `operations` types
//   operations.ts  — a runtime table of every operation (method, path, idempotency, and the JSON Schemas the
//                    client validates input against before sending), so clients never copy spec facts by hand.
//   validators.js  — those schemas compiled now, as Ajv standalone code (client-core's Ajv set-up), so no client
//                    loads Ajv or compiles anything at run time, with its validators.d.ts; one more pair
//                    (`validators.<extension>.{js,d.ts}`) per overlay.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { standaloneValidatorsDeclaration, standaloneValidatorsModule } from "@userctl/client-core/compile";
import openapiTS, { astToString } from "openapi-typescript";

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Point local refs ("#/components/...") at the schema document's $id so Ajv resolves them from anywhere. */
function anchorRefs(node, id) {
  if (Array.isArray(node)) return node.map((item) => anchorRefs(item, id));
  if (!node || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === "$ref" && typeof value === "string" && value.startsWith("#/")
        ? `${id}${value}`
        : anchorRefs(value, id);
  }
  return out;
}

function resolveLocal(doc, node) {
  let current = node;
  while (current && typeof current.$ref === "string" && current.$ref.startsWith("#/")) {
    current = current.$ref
      .slice(2)
      .split("/")
      .reduce((acc, part) => acc?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
  }
  return current;
}

/** Dotted paths of body fields whose schema says `format: password`: values every error must have redacted. */
function secretFieldsOf(doc, schema, prefix = "", seen = new Set()) {
  const node = resolveLocal(doc, schema);
  if (!node || typeof node !== "object" || seen.has(node)) return [];
  seen.add(node);
  if (node.format === "password") return prefix ? [prefix] : [];
  const found = [];
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    found.push(...secretFieldsOf(doc, child, prefix ? `${prefix}.${name}` : name, seen));
  }
  for (const key of ["allOf", "oneOf", "anyOf"]) {
    for (const branch of node[key] ?? []) found.push(...secretFieldsOf(doc, branch, prefix, seen));
  }
  return [...new Set(found)];
}

function parametersOf(doc, pathItem, operation) {
  const byKey = new Map();
  for (const raw of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
    const param = resolveLocal(doc, raw);
    if (param) byKey.set(`${param.in}:${param.name}`, param);
  }
  return [...byKey.values()];
}

/** One JSON Schema per parameter location, without the parameters the client fills in itself. */
function paramsSchemaFor(params, id) {
  const locations = {};
  for (const param of params) {
    if (param["x-client-managed"] === true) continue;
    // Query and path parameters are a closed set: a misspelt one is a mistake, not an extra. Headers are open.
    locations[param.in] ??= {
      type: "object",
      properties: {},
      required: [],
      ...(param.in === "header" ? {} : { additionalProperties: false }),
    };
    const loc = locations[param.in];
    loc.properties[param.name] = anchorRefs(param.schema ?? {}, id);
    if (param.required) loc.required.push(param.name);
  }
  if (Object.keys(locations).length === 0) return undefined;
  return {
    type: "object",
    properties: locations,
    required: Object.entries(locations)
      .filter(([, loc]) => loc.required.length > 0)
      .map(([name]) => name),
  };
}

export function buildOperationTable(doc, apiId) {
  const id = `urn:userctl:${apiId}`;
  const operations = {};
  for (const [path, pathItem] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      const { operationId } = operation;
      if (!operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      if (operations[operationId]) throw new Error(`operationId ${operationId} is used twice`);
      const requestBody = resolveLocal(doc, operation.requestBody);
      const params = parametersOf(doc, pathItem, operation);
      const bodyMedia = requestBody?.content?.["application/json"];
      operations[operationId] = {
        operationId,
        method,
        path,
        idempotent: operation["x-idempotent"] === true,
        summary: operation.summary ?? "",
        tags: operation.tags ?? [],
        bodyRequired: requestBody?.required === true,
        security: operation.security ?? doc.security ?? [],
        bodySchema: bodyMedia?.schema ? anchorRefs(bodyMedia.schema, id) : undefined,
        secretFields: bodyMedia?.schema ? secretFieldsOf(doc, bodyMedia.schema) : [],
        clientManagedParams: params.filter((p) => p["x-client-managed"] === true).map((p) => p.name),
        paramsSchema: paramsSchemaFor(params, id),
      };
    }
  }
  // Only schemas are reachable from request validation; examples and responses would just add weight.
  return { schemaDocument: { $id: id, components: { schemas: doc.components?.schemas ?? {} } }, operations };
}

function renderOperationsModule(specName, table) {
  const lines = [
    `// Generated by tools/codegen from ${specName}. Do not edit: change the spec and rebuild.`,
    `import type { JsonSchema, OperationMeta } from "@userctl/client-core";`,
    "",
    `export const schemaDocument: JsonSchema = ${JSON.stringify(table.schemaDocument)};`,
    "",
    "export const operations = {",
  ];
  for (const op of Object.values(table.operations)) {
    const { bodySchema, paramsSchema, ...plain } = op;
    const fields = Object.entries(plain).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
    if (bodySchema) fields.push(`bodySchema: ${JSON.stringify(bodySchema)} as JsonSchema`);
    if (paramsSchema) fields.push(`paramsSchema: ${JSON.stringify(paramsSchema)} as JsonSchema`);
    lines.push(`  ${op.operationId}: { ${fields.join(", ")} },`);
  }
  // `as const` alone, so the declaration emit reads the table's type off the literal (isolatedDeclarations; a
  // `satisfies` would need the checker). The table is checked against OperationMeta by a type-only constraint.
  lines.push("} as const;", "");
  lines.push("type Checked<Table extends Record<string, OperationMeta>> = Table;");
  lines.push("export type OperationTable = Checked<typeof operations>;");
  lines.push("export type OperationId = keyof OperationTable;", "");
  return lines.join("\n");
}

/**
 * The schema document with each schema's `<extension>` object laid over it: a spec's alternative rule set
 * (Milvus's `x-zilliz-cloud-policy`, the Zilliz Cloud documents' stricter rules), validated by its own validator table.
 */
export function overlay(node, extension) {
  if (Array.isArray(node)) return node.map((item) => overlay(item, extension));
  if (!node || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) out[key] = overlay(value, extension);
  const layer = node[extension];
  if (layer && typeof layer === "object") Object.assign(out, layer);
  return out;
}

/** `validators.js`, or `validators.<extension>.js` for an overlay. */
export const validatorsFileName = (extension) => (extension ? `validators.${extension}.js` : "validators.js");

/**
 * Generate the files for one bundled spec; returns the paths written. `overlays`: schema extensions that each
 * get a validator table of their own (see `overlay`).
 */
export async function generate(
  specFile,
  outDir,
  apiId = basename(specFile).replace(/\.openapi\.json$/, ""),
  overlays = [],
) {
  const text = await readFile(specFile, "utf8");
  const doc = JSON.parse(text);
  const ast = await openapiTS(doc, { alphabetize: false, exportType: false });
  const banner = `// Generated by openapi-typescript from ${basename(specFile)}. Do not edit: change the spec and rebuild.\n`;
  await mkdir(outDir, { recursive: true });
  const schemaFile = join(outDir, "schema.ts");
  const operationsFile = join(outDir, "operations.ts");
  await writeFile(schemaFile, banner + astToString(ast));
  const table = buildOperationTable(doc, apiId);
  await writeFile(operationsFile, renderOperationsModule(basename(specFile), table));
  const header = `// Generated by tools/codegen from ${basename(specFile)}. Do not edit: change the spec and rebuild.`;
  const written = [schemaFile, operationsFile];
  for (const extension of [undefined, ...overlays]) {
    const schemaDocument = extension ? overlay(table.schemaDocument, extension) : table.schemaDocument;
    const file = join(outDir, validatorsFileName(extension));
    await writeFile(file, standaloneValidatorsModule(schemaDocument, table.operations, header));
    const declarationFile = file.replace(/\.js$/, ".d.ts");
    await writeFile(declarationFile, standaloneValidatorsDeclaration(header));
    written.push(file, declarationFile);
  }
  return written;
}
