// Which schema idioms belong to which OpenAPI version. A 3.1 document written with 3.0 idioms (or the other
// way round) is read differently by different generators: oapi-codegen ignores `nullable` in 3.1, kin-openapi
// 0.110 cannot even parse a `type` list. Used by the lint rule `userctl/version-idioms` (sources) and by
// specs/test/bundles.test.mjs (all six bundles in dist/).

// Schema keywords that exist only in JSON Schema 2020-12, i.e. only in OpenAPI 3.1.
const ONLY_31_KEYWORDS = [
  "const",
  "examples",
  "$defs",
  "$id",
  "$schema",
  "$anchor",
  "$dynamicRef",
  "$dynamicAnchor",
  "$comment",
  "if",
  "then",
  "else",
  "prefixItems",
  "contains",
  "minContains",
  "maxContains",
  "unevaluatedItems",
  "unevaluatedProperties",
  "dependentRequired",
  "dependentSchemas",
  "patternProperties",
  "propertyNames",
  "contentMediaType",
  "contentEncoding",
  "contentSchema",
];

// Keys whose value is a schema, a list of schemas or a map of schemas.
const SCHEMA_KEYS = ["not", "items", "additionalProperties", "if", "then", "else", "contains"];
const SCHEMA_LIST_KEYS = ["allOf", "anyOf", "oneOf", "prefixItems"];
const SCHEMA_MAP_KEYS = ["properties", "$defs", "patternProperties", "dependentSchemas"];

/** Calls visit(schema, pointer) for every schema object in a schema tree (booleans included). */
export function walkSchema(schema, pointer, visit) {
  visit(schema, pointer);
  if (!schema || typeof schema !== "object") return;
  for (const key of SCHEMA_KEYS) {
    // A boolean additionalProperties is valid in both versions; every other boolean is a 3.1 boolean schema.
    if (key === "additionalProperties" && typeof schema[key] === "boolean") continue;
    if (key in schema) walkSchema(schema[key], `${pointer}/${key}`, visit);
  }
  for (const key of SCHEMA_LIST_KEYS)
    if (Array.isArray(schema[key]))
      schema[key].forEach((s, i) => {
        walkSchema(s, `${pointer}/${key}/${i}`, visit);
      });
  for (const key of SCHEMA_MAP_KEYS)
    if (schema[key] && typeof schema[key] === "object")
      for (const [name, s] of Object.entries(schema[key])) walkSchema(s, `${pointer}/${key}/${name}`, visit);
}

/** Calls visit(schema, pointer) for every top-level schema of an OpenAPI document (components, parameters, bodies). */
export function forEachDocumentSchema(doc, visit) {
  const seen = new Set();
  const walk = (node, pointer) => {
    if (!node || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    for (const [key, value] of Object.entries(node)) {
      const here = `${pointer}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;
      if (key === "schema" && value && typeof value === "object" && !pointer.includes("/examples/"))
        walkSchema(value, here, visit);
      else if (key === "schemas" && pointer === "#/components")
        for (const [name, s] of Object.entries(value)) walkSchema(s, `${here}/${name}`, visit);
      else if (key !== "example" && key !== "examples") walk(value, here);
    }
  };
  walk(doc, "#");
}

const isNullSchema = (s) => s && typeof s === "object" && s.type === "null" && Object.keys(s).length === 1;

/** Problems `{ pointer, message }` where a schema uses an idiom of the other OpenAPI version. */
export function schemaIdiomProblems(schema, pointer, version) {
  const problems = [];
  const report = (where, message) => problems.push({ pointer: where, message });
  if (typeof schema === "boolean") {
    if (version === "3.0")
      report(pointer, "boolean schemas exist only in OpenAPI 3.1; write {} or {not: {}}");
    return problems;
  }
  if (!schema || typeof schema !== "object") return problems;
  if (version === "3.1") {
    if ("nullable" in schema)
      report(`${pointer}/nullable`, "`nullable` is OpenAPI 3.0; in 3.1 write `type: [T, 'null']`");
    for (const key of ["exclusiveMinimum", "exclusiveMaximum"])
      if (typeof schema[key] === "boolean")
        report(`${pointer}/${key}`, `boolean \`${key}\` is OpenAPI 3.0; in 3.1 it is the bound itself`);
    return problems;
  }
  if (Array.isArray(schema.required) && schema.required.length === 0)
    report(`${pointer}/required`, "an empty `required` list is invalid in OpenAPI 3.0; leave it out");
  if (Array.isArray(schema.type))
    report(`${pointer}/type`, "a `type` list is OpenAPI 3.1; in 3.0 use `nullable`");
  if (schema.type === "null")
    report(`${pointer}/type`, "`type: 'null'` is OpenAPI 3.1; in 3.0 use `nullable`");
  for (const key of ["anyOf", "oneOf"])
    if (Array.isArray(schema[key]) && schema[key].some(isNullSchema))
      report(`${pointer}/${key}`, `\`${key}\` with {type: 'null'} is OpenAPI 3.1; in 3.0 use \`nullable\``);
  for (const key of ["exclusiveMinimum", "exclusiveMaximum"])
    if (key in schema && typeof schema[key] !== "boolean")
      report(
        `${pointer}/${key}`,
        `numeric \`${key}\` is OpenAPI 3.1; in 3.0 use minimum/maximum + ${key}: true`,
      );
  for (const key of ONLY_31_KEYWORDS)
    if (key in schema) report(`${pointer}/${key}`, `\`${key}\` is OpenAPI 3.1 (JSON Schema 2020-12) only`);
  if (typeof schema.$ref === "string" && Object.keys(schema).some((k) => k !== "$ref" && !k.startsWith("x-")))
    report(pointer, "siblings of `$ref` are ignored in OpenAPI 3.0; wrap the $ref in allOf");
  return problems;
}

/** "3.0" | "3.1" from the document's `openapi` field. */
export function versionOf(doc) {
  const match = /^3\.(0|1)\./.exec(String(doc?.openapi ?? ""));
  if (!match) throw new Error(`openapi: "${doc?.openapi}" is neither 3.0.x nor 3.1.x`);
  return `3.${match[1]}`;
}

/** Every idiom problem of a whole document, against the version it declares. */
export function documentIdiomProblems(doc) {
  const version = versionOf(doc);
  const problems = [];
  if (version === "3.0") {
    for (const key of ["webhooks", "jsonSchemaDialect"])
      if (key in doc) problems.push({ pointer: `#/${key}`, message: `\`${key}\` is OpenAPI 3.1 only` });
    if (doc.info?.summary !== undefined)
      problems.push({ pointer: "#/info/summary", message: "`info.summary` is OpenAPI 3.1 only" });
    if (doc.info?.license?.identifier !== undefined)
      problems.push({
        pointer: "#/info/license/identifier",
        message: "`license.identifier` is OpenAPI 3.1 only",
      });
    if (doc.components?.pathItems)
      problems.push({
        pointer: "#/components/pathItems",
        message: "`components.pathItems` is OpenAPI 3.1 only",
      });
  }
  forEachDocumentSchema(doc, (schema, pointer) => {
    problems.push(...schemaIdiomProblems(schema, pointer, version));
  });
  return problems;
}
