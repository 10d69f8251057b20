// The command table shared by the end-to-end and the secrets tests: one row per operation of the three specs.
import { expect } from "vitest";
import { conn, SECRETS } from "./helpers.js";

export interface Case {
  cmd: string;
  args: string[];
  stdin?: string;
  api: string;
  operation: string;
  check: (data: unknown) => void;
}

const isEmptyObject = (d: unknown) => expect(d).toEqual({});
const isNameList = (d: unknown) => {
  expect(Array.isArray(d)).toBe(true);
  expect((d as unknown[]).length).toBeGreaterThan(0);
  for (const n of d as unknown[]) expect(typeof n).toBe("string");
};
const isEhpcJob = (action: string) => (d: unknown) =>
  expect(d).toMatchObject({ action, ret_code: 0, job_id: expect.stringMatching(/^j-/) });
const sunbirdOk = (d: unknown) => expect(d).toMatchObject({ response: "SUCCESS" });

const milvus = (sub: string[], rest: Partial<Case> & Pick<Case, "operation" | "check">): Case => ({
  cmd: `milvus ${sub.slice(0, 2).join(" ")}`,
  args: ["milvus", ...sub, ...conn("milvus")],
  api: "milvus",
  ...rest,
});
const ehpc = (sub: string[], rest: Partial<Case> & Pick<Case, "operation" | "check">): Case => ({
  cmd: `ehpc ${sub.slice(0, 2).join(" ")}`,
  args: ["ehpc", ...sub, ...conn("ehpc")],
  api: "qingcloud-ehpc",
  ...rest,
});
const sunbird = (sub: string[], rest: Partial<Case> & Pick<Case, "operation" | "check">): Case => ({
  cmd: `sunbird ${sub.slice(0, 2).join(" ")}`,
  args: ["sunbird", ...sub, ...conn("sunbird")],
  api: "sunbird-user",
  ...rest,
});

export const cases = (): Case[] => [
  milvus(["user", "create", "alice", "--password-stdin"], {
    stdin: `${SECRETS.password}\n`,
    operation: "createUser",
    check: isEmptyObject,
  }),
  milvus(["user", "drop", "alice", "--yes"], { operation: "dropUser", check: isEmptyObject }),
  milvus(["user", "describe", "alice"], {
    operation: "describeUser",
    check: (d) => {
      expect(d).toMatchObject({ userName: "alice" });
      isNameList((d as { roles: unknown }).roles);
    },
  }),
  milvus(["user", "list"], { operation: "listUsers", check: isNameList }),
  milvus(["user", "update-password", "alice", "--password-stdin"], {
    stdin: `${SECRETS.password}\n${SECRETS.newPassword}\n`,
    operation: "updatePassword",
    check: isEmptyObject,
  }),
  milvus(["user", "grant-role", "alice", "reader"], { operation: "grantRole", check: isEmptyObject }),
  milvus(["user", "revoke-role", "alice", "reader", "--yes"], {
    operation: "revokeRole",
    check: isEmptyObject,
  }),
  milvus(["role", "create", "reader", "--description", "read only"], {
    operation: "createRole",
    check: isEmptyObject,
  }),
  milvus(["role", "drop", "reader", "--yes"], { operation: "dropRole", check: isEmptyObject }),
  milvus(["role", "describe", "admin", "--db", "*"], {
    operation: "describeRole",
    check: (d) => {
      expect(d).toMatchObject({ roleName: "admin" });
      const grants = (d as { grants: Record<string, unknown>[] }).grants;
      expect(grants.length).toBeGreaterThan(0);
      for (const g of grants)
        expect(Object.keys(g).sort()).toEqual(["dbName", "grantor", "objectName", "objectType", "privilege"]);
    },
  }),
  milvus(["role", "list"], { operation: "listRoles", check: isNameList }),
  milvus(["role", "alter", "reader", "--description", "readers"], {
    operation: "alterRole",
    check: isEmptyObject,
  }),
  milvus(["role", "grant", "reader", "--privilege", "Search", "--collection", "books", "--db", "default"], {
    operation: "grantPrivilegeV2",
    check: isEmptyObject,
  }),
  milvus(["role", "revoke", "reader", "--privilege", "Search", "--yes"], {
    operation: "revokePrivilegeV2",
    check: isEmptyObject,
  }),
  milvus(
    [
      "role",
      "grant-object",
      "reader",
      "--object-type",
      "Collection",
      "--object-name",
      "books",
      "--privilege",
      "Search",
    ],
    { operation: "grantPrivilege", check: isEmptyObject },
  ),
  milvus(
    [
      "role",
      "revoke-object",
      "reader",
      "--object-type",
      "Collection",
      "--object-name",
      "books",
      "--privilege",
      "Search",
      "--yes",
    ],
    { operation: "revokePrivilege", check: isEmptyObject },
  ),
  ehpc(["user", "add", "isabel", "--password-stdin", "--mod", "700"], {
    stdin: `${SECRETS.ehpcPassword}\n`,
    operation: "addUser",
    check: isEhpcJob("HpcUserAddUserResponse"),
  }),
  ehpc(["user", "delete", "isabel", "--yes"], {
    operation: "deleteUser",
    check: isEhpcJob("HpcUserDeleteUserResponse"),
  }),
  ehpc(["user", "list", "--limit", "20", "--search", "isa"], {
    operation: "listUsers",
    check: (d) => {
      expect(d).toMatchObject({ ret_code: 0, total_count: expect.any(Number) });
      expect(Array.isArray((d as { users_set: unknown }).users_set)).toBe(true);
    },
  }),
  ehpc(["user", "modify", "isabel", "--password-stdin"], {
    stdin: `${SECRETS.ehpcPassword}\n`,
    operation: "modifyUser",
    check: (d) => expect(d).toMatchObject({ action: "HpcUserModifyUserResponse", ret_code: 0 }),
  }),
  sunbird(["user", "create", "--first-name", "Jane", "--email", "jane@example.org", "--password-stdin"], {
    stdin: `${SECRETS.password}\n`,
    operation: "createUser",
    check: (d) => expect(d).toMatchObject({ userId: expect.any(String), response: "SUCCESS" }),
  }),
  sunbird(["user", "read", "5a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"], {
    operation: "readUser",
    check: (d) => expect(d).toMatchObject({ id: expect.any(String) }),
  }),
  sunbird(["user", "delete", "5a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "--yes"], {
    operation: "deleteUser",
    check: sunbirdOk,
  }),
  sunbird(["user", "block", "5a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "--yes"], {
    operation: "blockUser",
    check: sunbirdOk,
  }),
  sunbird(["user", "unblock", "5a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"], {
    operation: "unblockUser",
    check: sunbirdOk,
  }),
  sunbird(["user", "search", "--filter", "userName=asha_rao", "--fields", "id,userName", "--limit", "5"], {
    operation: "searchUsers",
    check: (d) => {
      expect(d).toMatchObject({ count: expect.any(Number) });
      expect(Array.isArray((d as { content: unknown }).content)).toBe(true);
    },
  }),
];
