// The client against the Milvus simulator (@userctl/simulator, which keeps state as the server does): every
// operation in an order where each one's effect is visible to the next, and the server's errors as MilvusError.
import { type Simulator, startSimulator } from "@userctl/simulator";
import { recordingFetch, uncalledOperations } from "@userctl/simulator/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMilvusClient, MilvusError, operations } from "../src/index.js";

describe("@userctl/milvus against the Milvus simulator", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ api: "milvus", host: "127.0.0.1", port: 0 });
  });
  afterAll(() => sim?.stop());

  it("runs all 16 operations with their effects visible", async () => {
    const t = recordingFetch();
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
    expect(uncalledOperations(t.calls, operations)).toEqual([]);
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
