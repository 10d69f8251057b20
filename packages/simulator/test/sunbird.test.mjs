// The Sunbird simulator: create, read, block, unblock, search, delete with the service's envelope and codes,
// soft delete (a second delete answers UOS_USRDLT0008), both tokens checked, the gateway's plain-text 403.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { call, responseChecker, start } from "./helpers.mjs";

const conforms = responseChecker("sunbird-user");
let sim;
let headers;
beforeAll(async () => {
  sim = await start("sunbird-user");
  headers = {
    authorization: `Bearer ${sim.credentials.apiKey}`,
    "x-authenticated-user-token": sim.credentials.userToken,
    "content-type": "application/json",
  };
});
afterAll(() => sim?.stop());
afterEach(() => sim.reset());

async function op(operationId, method, path, body, extraHeaders = headers) {
  const res = await call(sim, method, path, { headers: extraHeaders, body });
  expect(conforms(operationId, res.status, res.headers.get("content-type"), res.json ?? res.text)).toEqual(
    [],
  );
  return res;
}
const create = (request) => op("createUser", "POST", "/api/user/v1/create", { request });
const read = (id) => op("readUser", "GET", `/api/user/v5/read/${encodeURIComponent(id)}`);
const block = (userId) => op("blockUser", "POST", "/api/user/v1/block", { request: { userId } });
const unblock = (userId) => op("unblockUser", "POST", "/api/user/v1/unblock", { request: { userId } });
const search = (request) => op("searchUsers", "POST", "/api/user/v1/search", { request });
const remove = (userId) => op("deleteUser", "POST", "/api/user/v1/delete", { request: { userId } });

const err = (res) => [res.status, res.json.params.err, res.json.params.errmsg, res.json.responseCode];

describe("Sunbird users", () => {
  it("creates, reads, blocks, unblocks, searches and deletes, each visible to the next call", async () => {
    const created = await create({ firstName: "Asha", lastName: "Rao", email: "asha@example.org" });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ id: "api.user.create", ver: "v1", responseCode: "OK" });
    expect(created.json.params).toMatchObject({ status: "SUCCESS", err: null, errmsg: null });
    expect(created.json.ts).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\d{3}\+0000$/);
    const id = created.json.result.userId;

    const profile = await read(id);
    expect(profile.json.result.response).toMatchObject({
      id,
      firstName: "Asha",
      status: 1,
      isDeleted: false,
    });
    expect(profile.json.id).toBe(`api.user.read.${id}`);

    expect((await block(id)).json.result).toEqual({ response: "SUCCESS" });
    expect(err(await read(id))).toEqual([
      400,
      "UOS_USRRED0006",
      "User account has been blocked .",
      "CLIENT_ERROR",
    ]);
    expect(err(await block(id))).toEqual([
      400,
      "UOS_USRBLOK0008",
      "User is already inactive.",
      "CLIENT_ERROR",
    ]);
    expect((await unblock(id)).json.result).toEqual({ response: "SUCCESS" });
    expect((await read(id)).json.result.response).toMatchObject({ status: 1, isDeleted: false });
    expect(err(await unblock(id))).toEqual([
      400,
      "UOS_USRUNBLOK0008",
      "User is already active.",
      "CLIENT_ERROR",
    ]);

    const found = await search({ filters: { email: "asha@example.org" }, fields: ["id", "firstName"] });
    expect(found.json.result.response).toEqual({ count: 1, content: [{ id, firstName: "Asha" }] });

    expect((await remove(id)).json.result).toEqual({ response: "SUCCESS" });
    expect(err(await remove(id))).toEqual([
      400,
      "UOS_USRDLT0008",
      "User is already deleted.",
      "CLIENT_ERROR",
    ]);
    // Deletion blanks the personal data, so the search by email no longer finds the user.
    expect((await search({ filters: { email: "asha@example.org" } })).json.result.response.count).toBe(0);
    expect(err(await read(id))).toEqual([
      400,
      "UOS_USRRED0006",
      "User account has been blocked .",
      "CLIENT_ERROR",
    ]);
  });

  it("searches with filters, sort_by, limit and offset", async () => {
    for (const name of ["Cara", "Abel", "Bina"])
      await create({ firstName: name, phone: `98765${name}`, userType: "student" });
    const page = await search({
      filters: { userType: "student" },
      sort_by: { firstName: "asc" },
      limit: 2,
      offset: 1,
    });
    expect(page.json.result.response.count).toBe(3);
    expect(page.json.result.response.content.map((u) => u.firstName)).toEqual(["Bina", "Cara"]);
    const listed = await search({ filters: { firstName: ["Abel", "Cara"] } });
    expect(listed.json.result.response.count).toBe(2);
  });

  it.each([
    [
      "no firstName",
      { email: "a@example.org" },
      "UOS_USRCRT0030",
      "Mandatory parameter firstName is missing.",
    ],
    ["neither email nor phone", { firstName: "A" }, "UOS_USRCRT0019", "Please provide valid email or phone."],
    [
      "a malformed email",
      { firstName: "A", email: "not-an-email" },
      "UOS_USRCRT0009",
      "Invalid format for given email.",
    ],
    [
      "a weak password",
      { firstName: "A", email: "a@example.org", password: "weak" },
      "UOS_USRCRT0024",
      "Password must contain a minimum of 8 characters including numerals, lower and upper case alphabets and special characters.",
    ],
  ])("refuses a create with %s", async (_label, request, code, message) => {
    const before = (await search({ filters: {} })).json.result.response.count;
    const res = await create(request);
    expect(err(res)).toEqual([400, code, message, "CLIENT_ERROR"]);
    expect((await search({ filters: {} })).json.result.response.count).toBe(before);
  });

  it("refuses a duplicate email with UOS_USRCRT0004", async () => {
    await create({ firstName: "A", email: "a@example.org" });
    expect(err(await create({ firstName: "B", email: "a@example.org" }))[1]).toBe("UOS_USRCRT0004");
  });

  it.each([
    ["deleteUser", "/api/user/v1/delete", "UOS_USRDLT"],
    ["blockUser", "/api/user/v1/block", "UOS_USRBLOK"],
    ["unblockUser", "/api/user/v1/unblock", "UOS_USRUNBLOK"],
  ])("%s: unknown id → 404 …0013, blank id → 400 …0030", async (operationId, path, prefix) => {
    const unknown = await op(operationId, "POST", path, { request: { userId: "no-such-user" } });
    expect(err(unknown)).toEqual([404, `${prefix}0013`, "user", "RESOURCE_NOT_FOUND"]);
    const blank = await op(operationId, "POST", path, { request: { userId: "  " } });
    expect(err(blank)).toEqual([
      400,
      `${prefix}0030`,
      "Mandatory parameter userId is missing.",
      "CLIENT_ERROR",
    ]);
  });

  it("will not delete a user holding a role other than PUBLIC", async () => {
    const res = await remove(sim.credentials.adminUserId);
    expect(err(res)).toEqual([
      400,
      "UOS_USRDLT0083",
      "User is restricted from deleting account based on roles!",
      "CLIENT_ERROR",
    ]);
  });

  it("treats a body without a request object as an empty request (the first mandatory field is missing)", async () => {
    const created = await op("createUser", "POST", "/api/user/v1/create", { firstName: "A" });
    expect(err(created)).toEqual([
      400,
      "UOS_USRCRT0030",
      "Mandatory parameter firstName is missing.",
      "CLIENT_ERROR",
    ]);
    const searched = await op("searchUsers", "POST", "/api/user/v1/search", []);
    expect(err(searched)[1]).toBe("UOS_USRSER0030");
  });

  it("refuses a search without filters with UOS_USRSER0030", async () => {
    expect(err(await search({ fields: ["id"] }))).toEqual([
      400,
      "UOS_USRSER0030",
      "Mandatory parameter filters is missing.",
      "CLIENT_ERROR",
    ]);
  });

  it("echoes x-request-id as msgid and resmsgid", async () => {
    const res = await op(
      "searchUsers",
      "POST",
      "/api/user/v1/search",
      { request: { filters: {} } },
      { ...headers, "x-request-id": "req-42" },
    );
    expect(res.json.params).toMatchObject({ msgid: "req-42", resmsgid: "req-42" });
  });
});

describe("Sunbird 7.0 block/unblock guards (sunbirdRelease: 7.0)", () => {
  it("re-blocks successfully, cannot unblock a 7.0-blocked user, unblocks one blocked before 7.0", async () => {
    const v7 = await start("sunbird-user", { options: { sunbirdRelease: "7.0" } });
    const h = {
      authorization: `Bearer ${v7.credentials.apiKey}`,
      "x-authenticated-user-token": v7.credentials.userToken,
    };
    const post = (path, body) => call(v7, "POST", `/api/user/v1/${path}`, { headers: h, body });
    try {
      const id = (await post("create", { request: { firstName: "A", email: "a@example.org" } })).json.result
        .userId;
      expect((await post("block", { request: { userId: id } })).status).toBe(200);
      expect((await post("block", { request: { userId: id } })).status).toBe(200);
      expect((await post("unblock", { request: { userId: id } })).json.params.err).toBe("UOS_USRUNBLOK0008");
      const legacy = v7.credentials.legacyBlockedUserId;
      expect((await post("unblock", { request: { userId: legacy } })).status).toBe(200);
    } finally {
      await v7.stop();
    }
  });
});

describe("Sunbird tokens", () => {
  it.each([
    ["no gateway token", { "x-authenticated-user-token": "t" }],
    ["a wrong gateway token", { authorization: "Bearer nope" }],
  ])("%s: the gateway's own 401", async (_label, h) => {
    const res = await op("deleteUser", "POST", "/api/user/v1/delete", { request: { userId: "x" } }, h);
    expect([res.status, res.json]).toEqual([401, { message: "Unauthorized" }]);
  });

  it("a gateway token without the route's ACL group: the gateway's plain-text 403, reads still allowed", async () => {
    const h = {
      authorization: `Bearer ${sim.credentials.restrictedApiKey}`,
      "x-authenticated-user-token": sim.credentials.userToken,
    };
    const res = await op("deleteUser", "POST", "/api/user/v1/delete", { request: { userId: "x" } }, h);
    expect([res.status, res.text, res.headers.get("content-type")]).toEqual([
      403,
      "You do not have permission to perform this operation",
      "text/plain; charset=utf-8",
    ]);
    const read = await op(
      "readUser",
      "GET",
      `/api/user/v5/read/${sim.credentials.adminUserId}`,
      undefined,
      h,
    );
    expect(read.status).toBe(200);
  });

  it.each([
    ["no user token", undefined],
    ["a wrong user token", "not-the-token"],
  ])("%s: 401 UOS_0070", async (_label, token) => {
    const h = { authorization: `Bearer ${sim.credentials.apiKey}` };
    if (token) h["x-authenticated-user-token"] = token;
    const res = await op("blockUser", "POST", "/api/user/v1/block", { request: { userId: "x" } }, h);
    expect(err(res)).toEqual([401, "UOS_0070", "You are not authorized.", "UNAUTHORIZED"]);
  });

  it("lets createUser through with the gateway token only (header-ignore list)", async () => {
    const h = { authorization: `Bearer ${sim.credentials.apiKey}` };
    const res = await op(
      "createUser",
      "POST",
      "/api/user/v1/create",
      { request: { firstName: "A", phone: "9876543210" } },
      h,
    );
    expect(res.status).toBe(200);
  });
});
