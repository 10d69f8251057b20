// The Milvus simulator: every operation's effect on state, the server's error codes per version, the
// authentication forms the server accepts, and its leniency (any Content-Type, unknown fields).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { call, responseChecker, start } from "./helpers.mjs";

const ROOT = { authorization: "Bearer root:Milvus" };
const conforms = responseChecker("milvus");
const OPS = {
  "users/create": "createUser",
  "users/drop": "dropUser",
  "users/describe": "describeUser",
  "users/list": "listUsers",
  "users/update_password": "updatePassword",
  "users/grant_role": "grantRole",
  "users/revoke_role": "revokeRole",
  "roles/create": "createRole",
  "roles/drop": "dropRole",
  "roles/describe": "describeRole",
  "roles/list": "listRoles",
  "roles/alter": "alterRole",
  "roles/grant_privilege": "grantPrivilege",
  "roles/revoke_privilege": "revokePrivilege",
  "roles/grant_privilege_v2": "grantPrivilegeV2",
  "roles/revoke_privilege_v2": "revokePrivilegeV2",
};

/** POST a body to /v2/vectordb/<op> and check the answer against the spec. */
async function post(sim, op, body, headers = ROOT) {
  const res = await call(sim, "POST", `/v2/vectordb/${op}`, { headers, body });
  if (OPS[op] && res.json !== undefined) {
    expect(conforms(OPS[op], res.status, res.headers.get("content-type"), res.json)).toEqual([]);
  }
  return res;
}

describe.each(["2.5", "2.6", "3.0"])("Milvus %s", (version) => {
  let sim;
  const v25 = version === "2.5";
  beforeAll(async () => {
    sim = await start("milvus", { options: { milvusVersion: version } });
  });
  afterAll(() => sim?.stop());
  afterEach(() => sim.reset());

  it("starts like a new server: root, and the built-in roles admin and public", async () => {
    expect((await post(sim, "users/list", {})).json).toEqual({ code: 0, data: ["root"] });
    expect((await post(sim, "roles/list", {})).json).toEqual({ code: 0, data: ["admin", "public"] });
  });

  it("counts password length in bytes: 3 CJK characters (9 bytes) are a valid password", async () => {
    const created = await post(sim, "users/create", { userName: "mei", password: "密码密" });
    expect(created.json).toEqual({ code: 0, data: {} });
    expect((await post(sim, "users/list", {})).json.data).toEqual(["root", "mei"]);
  });

  it("makes every user and role operation visible to the next call", async () => {
    expect((await post(sim, "users/create", { userName: "alice", password: "secret1" })).json).toEqual({
      code: 0,
      data: {},
    });
    expect((await post(sim, "users/list", {})).json.data).toEqual(["root", "alice"]);
    await post(sim, "roles/create", { roleName: "reader" });
    expect((await post(sim, "roles/list", {})).json.data).toEqual(["admin", "public", "reader"]);
    await post(sim, "users/grant_role", { userName: "alice", roleName: "reader" });
    expect((await post(sim, "users/describe", { userName: "alice" })).json.data).toEqual(["reader"]);
    await post(sim, "roles/grant_privilege", {
      roleName: "reader",
      objectType: "Collection",
      objectName: "*",
      privilege: "Search",
    });
    await post(sim, "roles/grant_privilege_v2", {
      roleName: "reader",
      privilege: "Query",
      collectionName: "books",
      dbName: "library",
    });
    const all = await post(sim, "roles/describe", { roleName: "reader", dbName: "*" });
    expect(all.json.data).toEqual([
      { objectType: "Collection", objectName: "*", privilege: "Search", dbName: "default", grantor: "root" },
      {
        objectType: "Collection",
        objectName: "books",
        privilege: "Query",
        dbName: "library",
        grantor: "root",
      },
    ]);
    const onlyDefault = await post(sim, "roles/describe", { roleName: "reader" });
    expect(onlyDefault.json.data.map((g) => g.privilege)).toEqual(["Search"]);
    const viaHeader = await post(
      sim,
      "roles/describe",
      { roleName: "reader" },
      { ...ROOT, "DB-Name": "library" },
    );
    expect(viaHeader.json.data.map((g) => g.privilege)).toEqual(["Query"]);

    // A role that still has grants cannot be dropped (spec-audit M2).
    const refused = await post(sim, "roles/drop", { roleName: "reader" });
    expect(refused.json.code).toBe(v25 ? 65535 : 1100);
    expect(refused.json.message).toContain("fail to drop the role that it has privileges");
    await post(sim, "roles/revoke_privilege", {
      roleName: "reader",
      objectType: "Collection",
      objectName: "*",
      privilege: "Search",
    });
    await post(sim, "roles/revoke_privilege_v2", {
      roleName: "reader",
      privilege: "Query",
      collectionName: "books",
      dbName: "library",
    });
    expect((await post(sim, "roles/describe", { roleName: "reader", dbName: "*" })).json.data).toEqual([]);
    await post(sim, "users/revoke_role", { userName: "alice", roleName: "reader" });
    expect((await post(sim, "users/describe", { userName: "alice" })).json.data).toEqual([]);
    expect((await post(sim, "roles/drop", { roleName: "reader" })).json.code).toBe(0);
    expect((await post(sim, "roles/list", {})).json.data).toEqual(["admin", "public"]);

    // The new password works, the old one no longer does.
    const update = { userName: "alice", password: "secret1", newPassword: "secret2" };
    expect((await post(sim, "users/update_password", update)).json.code).toBe(0);
    expect((await post(sim, "users/list", {}, { authorization: "Bearer alice:secret1" })).status).toBe(401);
    expect(
      (await post(sim, "users/describe", { userName: "alice" }, { authorization: "alice:secret2" })).json
        .code,
    ).toBe(0);

    expect((await post(sim, "users/drop", { userName: "alice" })).json.code).toBe(0);
    expect((await post(sim, "users/list", {})).json.data).toEqual(["root"]);
    // Dropping a user that is gone succeeds (idempotent), describing it gives an empty list.
    expect((await post(sim, "users/drop", { userName: "alice" })).json).toEqual({ code: 0, data: {} });
    const gone = await post(sim, "users/describe", { userName: "alice" });
    expect(gone.json).toEqual(v25 ? { code: 0, data: [] } : { code: 0, data: [], description: "" });
  });

  it.each([
    [
      "duplicate user",
      "users/create",
      { userName: "root", password: "secret1" },
      v25 ? 65535 : 1100,
      "user already exists: root",
    ],
    [
      "short password",
      "users/create",
      { userName: "bob", password: "12345" },
      1100,
      "invalid password length: invalid parameter[5 out of range 6 <= value <= 72]",
    ],
    [
      "2 two-byte characters (4 bytes: the server counts bytes)",
      "users/create",
      { userName: "bob", password: "éé" },
      1100,
      "[4 out of range 6 <= value <= 72]",
    ],
    [
      "73-byte password",
      "users/create",
      { userName: "bob", password: "x".repeat(73) },
      1100,
      "[73 out of range 6 <= value <= 72]",
    ],
    [
      "name starting with a digit",
      "users/create",
      { userName: "1bob", password: "secret1" },
      1100,
      "the first character must be a letter, but got 1",
    ],
    [
      "33-byte name",
      "users/create",
      { userName: `a${"b".repeat(32)}`, password: "secret1" },
      1100,
      "the length of username must be less than 32",
    ],
    [
      "missing password",
      "users/create",
      { userName: "bob" },
      1802,
      "Key: 'PasswordReq.Password' Error:Field validation for 'Password' failed on the 'required' tag",
    ],
    ["empty user name", "users/drop", { userName: "" }, 1802, "'UserReq.UserName'"],
    [
      "number as a name",
      "users/create",
      { userName: 7, password: "secret1" },
      1801,
      "cannot unmarshal number into Go struct field PasswordReq.userName of type string",
    ],
    ["array body", "users/create", [], 1801, "cannot unmarshal array"],
    [
      "drop root",
      "users/drop",
      { userName: "root" },
      1401,
      "root user cannot be deleted: privilege not permitted",
    ],
    [
      "drop admin",
      "roles/drop",
      { roleName: "admin" },
      1401,
      "the role[admin] is a default role, which can't be dropped: privilege not permitted",
    ],
    ["drop public", "roles/drop", { roleName: "public" }, 1401, "the role[public] is a default role"],
    ["drop an unknown role", "roles/drop", { roleName: "ghost" }, v25 ? 65535 : 1100, "not found the role"],
    [
      "duplicate role",
      "roles/create",
      { roleName: "admin" },
      v25 ? 65535 : 1100,
      'role [name:"admin"] already exists',
    ],
    ["bad role name", "roles/create", { roleName: "9lives" }, 1100, "must be an underscore or letter"],
    [
      "describe an unknown role",
      "roles/describe",
      { roleName: "ghost" },
      v25 ? 65535 : 1100,
      v25 ? "not found the role" : 'the role "ghost" does not exist',
    ],
    [
      "grant an unknown role",
      "users/grant_role",
      { userName: "root", roleName: "ghost" },
      v25 ? 65535 : 1100,
      "not found the role",
    ],
    [
      "grant to an unknown user",
      "users/grant_role",
      { userName: "ghost", roleName: "admin" },
      v25 ? 65535 : 1100,
      v25 ? "not found the user" : 'user "ghost" not found',
    ],
    [
      "unknown privilege",
      "roles/grant_privilege",
      { roleName: "public", objectType: "Collection", objectName: "*", privilege: "Serch" },
      v25 ? 65535 : 1100,
      "not found the privilege name[Serch]",
    ],
    [
      "v2 grant without a collection",
      "roles/grant_privilege_v2",
      { roleName: "public", privilege: "Search", collectionName: "" },
      1100,
      "collection name should not be empty: invalid parameter",
    ],
    [
      "cluster group outside *",
      "roles/grant_privilege_v2",
      { roleName: "public", privilege: "ClusterReadOnly", collectionName: "books" },
      1100,
      "should be * for the cluster level privilege",
    ],
    [
      "wrong old password",
      "users/update_password",
      { userName: "root", password: "nope", newPassword: "secret2" },
      1400,
      "old password not correct for root: not authenticated",
    ],
    ["empty body", "users/list", "", 1801, "the request body should be nil, however {} is valid"],
    ["broken JSON", "users/list", "{", 1801, "can only accept json format request, error:"],
  ])("answers %s with HTTP 200 and its vendor code", async (_label, op, body, code, message) => {
    const res = await post(sim, op, body);
    expect(res.status).toBe(200);
    expect(res.json.code).toBe(code);
    expect(res.json.message).toContain(message);
    expect(Object.keys(res.json).sort()).toEqual(["code", "message"]);
  });

  it("treats version-specific features as that version does", async () => {
    const alter = await call(sim, "POST", "/v2/vectordb/roles/alter", {
      headers: ROOT,
      body: { roleName: "public", description: "x" },
    });
    if (v25) {
      expect([alter.status, alter.text]).toEqual([404, "404 page not found"]);
    } else {
      expect(alter.json).toEqual({
        code: 1401,
        message: "the role[public] is a default role, which can't be altered: privilege not permitted",
      });
      await post(sim, "roles/create", { roleName: "reader", description: "Read" });
      expect(
        (await post(sim, "roles/alter", { roleName: "reader", description: "Read all" })).json.code,
      ).toBe(0);
      expect((await post(sim, "roles/describe", { roleName: "reader" })).json.description).toBe("Read all");
      expect((await post(sim, "roles/alter", { roleName: "ghost", description: "x" })).json).toEqual({
        code: 65535,
        message: "failed to check if alter role: role not exists",
      });
    }
    // Names with '.' and '-' arrived in 2.6.
    const dotted = await post(sim, "users/create", { userName: "a.b-c", password: "secret1" });
    expect(dotted.json.code).toBe(v25 ? 1100 : 0);
    // 2.6+ updates only the description when no new password is given; neither is 1100.
    const descriptionOnly = await post(sim, "users/update_password", {
      userName: "root",
      description: "The root",
    });
    expect(descriptionOnly.json.code).toBe(v25 ? 1802 : 0);
    if (!v25) {
      const nothing = await post(sim, "users/update_password", { userName: "root" });
      expect(nothing.json).toEqual({
        code: 1100,
        message: "must update either password or description: invalid parameter",
      });
    }
    const badTimeout = await post(sim, "users/list", {}, { ...ROOT, "Request-Timeout": "soon" });
    expect(badTimeout.json.code).toBe(version === "3.0" ? 1100 : 0);
    expect(badTimeout.headers.has("x-milvus-trace-id")).toBe(version === "3.0");
  });

  it("refuses more than 100 users and 10 roles (built-in roles count)", async () => {
    for (let i = 0; i < 8; i++)
      expect((await post(sim, "roles/create", { roleName: `r${i}` })).json.code).toBe(0);
    const eleventh = await post(sim, "roles/create", { roleName: "r8" });
    expect(eleventh.json.code).toBe(v25 ? 65535 : 9);
    expect(eleventh.json.message).toContain("the number of roles has reached the limit");
  });
});

describe("Milvus authentication and leniency", () => {
  let sim;
  let apiKey;
  beforeAll(async () => {
    sim = await start("milvus");
    [apiKey] = sim.credentials.apiKeys;
  });
  afterAll(() => sim?.stop());
  afterEach(() => sim.reset());

  it.each([
    ["Bearer user:password", () => ({ authorization: "Bearer root:Milvus" }), 200],
    ["bare user:password (the prefix is optional)", () => ({ authorization: "root:Milvus" }), 200],
    ["Basic", () => ({ authorization: `Basic ${Buffer.from("root:Milvus").toString("base64")}` }), 200],
    ["an API key", () => ({ authorization: `Bearer ${apiKey}` }), 200],
    ["a wrong password", () => ({ authorization: "Bearer root:milvus" }), 401],
    ["an unknown API key", () => ({ authorization: "Bearer not-a-key" }), 401],
    ["an empty password", () => ({ authorization: "Bearer root:" }), 401],
    ["a lower-case bearer prefix", () => ({ authorization: "bearer root:Milvus" }), 401],
    ["no header", () => ({}), 401],
  ])("%s → HTTP %i", async (_label, headers, status) => {
    const res = await call(sim, "POST", "/v2/vectordb/users/list", { headers: headers(), body: {} });
    expect(res.status).toBe(status);
    if (status === 401) expect(res.json).toEqual({ code: 1800, message: "user hasn't authenticated" });
  });

  it("sends WWW-Authenticate after Basic, as the server does", async () => {
    const res = await call(sim, "POST", "/v2/vectordb/users/list", {
      headers: { authorization: `Basic ${Buffer.from("root:Milvus").toString("base64")}` },
      body: {},
    });
    expect(res.headers.get("www-authenticate")).toBe('Basic realm="restricted", charset="UTF-8"');
  });

  it("accepts JSON sent as text/plain (the Node SDK does) and ignores unknown fields such as dbName", async () => {
    const res = await call(sim, "POST", "/v2/vectordb/users/create", {
      headers: { ...ROOT, "content-type": "text/plain;charset=UTF-8" },
      body: { userName: "alice", password: "secret1", dbName: "default", extra: true },
    });
    expect(res.json).toEqual({ code: 0, data: {} });
  });

  it("answers unknown routes like gin, after authentication", async () => {
    const anonymous = await call(sim, "POST", "/v2/vectordb/users/nope", { body: {} });
    expect(anonymous.status).toBe(401);
    const known = await call(sim, "GET", "/v2/vectordb/users/list", { headers: ROOT });
    expect([known.status, known.text, known.headers.get("content-type")]).toEqual([
      404,
      "404 page not found",
      "text/plain; charset=utf-8",
    ]);
  });

  it("denies a user without privileges with HTTP 403 and 65535, but lets it describe itself", async () => {
    await post(sim, "users/create", { userName: "analyst", password: "secret1" });
    const alice = { authorization: "Bearer analyst:secret1" };
    const denied = await call(sim, "POST", "/v2/vectordb/users/drop", {
      headers: alice,
      body: { userName: "root" },
    });
    expect(denied.status).toBe(403);
    expect(denied.json).toEqual({
      code: 65535,
      message: "PrivilegeDropOwnership: permission deny to analyst in the `default` database",
    });
    expect((await post(sim, "users/describe", { userName: "analyst" }, alice)).json.code).toBe(0);
    await post(sim, "users/grant_role", { userName: "analyst", roleName: "admin" });
    expect((await post(sim, "users/create", { userName: "bob", password: "secret1" }, alice)).json.code).toBe(
      0,
    );
  });

  it("applies the spec's Zilliz Cloud policy when asked (passwordPolicy: zilliz-cloud)", async () => {
    const cloud = await start("milvus", { options: { passwordPolicy: "zilliz-cloud" } });
    try {
      const weak = await post(cloud, "users/create", { userName: "alice", password: "secret1" });
      expect(weak.json).toEqual({
        code: 1100,
        message: "invalid password: it does not meet the Zilliz Cloud policy: invalid parameter",
      });
      const dotted = await post(cloud, "users/create", { userName: "a.b", password: "P@ssw0rd" });
      expect(dotted.json.code).toBe(1100);
      expect((await post(cloud, "users/create", { userName: "alice", password: "P@ssw0rd" })).json.code).toBe(
        0,
      );
    } finally {
      await cloud.stop();
    }
    expect((await post(sim, "users/create", { userName: "alice", password: "secret1" })).json.code).toBe(0);
  });

  it("ignores credentials entirely with authentication off", async () => {
    const open = await start("milvus", { options: { auth: false } });
    try {
      const res = await call(open, "POST", "/v2/vectordb/users/list", { body: {} });
      expect(res.json).toEqual({ code: 0, data: ["root"] });
    } finally {
      await open.stop();
    }
  });

  it("keeps secrets out of the state snapshot", async () => {
    await post(sim, "users/create", { userName: "alice", password: "secret-pass-1" });
    const snapshot = await call(sim, "GET", "/__sim/state");
    expect(snapshot.text).not.toContain("secret-pass-1");
    expect(snapshot.text).not.toContain("Milvus");
    expect(snapshot.json.users.alice).toEqual({ description: "", roles: [] });
  });
});
