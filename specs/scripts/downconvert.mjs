#!/usr/bin/env node
// Derives dist/<api>.openapi-3.0.{json,yaml} (OpenAPI 3.0.3) from the 3.1 bundle, for the generators, gateways
// and validators that read only 3.0 (openapi-generator's Java client, kin-openapi 0.110, …).
// @apiture/openapi-down-convert does the bulk; projectPass() first rewrites what it misses (see
// shared/reference/generators.md §2a), and the result must pass the 3.0 idiom check or the build fails.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Converter } from "@apiture/openapi-down-convert";
import { stringify } from "yaml";
import { documentIdiomProblems, forEachDocumentSchema } from "../plugins/version-idioms.js";

const isNull = (s) => s && typeof s === "object" && s.type === "null" && Object.keys(s).length === 1;
const clone = (v) => structuredClone(v);

// A schema made nullable: in 3.0 `nullable` does not apply through a bare $ref, so a $ref is wrapped in allOf.
function nullableOf(schema) {
  if (schema.$ref) return { allOf: [{ $ref: schema.$ref }], nullable: true };
  return { ...schema, nullable: true };
}

/** anyOf/oneOf [X, {type: 'null'}] -> X + nullable (the converter only handles `type: [X, 'null']`). */
function collapseNullAlternatives(schema) {
  if (!schema || typeof schema !== "object") return;
  for (const key of ["anyOf", "oneOf"]) {
    if (!Array.isArray(schema[key]) || !schema[key].some(isNull)) continue;
    const rest = schema[key].filter((s) => !isNull(s));
    delete schema[key];
    if (rest.length === 1) Object.assign(schema, nullableOf(rest[0]));
    else Object.assign(schema, { [key]: rest, nullable: true });
  }
}

/** Rewrites one schema in place (children first are handled by the walker's order). */
function rewriteSchema(schema) {
  if (!schema || typeof schema !== "object") return;
  // Boolean subschemas: `true` is the empty schema, `false` matches nothing.
  for (const key of ["properties", "$defs", "patternProperties", "dependentSchemas"]) {
    if (schema[key] && typeof schema[key] === "object")
      for (const [name, value] of Object.entries(schema[key]))
        if (typeof value === "boolean") schema[key][name] = value ? {} : { not: {} };
  }
  for (const key of ["not", "items", "if", "then", "else", "contains"])
    if (typeof schema[key] === "boolean") schema[key] = schema[key] ? {} : { not: {} };
  // 3.0 (JSON Schema draft 4) requires a non-empty `required` list.
  if (Array.isArray(schema.required) && schema.required.length === 0) delete schema.required;
  // A bare `type: 'null'` (a field that is always null): 3.0 has no null type and `nullable` needs a type.
  // `enum: [null]` would be exact but openapi-generator's Java output does not compile with it, so the
  // closest portable shape is a nullable empty string (admits null and "", rejects anything else).
  if (schema.type === "null") Object.assign(schema, { type: "string", nullable: true, maxLength: 0 });
  // `type` lists of more than one non-null type -> anyOf of single types.
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((t) => t !== "null");
    const nullable = types.length !== schema.type.length;
    if (types.length === 1) schema.type = types[0];
    else {
      delete schema.type;
      schema.anyOf = types.map((type) => ({ type }));
    }
    if (nullable) schema.nullable = true;
  }
  // Numeric exclusive bounds -> 3.0's boolean flag beside minimum/maximum.
  for (const [exclusive, bound] of [
    ["exclusiveMinimum", "minimum"],
    ["exclusiveMaximum", "maximum"],
  ]) {
    if (typeof schema[exclusive] === "number") {
      schema[bound] = schema[exclusive];
      schema[exclusive] = true;
    }
  }
  // `const`, falsy values included (the converter skips 0, false and "").
  if ("const" in schema) {
    schema.enum = [schema.const];
    delete schema.const;
  }
  // if/then/else, as 3.0 can say it: "if C then T" is "not (C and not T)", "else E" is "not (not C and not E)".
  // `not` rather than anyOf: openapi-generator ignores `not` but turns an anyOf beside `properties` into
  // composed classes that reject the object's own fields.
  if ("if" in schema) {
    const cond = schema.if;
    const parts = [];
    if (schema.then) parts.push({ not: { allOf: [clone(cond), negate(stripAnnotations(schema.then))] } });
    if (schema.else) parts.push({ not: { allOf: [negate(cond), negate(stripAnnotations(schema.else))] } });
    delete schema.if;
    delete schema.then;
    delete schema.else;
    if (parts.length === 1 && !("not" in schema)) Object.assign(schema, parts[0]);
    else if (parts.length) schema.allOf = [...(schema.allOf ?? []), ...parts];
  }
}

// `not: {not: X}` is X: keeps the common "if a field is absent" condition readable.
function negate(schema) {
  if (schema && typeof schema === "object" && Object.keys(schema).length === 1 && schema.not)
    return clone(schema.not);
  return { not: clone(schema) };
}

// `unevaluatedProperties: true` is a no-op; the other 3.1-only keywords are left to the converter.
function stripAnnotations(schema) {
  const out = clone(schema);
  if (out.unevaluatedProperties === true) delete out.unevaluatedProperties;
  return out;
}

/** `$defs` cannot be referenced in 3.0: hoist them to components.schemas as `<Owner>_<name>`. */
function hoistDefs(doc) {
  const schemas = doc.components?.schemas ?? {};
  const moved = new Map();
  for (const [owner, schema] of Object.entries(schemas)) {
    if (!schema?.$defs) continue;
    for (const [name, def] of Object.entries(schema.$defs)) {
      const target = `${owner}_${name}`;
      if (schemas[target]) throw new Error(`$defs: cannot hoist ${owner}.$defs.${name}, ${target} exists`);
      schemas[target] = def;
      moved.set(`#/components/schemas/${owner}/$defs/${name}`, `#/components/schemas/${target}`);
    }
    delete schema.$defs;
  }
  if (!moved.size) return;
  const walk = (node) => {
    if (!node || typeof node !== "object") return;
    if (typeof node.$ref === "string" && moved.has(node.$ref)) node.$ref = moved.get(node.$ref);
    for (const value of Object.values(node)) walk(value);
  };
  walk(doc);
}

/** The project's own pass over the 3.1 document, before the converter. */
export function projectPass(doc31) {
  const doc = clone(doc31);
  hoistDefs(doc);
  // Deepest schemas first, so a rewrite sees already-rewritten children.
  const schemas = [];
  forEachDocumentSchema(doc, (schema) => {
    schemas.push(schema);
  });
  // Null alternatives first: the `type: 'null'` rewrite below must not see them.
  for (const schema of schemas) collapseNullAlternatives(schema);
  for (const schema of schemas.reverse()) rewriteSchema(schema);
  delete doc.jsonSchemaDialect;
  // 3.0's Info has no summary: keep it as the description's first paragraph.
  if (doc.info?.summary) {
    doc.info.description = doc.info.description
      ? `${doc.info.summary}\n\n${doc.info.description}`
      : doc.info.summary;
    delete doc.info.summary;
  }
  return doc;
}

/** 3.1 document -> 3.0.3 document; throws if anything 3.1-only is left. */
export function downConvert(doc31) {
  const converter = new Converter(projectPass(doc31), { convertSchemaComments: true });
  const doc30 = converter.convert();
  const problems = documentIdiomProblems(doc30);
  if (problems.length)
    throw new Error(
      `the 3.0 result still uses 3.1 idioms:\n${problems.map((p) => `  ${p.pointer}: ${p.message}`).join("\n")}`,
    );
  return doc30;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // All APIs in one process (one turbo task): only the Java client reads the 3.0 bundles, and it needs all three.
  const apis = process.argv.slice(2);
  if (apis.length === 0) {
    console.error("usage: downconvert.mjs <api>...");
    process.exit(2);
  }
  const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
  mkdirSync(dist, { recursive: true });
  const converted = [];
  for (const api of apis) {
    let doc30;
    try {
      doc30 = downConvert(JSON.parse(readFileSync(join(dist, `${api}.openapi.json`), "utf8")));
    } catch (error) {
      console.error(`${api}: ${error.message}`);
      process.exit(1);
    }
    writeFileSync(join(dist, `${api}.openapi-3.0.json`), `${JSON.stringify(doc30, null, 2)}\n`);
    writeFileSync(join(dist, `${api}.openapi-3.0.yaml`), stringify(doc30, { lineWidth: 0 }));
    converted.push(`${api} (OpenAPI ${doc30.openapi})`);
  }
  // The same Redocly rules as the sources (userctl/version-idioms included) must pass on every 3.0 result; one
  // Redocly process lints them all and names the file of each problem.
  const redocly = join(
    dirname(createRequire(import.meta.url).resolve("@redocly/cli/package.json")),
    "bin",
    "cli.js",
  );
  try {
    execFileSync(process.execPath, [redocly, "lint", ...apis.map((api) => `dist/${api}.openapi-3.0.json`)], {
      cwd: join(dist, ".."),
      stdio: ["ignore", "ignore", "pipe"],
    });
  } catch (error) {
    console.error(`the 3.0 bundles fail lint:\n${error.stderr}`);
    process.exit(1);
  }
  console.log(`down-converted ${converted.join(", ")} -> dist/<api>.openapi-3.0.{json,yaml}`);
}
