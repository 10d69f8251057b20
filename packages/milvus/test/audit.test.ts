// One row per finding of the spec audit (shared/reference/spec-audit.md, section 1) that the spec now fixes. The
// response bodies are the server's own texts quoted in the audit's evidence, written out here rather than read from
// the spec, so the test fails if the spec loses or changes them: each must be a named example of its operation and
// status (Prism's `Prefer: example=<name>` selects it), validate against the bundled schema for that status, and map
// to the right MilvusError.
import { describe, expect, it, vi } from "vitest";
import {
  createMilvusClient,
  dropRoleRevokingGrants,
  isRoleHasGrantsError,
  MILVUS_ERROR_CODES,
  MilvusError,
  type MilvusOperationId,
} from "../src/index.js";
import { componentValidator, namedExample, operationOf, responseSchemaErrors, spec } from "./spec.js";

interface RecordedRow {
  row: string;
  operationId: MilvusOperationId;
  example: string;
  body: { code: number; message: string };
  /** Words the client's `meaning` must contain. */
  meaning: string;
}

const RECORDED: RecordedRow[] = [
  {
    row: "M2 (2.6+)",
    operationId: "dropRole",
    example: "roleHasGrants",
    body: {
      code: 1100,
      message:
        "fail to drop the role that it has privileges. Use REVOKE API to revoke privileges: invalid parameter",
    },
    meaning: "revoke every grant first",
  },
  {
    row: "M2 (2.5)",
    operationId: "dropRole",
    example: "roleHasGrantsV25",
    body: {
      code: 65535,
      message: "fail to drop the role that it has privileges. Use REVOKE API to revoke privileges",
    },
    meaning: "revoke every grant first",
  },
  {
    row: "M3",
    operationId: "alterRole",
    example: "roleNotExists",
    body: { code: 65535, message: "failed to check if alter role: role not exists" },
    meaning: "Unexpected error",
  },
  {
    row: "M4 users",
    operationId: "createUser",
    example: "quotaExceeded",
    body: {
      code: 9,
      message: "quota exceeded[reason=unable to add user because the number of users has reached the limit]",
    },
    meaning: "100-user or 10-role limit",
  },
  {
    row: "M4 users (2.5)",
    operationId: "createUser",
    example: "quotaExceededV25",
    body: { code: 65535, message: "unable to add user because the number of users has reached the limit" },
    meaning: "user and role limits",
  },
  {
    row: "M4 roles",
    operationId: "createRole",
    example: "quotaExceeded",
    body: {
      code: 9,
      message:
        "quota exceeded[reason=unable to create role because the number of roles has reached the limit]",
    },
    meaning: "100-user or 10-role limit",
  },
  {
    row: "M6 cluster level",
    operationId: "grantPrivilegeV2",
    example: "clusterLevelGroup",
    body: {
      code: 1100,
      message:
        "dbName and collectionName should be * for the cluster level privilege: ClusterReadOnly: invalid parameter",
    },
    meaning: "privilege group used at the wrong level",
  },
  {
    row: "M6 database level",
    operationId: "revokePrivilegeV2",
    example: "databaseLevelGroup",
    body: {
      code: 1100,
      message:
        "collectionName should be * for the database level privilege: DatabaseReadOnly: invalid parameter",
    },
    meaning: "privilege group used at the wrong level",
  },
  {
    row: "M7 drop",
    operationId: "dropRole",
    example: "invalidParameter",
    body: {
      code: 1100,
      message: "not found the role, maybe the role isn't existed or internal system error: invalid parameter",
    },
    meaning: "unknown role",
  },
  {
    row: "M7 grant_role",
    operationId: "grantRole",
    example: "invalidParameter",
    body: {
      code: 1100,
      message: "not found the role, maybe the role isn't existed or internal system error: invalid parameter",
    },
    meaning: "unknown role",
  },
  {
    row: "M8",
    operationId: "dropUser",
    example: "privilegeNotPermitted",
    body: { code: 1401, message: "root user cannot be deleted: privilege not permitted" },
    meaning: "cannot be dropped",
  },
  {
    row: "M9",
    operationId: "describeUser",
    example: "invalidParameter",
    body: {
      code: 1100,
      message: "invalid user name 1user, the first character must be a letter, but got 1: invalid parameter",
    },
    meaning: "parameter is invalid",
  },
  {
    row: "M10 (2.5)",
    operationId: "grantPrivilege",
    example: "unknownPrivilegeV25",
    body: { code: 65535, message: "not found the privilege name[Serch] in object[Collection]" },
    meaning: "Unexpected error",
  },
  {
    row: "M11",
    operationId: "grantRole",
    example: "userNotFound",
    body: { code: 1100, message: 'user "milvusAdmin" not found: invalid parameter' },
    meaning: "unknown role or user",
  },
];

const VALID: Partial<Record<MilvusOperationId, unknown>> = {
  dropRole: { roleName: "readOnly" },
  alterRole: { roleName: "readOnly", description: "x" },
  createUser: { userName: "milvusAdmin", password: "P@ssw0rd" },
  createRole: { roleName: "readOnly" },
  grantPrivilegeV2: { roleName: "readOnly", privilege: "Search", collectionName: "*" },
  revokePrivilegeV2: { roleName: "readOnly", privilege: "Search", collectionName: "*" },
  grantRole: { userName: "milvusAdmin", roleName: "readOnly" },
  dropUser: { userName: "root" },
  describeUser: { userName: "milvusAdmin" },
  grantPrivilege: { roleName: "readOnly", objectType: "Collection", objectName: "*", privilege: "Search" },
};

const answer = (body: unknown) =>
  vi.fn(
    async (_input: string | URL | Request) =>
      new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } }),
  );

describe.each(RECORDED)("audit $row: $operationId answers $body.code", (row) => {
  it(`is the named example "${row.example}" of HTTP 200`, () => {
    expect(namedExample(row.operationId, 200, row.example)).toEqual(row.body);
  });

  it("validates against the bundled spec's schema for HTTP 200", () => {
    expect(responseSchemaErrors(row.operationId, 200, row.body)).toEqual([]);
  });

  it("maps to MilvusError with that code and a documented meaning", async () => {
    const client = createMilvusClient({ endpoint: "http://127.0.0.1:1", fetch: answer(row.body) });
    // biome-ignore lint/suspicious/noExplicitAny: one call shape for every row's operation.
    const call = (client as any)[row.operationId] as (body: unknown) => Promise<unknown>;
    const error = (await call(VALID[row.operationId]).catch((e: unknown) => e)) as MilvusError;
    expect(error).toBeInstanceOf(MilvusError);
    expect(error).toMatchObject({ code: row.body.code, httpStatus: 200, vendorMessage: row.body.message });
    expect(error.meaning).toContain(row.meaning);
  });
});

describe("audit rows about request rules, checked with a standard validator (no userctl keywords)", () => {
  const password = componentValidator("Password");
  const userName = componentValidator("UserName");
  const privilegeV2 = componentValidator("PrivilegeV2Request");
  const alterRole = componentValidator("AlterRoleRequest");

  it.each([
    ["M1: the server's e2e password 1234578", password, "1234578", true],
    ["M1: 6 lowercase letters", password, "abcdef", true],
    ["M1: 72 characters", password, "a".repeat(72), true],
    // Standard validators count characters: minLength 2 never refuses a password of 6+ bytes the server takes,
    // so a few 2- to 5-byte ones pass them (only x-min-bytes, which userctl's clients read, refuses those).
    ["M1: 3 CJK characters (9 bytes; the server accepts them)", password, "密码密", true],
    [
      "M1: 5 characters (server: 1100; x-min-bytes refuses it, minLength 2 does not)",
      password,
      "abcde",
      true,
    ],
    ["M1: 1 character (under minLength 2)", password, "a", false],
    ["M5: a 2.6+ name with '.' and '-'", userName, "bob.smith-2", true],
    ["M5: a name starting with '.'", userName, ".bob", false],
    [
      "M6: ClusterReadOnly on one database",
      privilegeV2,
      { roleName: "r", privilege: "ClusterReadOnly", collectionName: "*", dbName: "default" },
      false,
    ],
    [
      "M6: ClusterReadOnly on * / *",
      privilegeV2,
      { roleName: "r", privilege: "ClusterReadOnly", collectionName: "*", dbName: "*" },
      true,
    ],
    [
      "M6: DatabaseAdmin on one collection",
      privilegeV2,
      { roleName: "r", privilege: "DatabaseAdmin", collectionName: "books", dbName: "sales" },
      false,
    ],
    [
      "M6: a plain privilege on one collection",
      privilegeV2,
      { roleName: "r", privilege: "Search", collectionName: "books", dbName: "sales" },
      true,
    ],
    ["M13: alter without description (clears it)", alterRole, { roleName: "r" }, true],
  ] as const)("%s", (_label, validate, value, valid) => {
    expect(validate(value), JSON.stringify(validate.errors)).toBe(valid);
  });

  it("M1/M16: byte limits are declared for clients that read them; the Cloud rule is only an opt-in overlay", () => {
    const schemas = (spec.components as { schemas: Record<string, Record<string, unknown>> }).schemas;
    // Both bounds in characters (never refusing what the server takes) and in the server's bytes.
    expect(schemas.Password).toMatchObject({
      minLength: 2,
      "x-min-bytes": 6,
      maxLength: 72,
      "x-max-bytes": 72,
    });
    expect(schemas.Password).not.toHaveProperty("x-min-character-classes");
    expect(schemas.Password?.["x-zilliz-cloud-policy"]).toMatchObject({
      "x-min-character-classes": 3,
      minLength: 8,
    });
    expect(schemas.Description).toMatchObject({ maxLength: 1024, "x-max-bytes": 1024 });
  });

  it.each(["grantRole", "revokeRole"])("M12: %s is idempotent (so the client may retry it)", (op) => {
    expect(operationOf(op)["x-idempotent"]).toBe(true);
  });

  it("M4: code 9 is in the error table", () => {
    expect(MILVUS_ERROR_CODES.get(9)).toMatchObject({ name: "ErrServiceQuotaExceeded", httpStatus: 200 });
  });
});

describe("M2: dropRoleRevokingGrants revokes every grant, then drops", () => {
  const grants = [
    { objectType: "Collection", objectName: "books", privilege: "Search", dbName: "sales", grantor: "root" },
    { objectType: "Global", objectName: "*", privilege: "ClusterReadOnly", dbName: "*", grantor: "root" },
  ];
  const NOT_A_PRIVILEGE = {
    code: 1100,
    message: "not found the privilege name[ClusterReadOnly] in object[Global]: invalid parameter",
  };

  function server() {
    const calls: Array<{ path: string; body: unknown }> = [];
    // The client calls fetch(url, init) (or fetch(request)): read either as one Request.
    const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
      const request = new Request(input, init);
      const path = new URL(request.url).pathname.replace("/v2/vectordb/", "");
      const body = await request.json();
      calls.push({ path, body });
      const reply =
        path === "roles/describe"
          ? { code: 0, data: grants }
          : path === "roles/revoke_privilege" &&
              (body as { privilege: string }).privilege === "ClusterReadOnly"
            ? NOT_A_PRIVILEGE
            : { code: 0, data: {} };
      return new Response(JSON.stringify(reply), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    });
    return { calls, client: createMilvusClient({ endpoint: "http://127.0.0.1:1", fetch }) };
  }

  it("describes with dbName *, revokes each grant (a group through v2), then drops", async () => {
    const { calls, client } = server();
    await expect(dropRoleRevokingGrants(client, "reader")).resolves.toEqual({ revoked: grants });
    expect(calls).toEqual([
      { path: "roles/describe", body: { roleName: "reader", dbName: "*" } },
      {
        path: "roles/revoke_privilege",
        body: {
          roleName: "reader",
          privilege: "Search",
          dbName: "sales",
          objectType: "Collection",
          objectName: "books",
        },
      },
      {
        path: "roles/revoke_privilege",
        body: {
          roleName: "reader",
          privilege: "ClusterReadOnly",
          dbName: "*",
          objectType: "Global",
          objectName: "*",
        },
      },
      {
        path: "roles/revoke_privilege_v2",
        body: { roleName: "reader", privilege: "ClusterReadOnly", dbName: "*", collectionName: "*" },
      },
      { path: "roles/drop", body: { roleName: "reader" } },
    ]);
  });

  it("isRoleHasGrantsError recognises the refusal by its text, whatever the version's code", async () => {
    for (const body of [
      namedExample("dropRole", 200, "roleHasGrants"),
      namedExample("dropRole", 200, "roleHasGrantsV25"),
    ]) {
      const client = createMilvusClient({ endpoint: "http://127.0.0.1:1", fetch: answer(body) });
      expect(isRoleHasGrantsError(await client.dropRole({ roleName: "r" }).catch((e: unknown) => e))).toBe(
        true,
      );
    }
    const other = createMilvusClient({
      endpoint: "http://127.0.0.1:1",
      fetch: answer(namedExample("dropRole", 200, "invalidParameter")),
    });
    expect(isRoleHasGrantsError(await other.dropRole({ roleName: "r" }).catch((e: unknown) => e))).toBe(
      false,
    );
  });
});
