import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOperationTable, generate, overlay } from "../src/codegen.mjs";

const spec = {
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  paths: {
    "/users/{userId}": {
      parameters: [{ $ref: "#/components/parameters/UserId" }],
      get: {
        operationId: "readUser",
        "x-idempotent": true,
        parameters: [
          { name: "fields", in: "query", schema: { type: "string" } },
          { $ref: "#/components/parameters/Signature" },
        ],
        responses: {
          200: {
            description: "ok",
            content: { "application/json": { schema: { $ref: "#/components/schemas/User" } } },
          },
        },
      },
      post: {
        operationId: "updateUser",
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/User" } } },
        },
        responses: { 200: { description: "ok" } },
      },
    },
  },
  components: {
    parameters: {
      UserId: { name: "userId", in: "path", required: true, schema: { $ref: "#/components/schemas/Id" } },
      Signature: {
        name: "signature",
        in: "query",
        required: true,
        "x-client-managed": true,
        schema: { type: "string" },
      },
    },
    schemas: {
      Id: { type: "string", minLength: 1 },
      User: {
        type: "object",
        required: ["id"],
        properties: {
          id: { $ref: "#/components/schemas/Id" },
          secret: { type: "object", properties: { password: { type: "string", format: "password" } } },
        },
      },
    },
  },
};

describe("buildOperationTable", () => {
  const { operations, schemaDocument } = buildOperationTable(spec, "t");

  it("lists every operation with method, path and idempotency", () => {
    expect(Object.keys(operations)).toEqual(["readUser", "updateUser"]);
    expect(operations.readUser).toMatchObject({ method: "get", path: "/users/{userId}", idempotent: true });
    // An operation that does not declare x-idempotent is never retried.
    expect(operations.updateUser).toMatchObject({ method: "post", idempotent: false, bodyRequired: true });
  });

  it("carries each operation's security, falling back to the document's", () => {
    const secured = buildOperationTable({ ...spec, security: [{ bearer: [] }] }, "t").operations;
    expect(secured.readUser.security).toEqual([{ bearer: [] }]);
    expect(operations.readUser.security).toEqual([]);
  });

  it("anchors body refs at the schema document's $id", () => {
    expect(operations.updateUser.bodySchema).toEqual({ $ref: "urn:userctl:t#/components/schemas/User" });
    expect(schemaDocument.$id).toBe("urn:userctl:t");
    expect(schemaDocument.components).toEqual({ schemas: spec.components.schemas });
  });

  it("merges path-level and operation parameters and leaves out client-managed ones", () => {
    expect(operations.readUser.paramsSchema).toEqual({
      type: "object",
      required: ["path"],
      properties: {
        path: {
          type: "object",
          required: ["userId"],
          additionalProperties: false,
          properties: { userId: { $ref: "urn:userctl:t#/components/schemas/Id" } },
        },
        query: {
          type: "object",
          required: [],
          additionalProperties: false,
          properties: { fields: { type: "string" } },
        },
      },
    });
  });

  it("lists client-managed parameters and password fields", () => {
    expect(operations.readUser.clientManagedParams).toEqual(["signature"]);
    expect(operations.updateUser.secretFields).toEqual(["secret.password"]);
    expect(operations.readUser.secretFields).toEqual([]);
  });

  it.each([
    ["a missing operationId", { "/a": { get: { responses: {} } } }, "GET /a has no operationId"],
    [
      "a duplicate operationId",
      { "/a": { get: { operationId: "x" } }, "/b": { get: { operationId: "x" } } },
      "operationId x is used twice",
    ],
  ])("refuses %s", (_name, paths, message) => {
    expect(() => buildOperationTable({ ...spec, paths }, "t")).toThrow(message);
  });
});

describe("generate", () => {
  let dir;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "codegen-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("writes openapi-typescript types and the operation table", async () => {
    const specFile = join(dir, "t.openapi.json");
    await writeFile(specFile, JSON.stringify(spec));
    await generate(specFile, join(dir, "out"));
    const schema = await readFile(join(dir, "out", "schema.ts"), "utf8");
    const table = await readFile(join(dir, "out", "operations.ts"), "utf8");
    expect(schema).toContain("export interface paths");
    expect(schema).toContain('"/users/{userId}"');
    expect(table).toContain("readUser: {");
    expect(table).toContain("} as const;");
    expect(table).toContain("export type OperationTable = Checked<typeof operations>;");
  });

  it("writes standalone validators that import only client-core's runtime, one set per overlay", async () => {
    const specFile = join(dir, "t.openapi.json");
    await writeFile(specFile, JSON.stringify(spec));
    const files = await generate(specFile, join(dir, "v"), "t", ["x-strict"]);
    expect(files.map((f) => f.slice(join(dir, "v").length + 1))).toEqual([
      "schema.ts",
      "operations.ts",
      "validators.js",
      "validators.d.ts",
      "validators.x-strict.js",
      "validators.x-strict.d.ts",
    ]);
    const validators = await readFile(join(dir, "v", "validators.js"), "utf8");
    expect(validators).not.toMatch(/\brequire\(/);
    expect(validators).toContain('"readUser": { params: ');
    expect(validators).toContain('"updateUser": { body: ');
    expect(validators).toContain("export const validators = {");
    // TypeScript reads the declaration, never the Ajv code (no allowJs): one per validators file
    for (const name of ["validators.d.ts", "validators.x-strict.d.ts"]) {
      const declaration = await readFile(join(dir, "v", name), "utf8");
      expect(declaration).toContain("export declare const validators: OperationValidators;");
      expect(declaration).toContain('import type { OperationValidators } from "@userctl/client-core";');
    }
  });
});

describe("overlay", () => {
  it("lays each schema's extension object over it, at every depth", () => {
    const doc = {
      A: { type: "string", minLength: 8, "x-strict": { minLength: 12 } },
      B: { properties: { c: { pattern: "^a$", "x-strict": { pattern: "^b$", "x-rule": "must be b" } } } },
    };
    expect(overlay(doc, "x-strict")).toEqual({
      A: { type: "string", minLength: 12, "x-strict": { minLength: 12 } },
      B: {
        properties: {
          c: { pattern: "^b$", "x-rule": "must be b", "x-strict": { pattern: "^b$", "x-rule": "must be b" } },
        },
      },
    });
    expect(doc.A.minLength).toBe(8); // the input is left alone
  });
});
