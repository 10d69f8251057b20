// Clients against the simulators: the EHPC client (a runtime dependency of the simulator, which verifies its
// signatures) through every operation, and the official Milvus Node SDK's HttpClient, whose JSON bodies go out
// as text/plain (Prism refuses them with 415; the real server and the simulator accept them). The Milvus and
// Sunbird clients run against their simulators in their own packages' tests (test/simulator.test.ts), so a
// change to them does not re-run the simulator's suite.
import { createRequire } from "node:module";
import { createEhpcClient, EhpcError, operations as ehpcOps } from "@userctl/qingcloud-ehpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordingFetch, uncalledOperations } from "../src/testing.mjs";
import { start } from "./helpers.mjs";

const require = createRequire(import.meta.url);

describe("@userctl/qingcloud-ehpc against the EHPC simulator", () => {
  let sim;
  beforeAll(async () => {
    sim = await start("qingcloud-ehpc");
  });
  afterAll(() => sim?.stop());

  it("runs all 4 operations, signed, with their effects visible", async () => {
    const t = recordingFetch();
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
    expect(uncalledOperations(t.calls, ehpcOps)).toEqual([]);
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
