import { describe, expect, it } from "vitest";
import { createRequestValidator } from "../src/compile.js";
import { countCharacterClasses, type OperationMeta, ValidationError } from "../src/index.js";

// A miniature of what tools/codegen emits: refs anchored at the schema document's $id.
const schemaDocument = {
  $id: "urn:userctl:test",
  components: {
    schemas: {
      UserName: { type: "string", minLength: 1, maxLength: 32, pattern: "^[A-Za-z][A-Za-z0-9_]*$" },
      Password: { type: "string", minLength: 8, maxLength: 64, "x-min-character-classes": 3 },
      ServerPassword: {
        type: "string",
        minLength: 6,
        "x-max-bytes": 72,
        "x-rule": "must be 6 characters to 72 bytes",
      },
      CreateUser: {
        type: "object",
        required: ["userName", "password"],
        additionalProperties: false,
        properties: {
          userName: { $ref: "#/components/schemas/UserName" },
          password: { $ref: "#/components/schemas/Password" },
          role: { type: "string", enum: ["admin", "public"] },
          serverPassword: { $ref: "#/components/schemas/ServerPassword" },
        },
      },
      Nested: {
        type: "object",
        required: ["request"],
        properties: {
          request: {
            type: "object",
            required: ["userId"],
            properties: { userId: { type: "string", minLength: 1, "x-rule": "must be a Sunbird user id" } },
          },
        },
      },
    },
  },
};

const op = (extra: Partial<OperationMeta>): OperationMeta => ({
  operationId: "op",
  method: "post",
  path: "/x",
  idempotent: false,
  summary: "",
  tags: [],
  bodyRequired: true,
  security: [],
  secretFields: [],
  clientManagedParams: [],
  ...extra,
});
const createUser = op({ bodySchema: { $ref: "urn:userctl:test#/components/schemas/CreateUser" } });
const nested = op({ bodySchema: { $ref: "urn:userctl:test#/components/schemas/Nested" } });
const listUsers = op({
  method: "get",
  bodyRequired: false,
  paramsSchema: {
    type: "object",
    required: ["query"],
    properties: {
      query: {
        type: "object",
        required: ["zone"],
        properties: { zone: { type: "string", minLength: 1 }, limit: { type: "integer", maximum: 100 } },
      },
    },
  },
});

const validator = createRequestValidator(schemaDocument);

describe("createRequestValidator rejects with field and rule", () => {
  it.each([
    ["missing field", createUser, { body: { userName: "alice" } }, "password", "is required"],
    [
      "name too long",
      createUser,
      { body: { userName: "a".repeat(33), password: "Passw0rd!" } },
      "userName",
      "must be at most 32 characters",
    ],
    [
      "name starts with digit",
      createUser,
      { body: { userName: "1abc", password: "Passw0rd!" } },
      "userName",
      "must match the pattern ^[A-Za-z][A-Za-z0-9_]*$",
    ],
    [
      "empty name",
      createUser,
      { body: { userName: "", password: "Passw0rd!" } },
      "userName",
      "must not be empty",
    ],
    [
      "weak password",
      createUser,
      { body: { userName: "alice", password: "password1" } },
      "password",
      "must include at least 3 of: uppercase letters, lowercase letters, digits, special characters",
    ],
    [
      "short password",
      createUser,
      { body: { userName: "alice", password: "Pa1!" } },
      "password",
      "must be at least 8 characters",
    ],
    [
      "unknown field",
      createUser,
      { body: { userName: "alice", password: "Passw0rd!", extra: 1 } },
      "extra",
      "is not a known field",
    ],
    [
      "enum",
      createUser,
      { body: { userName: "alice", password: "Passw0rd!", role: "root" } },
      "role",
      'must be one of: "admin", "public"',
    ],
    [
      "wrong type",
      createUser,
      { body: { userName: 7, password: "Passw0rd!" } },
      "userName",
      "must be of type string",
    ],
    ["no body", createUser, {}, "(body)", "is required"],
    [
      "nested x-rule",
      nested,
      { body: { request: { userId: "" } } },
      "request.userId",
      "must be a Sunbird user id",
    ],
    ["nested required", nested, { body: { request: {} } }, "request.userId", "is required"],
    ["query param required", listUsers, { params: { query: {} } }, "zone", "is required"],
    [
      "query param maximum",
      listUsers,
      { params: { query: { zone: "jn1a", limit: 500 } } },
      "limit",
      "must be <= 100",
    ],
  ])("%s", (_name, operation, input, field, rule) => {
    let caught: unknown;
    try {
      validator.validate(operation, input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect(caught).toMatchObject({ field, rule, message: `${field}: ${rule}` });
  });

  it.each([
    ["valid create", createUser, { body: { userName: "alice_01", password: "Passw0rd!" } }],
    ["three classes without special", createUser, { body: { userName: "Bob", password: "Password1" } }],
    ["valid list", listUsers, { params: { query: { zone: "jn1a", limit: 100 } } }],
  ])("accepts %s", (_name, operation, input) => {
    expect(() => validator.validate(operation, input)).not.toThrow();
  });
});

describe("countCharacterClasses", () => {
  it.each([
    ["", 0],
    ["abc", 1],
    ["abcABC", 2],
    ["abcABC123", 3],
    ["aA1!", 4],
    ["üñï", 1], // non-ASCII counts as "special": the server's check is ASCII-only
  ])("%j has %i classes", (value, expected) => {
    expect(countCharacterClasses(value)).toBe(expected);
  });
});
