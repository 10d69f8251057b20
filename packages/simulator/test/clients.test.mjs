// The three userctl clients' contract, run against the simulators (every operation, in an order where each
// one's effect is visible to the next), and the official Milvus Node SDK's HttpClient, whose JSON bodies go out
// as text/plain (Prism refuses them with 415; the real server and the simulator accept them).
import { createRequire } from "node:module";
import { createMilvusClient, MilvusError, operations as milvusOps } from "@userctl/milvus";
import { createEhpcClient, EhpcError, operations as ehpcOps } from "@userctl/qingcloud-ehpc";
import { createSunbirdClient, SunbirdError, operations as sunbirdOps } from "@userctl/sunbird-user";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { start } from "./helpers.mjs";

const require = createRequire(import.meta.url);

/** Wrap fetch so a test can assert which operations were really called. */
function tracking() {
  const paths = [];
  const fetcher = (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    paths.push(`${request.method} ${new URL(request.url).pathname}`);
    return fetch(request);
  };
  return { paths, fetch: fetcher };
}
const calledAll = (paths, ops) => {
  const wanted = Object.values(ops).map((op) => `${op.method.toUpperCase()} ${op.path}`);
  for (const w of wanted) {
    const [method, template] = w.split(" ");
    const re = new RegExp(`^${method} ${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    expect(
      paths.some((p) => re.test(p)),
      w,
    ).toBe(true);
  }
};

describe("@userctl/milvus against the Milvus simulator", () => {
  let sim;
  beforeAll(async () => {
    sim = await start("milvus");
  });
  afterAll(() => sim?.stop());

  it("runs all 16 operations with their effects visible", async () => {
    const t = tracking();
    const c = createMilvusClient({ endpoint: sim.url, token: "root:Milvus", fetch: t.fetch });
    await c.createUser({ userName: "milvusAdmin", password: "P@ssw0rd" });
    expect((await c.listUsers({})).data).toEqual(["root", "milvusAdmin"]);
    await c.createRole({ roleName: "readOnly", description: "Read-only access" });
    await c.alterRole({ roleName: "readOnly", description: "Read-only access to all collections" });
    expect((await c.listRoles({})).data).toContain("readOnly");
    await c.grantRole({ userName: "milvusAdmin", roleName: "readOnly" });
    expect((await c.describeUser({ userName: "milvusAdmin" })).data).toEqual(["readOnly"]);
    await c.grantPrivilege({
      roleName: "readOnly",
      objectType: "Collection",
      objectName: "*",
      privilege: "Search",
    });
    await c.grantPrivilegeV2({
      roleName: "readOnly",
      privilege: "Query",
      collectionName: "*",
      dbName: "default",
    });
    const described = await c.describeRole({ roleName: "readOnly", dbName: "*" });
    expect(described.data.map((g) => g.privilege)).toEqual(["Search", "Query"]);
    expect(described.description).toBe("Read-only access to all collections");
    await c.revokePrivilege({
      roleName: "readOnly",
      objectType: "Collection",
      objectName: "*",
      privilege: "Search",
    });
    await c.revokePrivilegeV2({ roleName: "readOnly", privilege: "Query", collectionName: "*" });
    await c.revokeRole({ userName: "milvusAdmin", roleName: "readOnly" });
    await c.updatePassword({ userName: "milvusAdmin", password: "P@ssw0rd", newPassword: "N3w-P@ssw0rd" });
    await c.dropRole({ roleName: "readOnly" });
    await c.dropUser({ userName: "milvusAdmin" });
    expect((await c.listUsers({})).data).toEqual(["root"]);
    calledAll(t.paths, milvusOps);
  });

  it("surfaces the server's errors as MilvusError with the vendor code", async () => {
    const c = createMilvusClient({ endpoint: sim.url, token: "root:Milvus" });
    const error = await c.dropUser({ userName: "root" }).catch((e) => e);
    expect(error).toBeInstanceOf(MilvusError);
    expect(error.code).toBe(1401);
    const wrong = createMilvusClient({ endpoint: sim.url, token: "root:nope" });
    const denied = await wrong.listUsers({}).catch((e) => e);
    expect([denied.code, denied.httpStatus]).toEqual([1800, 401]);
  });
});

describe("@userctl/qingcloud-ehpc against the EHPC simulator", () => {
  let sim;
  beforeAll(async () => {
    sim = await start("qingcloud-ehpc");
  });
  afterAll(() => sim?.stop());

  it("runs all 4 operations, signed, with their effects visible", async () => {
    const t = tracking();
    const [key] = sim.credentials.keys;
    const c = createEhpcClient({ endpoint: sim.url, ...key, zone: "jn1a", fetch: t.fetch });
    const added = await c.addUser({
      cluster_id: "ehpc-8jqdq0mz",
      username: "isabel",
      password: "Ehpc2024!Pass",
      mod: "700",
    });
    expect(added.job_id).toMatch(/^j-/);
    const listed = await c.listUsers({ cluster_id: "ehpc-8jqdq0mz", search_word: "isa" });
    expect(listed.users_set.map((u) => u.username)).toEqual(["isabel"]);
    await c.modifyUser({ cluster_id: "ehpc-8jqdq0mz", username: "isabel", new_password: "%e^S5kW1*&fR" });
    await c.deleteUser({ cluster_id: "ehpc-8jqdq0mz", username: "isabel" });
    expect((await c.listUsers({ cluster_id: "ehpc-8jqdq0mz" })).total_count).toBe(1);
    const again = await c.deleteUser({ cluster_id: "ehpc-8jqdq0mz", username: "isabel" }).catch((e) => e);
    expect(again).toBeInstanceOf(EhpcError);
    expect(again.code).toBe(1610);
    calledAll(t.paths, ehpcOps);
  });

  it("is refused with 1200 when it signs with the wrong secret, and with 1300 when its clock is late", async () => {
    const [key] = sim.credentials.keys;
    const wrong = createEhpcClient({
      endpoint: sim.url,
      accessKeyId: key.accessKeyId,
      secretAccessKey: "x",
      zone: "jn1a",
    });
    expect((await wrong.listUsers({}).catch((e) => e)).code).toBe(1200);
    const late = createEhpcClient({
      endpoint: sim.url,
      ...key,
      zone: "jn1a",
      now: () => new Date(Date.now() - 5 * 60_000),
    });
    expect((await late.listUsers({}).catch((e) => e)).code).toBe(1300);
  });

  it("verifies every signature encoding, signed-uri style and query encoding the client offers", async () => {
    const [key] = sim.credentials.keys;
    for (const signatureEncoding of ["single", "double"]) {
      for (const signedUri of ["trailing-slash", "as-sent"]) {
        for (const queryEncoding of ["rfc3986", "form"]) {
          const c = createEhpcClient({
            endpoint: sim.url,
            ...key,
            zone: "jn1a",
            signatureEncoding,
            signedUri,
            queryEncoding,
          });
          expect((await c.listUsers({ search_word: "a d~m*n" })).ret_code).toBe(0);
        }
      }
    }
  });
});

describe("@userctl/sunbird-user against the Sunbird simulator", () => {
  let sim;
  beforeAll(async () => {
    sim = await start("sunbird-user");
  });
  afterAll(() => sim?.stop());

  it("runs all 6 operations with their effects visible", async () => {
    const t = tracking();
    const { apiKey, userToken } = sim.credentials;
    const c = createSunbirdClient({ baseUrl: sim.url, apiKey, userToken, fetch: t.fetch });
    const created = await c.createUser({
      request: { firstName: "Asha", lastName: "Rao", email: "asha.rao@example.org" },
    });
    const userId = created.userId ?? created.result?.userId;
    expect(typeof userId).toBe("string");
    const read = await c.readUser({ userId });
    expect(JSON.stringify(read)).toContain("Asha");
    await c.blockUser({ request: { userId } });
    await c.unblockUser({ request: { userId } });
    const found = await c.searchUsers({ request: { filters: { email: "asha.rao@example.org" } } });
    expect(JSON.stringify(found)).toContain(userId);
    await c.deleteUser({ request: { userId } });
    const again = await c.deleteUser({ request: { userId } }).catch((e) => e);
    expect(again).toBeInstanceOf(SunbirdError);
    expect(again.code).toBe("UOS_USRDLT0008");
    calledAll(t.paths, sunbirdOps);
  });
});

describe("the official Milvus Node SDK (@zilliz/milvus2-sdk-node HttpClient)", () => {
  let sim;
  beforeAll(async () => {
    sim = await start("milvus");
  });
  afterAll(() => sim?.stop());

  it("makes all 13 of its user and role calls succeed, although it sends JSON as text/plain", async () => {
    const { HttpClient } = require("@zilliz/milvus2-sdk-node/dist/milvus/HttpClient");
    const sent = [];
    const recording = (url, init) => {
      const request = new Request(url, init);
      sent.push(request.headers.get("content-type"));
      return fetch(request);
    };
    const sdk = new HttpClient({ endpoint: sim.url, token: "root:Milvus", fetch: recording });
    const results = [
      await sdk.createUser({ userName: "sdkUser", password: "user1234" }),
      await sdk.updateUserPassword({
        userName: "sdkUser",
        password: "user1234",
        newPassword: "test_new_password",
      }),
      await sdk.createRole({ roleName: "sdkRole" }),
      await sdk.grantPrivilegeToRole({
        roleName: "sdkRole",
        objectType: "Collection",
        objectName: "*",
        privilege: "Search",
      }),
      await sdk.describeRole({ roleName: "sdkRole" }),
      await sdk.listRoles(),
      await sdk.grantRoleToUser({ userName: "sdkUser", roleName: "sdkRole" }),
      await sdk.describeUser({ userName: "sdkUser" }),
      await sdk.listUsers(),
      await sdk.revokeRoleFromUser({ userName: "sdkUser", roleName: "sdkRole" }),
      await sdk.revokePrivilegeFromRole({
        roleName: "sdkRole",
        objectType: "Collection",
        objectName: "*",
        privilege: "Search",
      }),
      await sdk.dropRole({ roleName: "sdkRole" }),
      await sdk.dropUser({ userName: "sdkUser" }),
    ];
    expect(results.map((r) => r.code)).toEqual(Array(13).fill(0));
    expect(results[4].data).toEqual([
      { objectType: "Collection", objectName: "*", privilege: "Search", dbName: "default", grantor: "root" },
    ]);
    expect(results[7].data).toEqual(["sdkRole"]);
    expect(results[8].data).toEqual(["root", "sdkUser"]);
    expect(new Set(sent)).toEqual(new Set(["text/plain;charset=UTF-8"]));
  });
});
