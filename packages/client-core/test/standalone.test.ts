// The validators codegen emits (Ajv standalone code) must judge every input exactly as Ajv compiling the same
// schemas at run time does: same verdict, same field, same rule wording (x-rule and the vendor keywords included).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileValidators, standaloneValidatorsModule } from "../src/compile.js";
import {
  type OperationMeta,
  type OperationValidators,
  requestValidator,
  ValidationError,
} from "../src/index.js";

const schemaDocument = {
  $id: "urn:userctl:agree",
  components: {
    schemas: {
      Name: {
        type: "string",
        minLength: 1,
        maxLength: 8,
        pattern: "^[a-z]+$",
        "x-rule": "must be 1 to 8 lower-case letters",
      },
      Password: { type: "string", minLength: 8, maxLength: 64, "x-min-character-classes": 3 },
      BytePassword: { type: "string", minLength: 6, "x-max-bytes": 12 },
      Body: {
        type: "object",
        required: ["name", "password"],
        additionalProperties: false,
        properties: {
          name: { $ref: "#/components/schemas/Name" },
          password: { $ref: "#/components/schemas/Password" },
          bytes: { $ref: "#/components/schemas/BytePassword" },
          email: { type: "string", format: "email" },
          at: { type: "string", format: "date-time" },
          count: { type: "integer", format: "int32", minimum: 1, maximum: 10 },
          role: { enum: ["admin", "public"] },
          kind: { const: "user" },
          tags: { type: "array", maxItems: 2, uniqueItems: true, items: { type: "string" } },
          nested: {
            type: "object",
            required: ["id"],
            properties: { id: { type: "string", minLength: 1, "x-rule": "must be an id" } },
          },
        },
      },
    },
  },
};

const op = (operationId: string, extra: Partial<OperationMeta>): OperationMeta => ({
  operationId,
  method: "post",
  path: `/${operationId}`,
  idempotent: false,
  summary: "",
  tags: [],
  bodyRequired: true,
  security: [],
  secretFields: [],
  clientManagedParams: [],
  ...extra,
});

const operations = {
  create: op("create", { bodySchema: { $ref: "urn:userctl:agree#/components/schemas/Body" } }),
  list: op("list", {
    method: "get",
    bodyRequired: false,
    paramsSchema: {
      type: "object",
      required: ["query"],
      properties: {
        query: {
          type: "object",
          required: ["zone"],
          additionalProperties: false,
          properties: { zone: { type: "string", minLength: 1 }, limit: { type: "integer", maximum: 100 } },
        },
      },
    },
  }),
};

const ok = { name: "alice", password: "Passw0rd!" };
const cases: [string, keyof typeof operations, { body?: unknown; params?: unknown }][] = [
  ["valid body", "create", { body: ok }],
  [
    "every optional field valid",
    "create",
    {
      body: {
        ...ok,
        bytes: "abcdef",
        email: "a@b.io",
        at: "2024-05-20T10:08:56Z",
        count: 3,
        role: "admin",
        kind: "user",
        tags: ["a"],
        nested: { id: "x" },
      },
    },
  ],
  ["missing field", "create", { body: { name: "alice" } }],
  ["x-rule on a pattern", "create", { body: { ...ok, name: "Alice" } }],
  ["x-rule on a length", "create", { body: { ...ok, name: "abcdefghi" } }],
  ["wrong type keeps Ajv's wording", "create", { body: { ...ok, name: 7 } }],
  ["too few character classes", "create", { body: { ...ok, password: "password1" } }],
  ["too short", "create", { body: { ...ok, password: "Pa1!" } }],
  ["too many UTF-8 bytes", "create", { body: { ...ok, bytes: "ééééééé" } }],
  ["unknown field", "create", { body: { ...ok, extra: 1 } }],
  ["bad email", "create", { body: { ...ok, email: "not-an-email" } }],
  ["bad date-time", "create", { body: { ...ok, at: "yesterday" } }],
  ["int32 overflow", "create", { body: { ...ok, count: 2 ** 40 } }],
  ["above maximum", "create", { body: { ...ok, count: 11 } }],
  ["enum", "create", { body: { ...ok, role: "root" } }],
  ["const", "create", { body: { ...ok, kind: "group" } }],
  ["duplicate items", "create", { body: { ...ok, tags: ["a", "a"] } }],
  ["too many items", "create", { body: { ...ok, tags: ["a", "b", "c"] } }],
  ["nested x-rule", "create", { body: { ...ok, nested: { id: "" } } }],
  ["nested required", "create", { body: { ...ok, nested: {} } }],
  ["no body", "create", {}],
  ["body not an object", "create", { body: "alice" }],
  ["valid params", "list", { params: { query: { zone: "jn1a", limit: 5 } } }],
  ["missing param", "list", { params: { query: {} } }],
  ["unknown param", "list", { params: { query: { zone: "jn1a", limti: 5 } } }],
  ["param above maximum", "list", { params: { query: { zone: "jn1a", limit: 500 } } }],
];

/** What a validator makes of one input: "ok", or the ValidationError's field and rule. */
function verdict(validators: OperationValidators, name: keyof typeof operations, input: object): string {
  try {
    requestValidator(validators).validate(operations[name], input);
    return "ok";
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return `${error.field}: ${error.rule}`;
  }
}

let dir: string;
let standalone: OperationValidators;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "userctl-standalone-"));
  const runtimeUrl = pathToFileURL(join(import.meta.dirname, "../src/standalone-runtime.ts")).href;
  const source = standaloneValidatorsModule(schemaDocument, operations, "// test").replace(
    'from "@userctl/client-core"',
    `from ${JSON.stringify(runtimeUrl)}`,
  );
  const file = join(dir, "validators.mjs");
  await writeFile(file, source);
  ({ validators: standalone } = await import(pathToFileURL(file).href));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("standalone validators agree with a run-time Ajv compile", () => {
  const runtime = compileValidators(schemaDocument, operations);

  it.each(cases)("%s", (_name, name, input) => {
    const expected = verdict(runtime, name, input);
    expect(verdict(standalone, name, input)).toBe(expected);
  });

  it("the table covers both verdicts and the vendor keywords' own wording", () => {
    const verdicts = cases.map(([, name, input]) => verdict(runtime, name, input));
    expect(verdicts).toContain("ok");
    expect(verdicts).toContain(
      "password: must include at least 3 of: uppercase letters, lowercase letters, digits, special characters",
    );
    expect(verdicts).toContain("bytes: must be at most 12 bytes in UTF-8");
    expect(verdicts).toContain("name: must be 1 to 8 lower-case letters");
  });

  it("the emitted module imports nothing but client-core's runtime", () => {
    const source = standaloneValidatorsModule(schemaDocument, operations, "// test");
    expect(source).not.toMatch(/\brequire\(/);
    expect(source.match(/^import .*$/gm)).toEqual([
      'import { standaloneRuntime as runtime } from "@userctl/client-core";',
    ]);
  });
});
