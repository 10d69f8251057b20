// The six bundles in dist/: each uses only its declared version's idioms, and each 3.0 bundle carries the
// same operations, examples and x- extensions as its 3.1 source. Plus the project's own down-conversion
// pass, one row per construct @apiture/openapi-down-convert misses.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { documentIdiomProblems } from "../plugins/version-idioms.js";
import { downConvert, projectPass } from "../scripts/downconvert.mjs";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const load = (name) => JSON.parse(readFileSync(join(dist, name), "utf8"));
const APIS = ["milvus", "qingcloud-ehpc", "sunbird-user"];

function operations(doc) {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item))
      if (op && typeof op === "object" && op.operationId)
        out.push(`${method.toUpperCase()} ${path} ${op.operationId}`);
  return out.sort();
}

// Every x- extension as "key=value", wherever it sits (the 3.0 pass may move a schema, never drop an extension).
function extensions(node, out = []) {
  if (Array.isArray(node)) for (const v of node) extensions(v, out);
  else if (node && typeof node === "object")
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith("x-")) out.push(`${k}=${JSON.stringify(v)}`);
      extensions(v, out);
    }
  return out.sort();
}

// Media-type examples by operation, status and name (what Prism serves and tests select with Prefer).
function mediaExamples(doc) {
  const out = {};
  for (const [path, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item)) {
      if (!op?.responses) continue;
      const bodies = { request: op.requestBody, ...op.responses };
      for (const [status, body] of Object.entries(bodies))
        for (const [type, media] of Object.entries(body?.content ?? {}))
          out[`${method} ${path} ${status} ${type}`] = { example: media.example, examples: media.examples };
    }
  return out;
}

describe.each(APIS)("%s bundles", (api) => {
  const doc31 = load(`${api}.openapi.json`);
  const doc30 = load(`${api}.openapi-3.0.json`);

  it("declare 3.1.0 and 3.0.3 and use only their own version's idioms", () => {
    expect(doc31.openapi).toBe("3.1.0");
    expect(doc30.openapi).toBe("3.0.3");
    expect(documentIdiomProblems(doc31)).toEqual([]);
    expect(documentIdiomProblems(doc30)).toEqual([]);
  });

  it("have the same operations", () => {
    expect(operations(doc30)).toEqual(operations(doc31));
    expect(operations(doc30).length).toBeGreaterThan(0);
  });

  it("have the same named examples and components.examples", () => {
    expect(mediaExamples(doc30)).toEqual(mediaExamples(doc31));
    expect(doc30.components.examples).toEqual(doc31.components.examples);
  });

  it("have the same x- extensions", () => {
    expect(extensions(doc30)).toEqual(extensions(doc31));
  });

  it("is what the build derives from the 3.1 bundle (the 3.0 file is not stale)", () => {
    // Through JSON, as the build writes it (the converter tags objects with symbol keys).
    expect(JSON.parse(JSON.stringify(downConvert(doc31)))).toEqual(doc30);
  });
});

const wrap = (schema) => ({
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  paths: {},
  components: { schemas: { S: schema } },
});

describe("the project's own 3.1 -> 3.0 pass", () => {
  it.each([
    [
      "anyOf [X, null]",
      { anyOf: [{ type: "string" }, { type: "null" }] },
      { type: "string", nullable: true },
    ],
    [
      "oneOf [$ref, null]",
      { oneOf: [{ $ref: "#/components/schemas/T" }, { type: "null" }] },
      { allOf: [{ $ref: "#/components/schemas/T" }], nullable: true },
    ],
    [
      "numeric exclusiveMinimum",
      { type: "integer", exclusiveMinimum: 0 },
      { type: "integer", minimum: 0, exclusiveMinimum: true },
    ],
    [
      "numeric exclusiveMaximum",
      { type: "number", exclusiveMaximum: 1 },
      { type: "number", maximum: 1, exclusiveMaximum: true },
    ],
    ["const 0", { type: "integer", const: 0 }, { type: "integer", enum: [0] }],
    ["const false", { type: "boolean", const: false }, { type: "boolean", enum: [false] }],
    ['const ""', { type: "string", const: "" }, { type: "string", enum: [""] }],
    [
      "type list of two types",
      { type: ["string", "integer"] },
      { anyOf: [{ type: "string" }, { type: "integer" }] },
    ],
    ["type null", { type: "null" }, { type: "string", nullable: true, maxLength: 0 }],
    ["empty required", { type: "object", required: [] }, { type: "object" }],
    [
      "if/then with a boolean property schema",
      {
        type: "object",
        if: { not: { required: ["a"] } },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a thenable.
        then: { required: ["b"], properties: { b: true } },
      },
      {
        type: "object",
        not: { allOf: [{ not: { required: ["a"] } }, { not: { required: ["b"], properties: { b: {} } } }] },
      },
    ],
  ])("%s", (_, input, expected) => {
    expect(projectPass(wrap(input)).components.schemas.S).toEqual(expected);
  });

  it("hoists $defs to components.schemas and rewrites their $refs", () => {
    const doc = projectPass(
      wrap({
        type: "object",
        properties: { a: { $ref: "#/components/schemas/S/$defs/A" } },
        $defs: { A: { type: "string" } },
      }),
    );
    expect(doc.components.schemas.S_A).toEqual({ type: "string" });
    expect(doc.components.schemas.S).toEqual({
      type: "object",
      properties: { a: { $ref: "#/components/schemas/S_A" } },
    });
  });

  it("moves info.summary into the description (3.0's Info has no summary)", () => {
    const doc = projectPass({
      ...wrap({}),
      info: { title: "t", version: "1", summary: "Short.", description: "Long." },
    });
    expect(doc.info).toEqual({ title: "t", version: "1", description: "Short.\n\nLong." });
  });
});

describe("the version-idioms check", () => {
  it.each([
    ["3.1.0", { type: "string", nullable: true }, "`nullable` is OpenAPI 3.0"],
    ["3.1.0", { type: "integer", minimum: 0, exclusiveMinimum: true }, "boolean `exclusiveMinimum`"],
    ["3.0.3", { type: ["string", "null"] }, "a `type` list is OpenAPI 3.1"],
    ["3.0.3", { anyOf: [{ type: "string" }, { type: "null" }] }, "with {type: 'null'}"],
    ["3.0.3", { type: "integer", exclusiveMinimum: 0 }, "numeric `exclusiveMinimum`"],
    ["3.0.3", { type: "integer", const: 0 }, "`const` is OpenAPI 3.1"],
    ["3.0.3", { type: "string", examples: ["a"] }, "`examples` is OpenAPI 3.1"],
    ["3.0.3", { type: "object", properties: { a: true } }, "boolean schemas"],
    ["3.0.3", { type: "object", required: [] }, "empty `required`"],
  ])("in %s flags %j", (openapi, schema, message) => {
    const problems = documentIdiomProblems({ ...wrap(schema), openapi });
    expect(problems.map((p) => p.message).join("\n")).toContain(message);
  });

  it("accepts each version's own idioms", () => {
    expect(
      documentIdiomProblems({ ...wrap({ type: ["string", "null"], const: "a" }), openapi: "3.1.0" }),
    ).toEqual([]);
    expect(
      documentIdiomProblems({
        ...wrap({ type: "string", nullable: true, additionalProperties: false }),
        openapi: "3.0.3",
      }),
    ).toEqual([]);
  });
});
