// The QingCloud EHPC simulator: signatures verified for real (tampered query, body or timestamp refused),
// paging, the only-admin rule, 1610 for unknown users, and every answer HTTP 200 with `ret_code`.
import { formatTimestamp, signRequest } from "@userctl/qingcloud-ehpc/signing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { call, responseChecker, start } from "./helpers.mjs";

const CLUSTER = "ehpc-8jqdq0mz";
const conforms = responseChecker("qingcloud-ehpc");
const OPS = {
  "/api/user/addUser": "addUser",
  "/api/user": "listUsers",
  "/api/user/modifyUser": "modifyUser",
  "/api/user/deleteUser": "deleteUser",
};

let sim;
let key;
beforeAll(async () => {
  sim = await start("qingcloud-ehpc");
  [key] = sim.credentials.keys;
});
afterAll(() => sim?.stop());
afterEach(() => sim.reset());

/** Sign like the userctl client, then optionally tamper with what is sent. */
function signed(
  method,
  path,
  { query = {}, body, at = new Date(), secret = key.secretAccessKey, encoding } = {},
) {
  const text = body === undefined ? "" : JSON.stringify(body);
  const s = signRequest({
    accessKeyId: key.accessKeyId,
    secretAccessKey: secret,
    method,
    path,
    query: { zone: "jn1a", ...query },
    body: text,
    timestamp: at,
    ...(encoding ? { signatureEncoding: encoding } : {}),
  });
  return { query: s.queryString, body: body === undefined ? undefined : text };
}

async function send(method, path, req) {
  const res = await call(sim, method, path, {
    query: req.query,
    body: req.body,
    headers: req.body === undefined ? {} : { "content-type": "application/json" },
  });
  expect(res.status).toBe(200);
  expect(conforms(OPS[path], res.status, res.headers.get("content-type"), res.json)).toEqual([]);
  return res.json;
}

const add = (username, extra = {}) =>
  send(
    "POST",
    "/api/user/addUser",
    signed("POST", "/api/user/addUser", {
      body: { cluster_id: CLUSTER, username, password: "Ehpc2024!Pass", zone: "jn1a", ...extra },
    }),
  );
const list = (query = {}) => send("GET", "/api/user", signed("GET", "/api/user", { query }));
const del = (username) =>
  send(
    "POST",
    "/api/user/deleteUser",
    signed("POST", "/api/user/deleteUser", {
      body: { cluster_id: CLUSTER, username, zone: "jn1a" },
    }),
  );

describe("EHPC signatures", () => {
  it("accepts a request signed as the docs sign it (double-encoded) and signed once", async () => {
    expect((await list()).ret_code).toBe(0);
    const once = signed("GET", "/api/user", { encoding: "single" });
    expect((await send("GET", "/api/user", once)).ret_code).toBe(0);
  });

  it.each([
    ["a changed query value", (r) => ({ ...r, query: r.query.replace("zone=jn1a", "zone=jn1b") })],
    ["an added query parameter", (r) => ({ ...r, query: `${r.query}&cluster_id=${CLUSTER}` })],
    ["a changed body", (r) => ({ ...r, body: r.body.replace("isabel", "mallory") })],
    ["a body with one extra space", (r) => ({ ...r, body: r.body.replace(":", ": ") })],
    [
      "a changed timestamp",
      (r) => ({
        ...r,
        query: r.query.replace(
          /timestamp=[^&]+/,
          `timestamp=${encodeURIComponent(formatTimestamp(new Date(Date.now() + 1000)))}`,
        ),
      }),
    ],
    [
      "a wrong secret",
      () =>
        signed("POST", "/api/user/addUser", {
          body: { cluster_id: CLUSTER, username: "isabel", password: "Ehpc2024!Pass", zone: "jn1a" },
          secret: "not-the-secret",
        }),
    ],
    [
      "an unknown access key",
      (r) => ({ ...r, query: r.query.replace(/access_key_id=[^&]+/, "access_key_id=QYUNKNOWN") }),
    ],
  ])("refuses %s with 1200", async (_label, tamper) => {
    const genuine = signed("POST", "/api/user/addUser", {
      body: { cluster_id: CLUSTER, username: "isabel", password: "Ehpc2024!Pass", zone: "jn1a" },
    });
    const answer = await send("POST", "/api/user/addUser", tamper(genuine));
    expect(answer.ret_code).toBe(1200);
    // Nothing was created by the refused request.
    expect((await list()).users_set.map((u) => u.username)).toEqual(["admin"]);
  });

  it("refuses a correctly signed request older than 60 s with 1300", async () => {
    const old = signed("GET", "/api/user", { at: new Date(Date.now() - 61_000) });
    expect(await send("GET", "/api/user", old)).toEqual({
      ret_code: 1300,
      message: "MessageExpired, the request timestamp is more than 60 seconds old",
    });
  });

  it("refuses a request without a signature with 1100", async () => {
    const r = signed("GET", "/api/user");
    const answer = await send("GET", "/api/user", { query: r.query.replace(/&signature=.*$/, "") });
    expect(answer.ret_code).toBe(1100);
  });
});

describe("EHPC users", () => {
  it("starts with one cluster whose only account is its admin, which cannot be deleted", async () => {
    const start = await list();
    expect(start.total_count).toBe(1);
    expect(start.users_set[0]).toMatchObject({ cluster_id: CLUSTER, username: "admin", role: "admin" });
    expect(await del("admin")).toEqual({
      ret_code: 5000,
      message: "delete cluster user failed：detail：the cluster has only the admin account",
    });
  });

  it("adds, lists, modifies and deletes, each with the answer the spec gives", async () => {
    const added = await add("isabel", { mod: "750" });
    expect(added).toMatchObject({ action: "HpcUserAddUserResponse", ret_code: 0 });
    expect(added.job_id).toMatch(/^j-[0-9a-f]+$/);
    const listed = await list({ cluster_id: CLUSTER, search_word: "isa" });
    expect(listed.total_count).toBe(1);
    expect(listed.users_set[0]).toMatchObject({ username: "isabel", role: "member", mod: "750" });
    expect(JSON.stringify(listed)).not.toContain("Ehpc2024!Pass");
    expect((await add("isabel")).ret_code).toBe(5000);

    const modify = await send(
      "POST",
      "/api/user/modifyUser",
      signed("POST", "/api/user/modifyUser", {
        body: { cluster_id: CLUSTER, username: "isabel", new_password: "%e^S5kW1*&fRx", zone: "jn1a" },
      }),
    );
    expect(modify).toEqual({ action: "HpcUserModifyUserResponse", ret_code: 0 });
    const deleted = await del("isabel");
    expect(deleted).toMatchObject({ action: "HpcUserDeleteUserResponse", ret_code: 0 });
    expect((await list()).users_set.map((u) => u.username)).toEqual(["admin"]);
    const again = await del("isabel");
    expect(again.ret_code).toBe(1610);
    const modifyGone = await send(
      "POST",
      "/api/user/modifyUser",
      signed("POST", "/api/user/modifyUser", {
        body: { cluster_id: CLUSTER, username: "isabel", new_password: "%e^S5kW1*&fRx", zone: "jn1a" },
      }),
    );
    expect(modifyGone.ret_code).toBe(1610);
  });

  it("pages with limit and offset and counts every match in total_count", async () => {
    for (let i = 0; i < 12; i++) await add(`user${String(i).padStart(2, "0")}`);
    const first = await list();
    expect([first.total_count, first.users_set.length]).toEqual([13, 10]);
    const page = await list({ limit: 5, offset: 10 });
    expect(page.users_set.map((u) => u.username)).toEqual(["user09", "user10", "user11"]);
    expect(page.total_count).toBe(13);
  });

  it.each([
    ["limit above 100", { limit: 101 }],
    ["limit 0", { limit: 0 }],
    ["a negative offset", { offset: -1 }],
    ["a non-numeric limit", { limit: "ten" }],
  ])("refuses %s with 1100", async (_label, query) => {
    const answer = await list(query);
    expect(answer.ret_code).toBe(1100);
    expect(answer.message).toMatch(/^MessageFormatError, /);
  });

  it.each([
    [
      "an unknown cluster",
      "/api/user/deleteUser",
      { cluster_id: "ehpc-nope", username: "x", zone: "jn1a" },
      2100,
    ],
    ["a missing username", "/api/user/deleteUser", { cluster_id: CLUSTER, zone: "jn1a" }, 1100],
    [
      "an unknown field",
      "/api/user/deleteUser",
      { cluster_id: CLUSTER, username: "x", zone: "jn1a", force: true },
      1100,
    ],
    [
      "a malformed mod",
      "/api/user/addUser",
      { cluster_id: CLUSTER, username: "x", password: "p", zone: "jn1a", mod: "9999" },
      1100,
    ],
    [
      "a short new password",
      "/api/user/modifyUser",
      { cluster_id: CLUSTER, username: "admin", new_password: "short", zone: "jn1a" },
      1100,
    ],
  ])("answers %s with ret_code %i", async (_label, path, body, code) => {
    expect((await send("POST", path, signed("POST", path, { body }))).ret_code).toBe(code);
  });
});
