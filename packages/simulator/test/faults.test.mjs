// Every fault of the catalogue observably changes what a client sees over HTTP, and POST /__sim/reset
// restores the fault-free behaviour. Each probe uses only vendor endpoints (no simulator internals).
import { buildStringToSign, canonicalQuery, sign, signRequest } from "@userctl/qingcloud-ehpc/signing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAULT_CLASSES, faultCatalogue } from "../src/index.mjs";
import { call, setFault, start } from "./helpers.mjs";

const observe = (res) => ({
  status: res.status,
  type: res.headers.get("content-type"),
  json: res.json,
  text: res.text,
});

// ---- Milvus
const ROOT = { authorization: "Bearer root:Milvus" };
const mv = async (sim, op, body, headers = ROOT) =>
  observe(await call(sim, "POST", `/v2/vectordb/${op}`, { headers, body }));

// ---- EHPC
const CLUSTER = "ehpc-8jqdq0mz";
function ehpcSend(sim, method, path, { query = {}, body, secret, omitTimestamp = false } = {}) {
  const [key] = sim.credentials.keys;
  const text = body === undefined ? "" : JSON.stringify(body);
  let queryString;
  if (omitTimestamp) {
    const params = {
      zone: "jn1a",
      ...query,
      access_key_id: key.accessKeyId,
      signature_method: "HmacSHA256",
      signature_version: "1",
      version: "1",
    };
    const canonical = canonicalQuery(params);
    const signature = sign(
      buildStringToSign({ method, uri: `${path}/`, query: canonical, body: text }),
      key.secretAccessKey,
    );
    queryString = `${canonical}&signature=${encodeURIComponent(signature)}`;
  } else {
    queryString = signRequest({
      accessKeyId: key.accessKeyId,
      secretAccessKey: secret ?? key.secretAccessKey,
      method,
      path,
      query: { zone: "jn1a", ...query },
      body: text,
      timestamp: new Date(),
    }).queryString;
  }
  return call(sim, method, path, { query: queryString, body: body === undefined ? undefined : text }).then(
    observe,
  );
}
const ehpcAdd = (sim, username, extra = {}) =>
  ehpcSend(sim, "POST", "/api/user/addUser", {
    body: { cluster_id: CLUSTER, username, password: "Ehpc2024!Pass", zone: "jn1a", ...extra },
  });
const ehpcDel = (sim, username) =>
  ehpcSend(sim, "POST", "/api/user/deleteUser", { body: { cluster_id: CLUSTER, username, zone: "jn1a" } });
const ehpcNames = async (sim) =>
  (await ehpcSend(sim, "GET", "/api/user", { query: { cluster_id: CLUSTER } })).json.users_set.map(
    (u) => u.username,
  );

// ---- Sunbird
const sbHeaders = (sim) => ({
  authorization: `Bearer ${sim.credentials.apiKey}`,
  "x-authenticated-user-token": sim.credentials.userToken,
});
const sb = async (sim, path, body, headers = sbHeaders(sim)) =>
  observe(await call(sim, body === undefined ? "GET" : "POST", `/api/user/${path}`, { headers, body }));
const sbCreate = async (sim, request) => (await sb(sim, "v1/create", { request })).json?.result?.userId;
const sbCount = async (sim, filters) =>
  (await sb(sim, "v1/search", { request: { filters } })).json.result.response.count;

const PROBES = {
  "milvus-error-http-400": async (s) => (await mv(s, "users/drop", { userName: "root" })).status,
  "milvus-list-users-data-null": async (s) => (await mv(s, "users/list", {})).json.data,
  "milvus-password-length-unchecked": async (s) =>
    (await mv(s, "users/create", { userName: "bob", password: "123" })).json.code,
  "milvus-long-name-rejected": async (s) =>
    (await mv(s, "users/create", { userName: "milvusAdmin", password: "P@ssw0rd" })).json.code,
  "milvus-max-length-name-500": async (s) =>
    (await mv(s, "users/create", { userName: "a".repeat(32), password: "P@ssw0rd" })).status,
  "milvus-dropped-user-still-listed": async (s) => {
    await mv(s, "users/create", { userName: "alice", password: "secret1" });
    await mv(s, "users/drop", { userName: "alice" });
    return (await mv(s, "users/list", {})).json.data;
  },
  "milvus-created-user-not-listed": async (s) => {
    await mv(s, "users/create", { userName: "alice", password: "secret1" });
    return (await mv(s, "users/list", {})).json.data;
  },
  "milvus-drop-missing-user-fails": async (s) => (await mv(s, "users/drop", { userName: "ghost" })).json.code,
  "milvus-failed-create-leaves-user": async (s) => {
    await mv(s, "users/create", { userName: "alice", password: "1" });
    return (await mv(s, "users/list", {})).json.data;
  },
  "milvus-auth-not-checked": async (s) =>
    (await mv(s, "users/list", {}, { authorization: "Bearer root:wrong" })).status,
  "milvus-missing-authorization-accepted": async (s) => [
    (await mv(s, "users/list", {}, {})).status,
    (await mv(s, "users/list", {}, { authorization: "Bearer root:wrong" })).status,
  ],
  "milvus-password-echoed": async (s) =>
    (await mv(s, "users/create", { userName: "alice", password: "secret-pass-9" })).text.includes(
      "secret-pass-9",
    ),
  "milvus-text-plain-responses": async (s) => (await mv(s, "users/list", {})).type,
  "milvus-error-envelope-msg": async (s) =>
    Object.keys((await mv(s, "users/drop", { userName: "root" })).json),

  "ehpc-error-http-400": async (s) => (await ehpcDel(s, "admin")).status,
  "ehpc-total-count-string": async (s) => typeof (await ehpcSend(s, "GET", "/api/user")).json.total_count,
  "ehpc-limit-unchecked": async (s) =>
    (await ehpcSend(s, "GET", "/api/user", { query: { limit: 101 } })).json.ret_code,
  "ehpc-mod-rejected": async (s) => (await ehpcAdd(s, "isabel", { mod: "700" })).json.ret_code,
  "ehpc-limit-100-500": async (s) =>
    (await ehpcSend(s, "GET", "/api/user", { query: { limit: 100 } })).status,
  "ehpc-deleted-user-still-listed": async (s) => {
    await ehpcAdd(s, "isabel");
    await ehpcDel(s, "isabel");
    return ehpcNames(s);
  },
  "ehpc-added-user-not-listed": async (s) => {
    await ehpcAdd(s, "isabel");
    return ehpcNames(s);
  },
  "ehpc-delete-twice-succeeds": async (s) => {
    await ehpcAdd(s, "isabel");
    await ehpcDel(s, "isabel");
    return (await ehpcDel(s, "isabel")).json.ret_code;
  },
  "ehpc-failed-add-leaves-user": async (s) => {
    await ehpcAdd(s, "isabel", { mod: "9" });
    return ehpcNames(s);
  },
  "ehpc-signature-not-checked": async (s) =>
    (await ehpcSend(s, "GET", "/api/user", { secret: "not-the-secret" })).json.ret_code,
  "ehpc-missing-timestamp-accepted": async (s) =>
    (await ehpcSend(s, "GET", "/api/user", { omitTimestamp: true })).json.ret_code,
  "ehpc-password-echoed": async (s) => (await ehpcAdd(s, "isabel")).text.includes("Ehpc2024!Pass"),
  "ehpc-text-html-responses": async (s) => (await ehpcSend(s, "GET", "/api/user")).type,
  "ehpc-error-envelope-code": async (s) => Object.keys((await ehpcDel(s, "ghost")).json),

  "sunbird-block-status-201": async (s) => {
    const id = await sbCreate(s, { firstName: "A", email: "a@example.org" });
    return (await sb(s, "v1/block", { request: { userId: id } })).status;
  },
  "sunbird-read-user-without-id": async (s) =>
    "id" in (await sb(s, `v5/read/${s.credentials.adminUserId}`)).json.result.response,
  "sunbird-search-filters-unchecked": async (s) => (await sb(s, "v1/search", { request: {} })).status,
  "sunbird-lastname-rejected": async (s) =>
    (await sb(s, "v1/create", { request: { firstName: "Asha", lastName: "Rao", email: "asha@example.org" } }))
      .status,
  "sunbird-search-limit-zero-500": async (s) =>
    (await sb(s, "v1/search", { request: { filters: {}, limit: 0 } })).status,
  "sunbird-deleted-user-still-readable": async (s) => {
    const id = await sbCreate(s, { firstName: "A", email: "a@example.org" });
    await sb(s, "v1/delete", { request: { userId: id } });
    return (await sb(s, `v5/read/${id}`)).status;
  },
  "sunbird-created-user-not-searchable": async (s) => {
    await sbCreate(s, { firstName: "A", email: "a@example.org" });
    return sbCount(s, { email: "a@example.org" });
  },
  "sunbird-delete-twice-succeeds": async (s) => {
    const id = await sbCreate(s, { firstName: "A", email: "a@example.org" });
    await sb(s, "v1/delete", { request: { userId: id } });
    return (await sb(s, "v1/delete", { request: { userId: id } })).status;
  },
  "sunbird-failed-create-leaves-user": async (s) => {
    await sb(s, "v1/create", { request: { firstName: "Ghost", email: "not-an-email" } });
    return sbCount(s, { firstName: "Ghost" });
  },
  "sunbird-tokens-not-checked": async (s) =>
    (
      await sb(
        s,
        "v1/search",
        { request: { filters: {} } },
        { authorization: "Bearer x", "x-authenticated-user-token": "y" },
      )
    ).status,
  "sunbird-missing-user-token-accepted": async (s) => [
    (
      await sb(
        s,
        "v1/search",
        { request: { filters: {} } },
        { authorization: `Bearer ${s.credentials.apiKey}` },
      )
    ).status,
    (
      await sb(
        s,
        "v1/search",
        { request: { filters: {} } },
        { ...sbHeaders(s), "x-authenticated-user-token": "wrong" },
      )
    ).status,
  ],
  "sunbird-password-echoed": async (s) =>
    (
      await sb(s, "v1/create", {
        request: { firstName: "A", email: "a@example.org", password: "Str0ng!Pass" },
      })
    ).text.includes("Str0ng!Pass"),
  "sunbird-text-html-responses": async (s) => (await sb(s, "v1/search", { request: { filters: {} } })).type,
  "sunbird-error-envelope-flat": async (s) =>
    Object.keys((await sb(s, "v1/delete", { request: { userId: "no-such-user" } })).json),
};

const catalogue = faultCatalogue();

describe("the fault catalogue", () => {
  it("has at least 20 faults, each named after its API, with a known class and its fixed check", () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(20);
    for (const f of catalogue) {
      expect(f.name.startsWith(f.api === "qingcloud-ehpc" ? "ehpc-" : `${f.api.split("-")[0]}-`)).toBe(true);
      expect(FAULT_CLASSES[f.class]).toBe(f.check);
    }
    expect(new Set(catalogue.map((f) => f.name)).size).toBe(catalogue.length);
  });

  it("has a probe for every fault and no probe for a fault that does not exist", () => {
    expect(Object.keys(PROBES).sort()).toEqual(catalogue.map((f) => f.name).sort());
  });
});

describe.each(["milvus", "qingcloud-ehpc", "sunbird-user"])("faults of %s", (api) => {
  let sim;
  beforeAll(async () => {
    sim = await start(api);
  });
  afterAll(() => sim?.stop());

  it("lists its faults over the control plane, all off, and 404s an unknown one", async () => {
    const listed = (await call(sim, "GET", "/__sim/faults")).json;
    expect(listed.map((f) => f.name)).toEqual(catalogue.filter((f) => f.api === api).map((f) => f.name));
    expect(listed.every((f) => f.enabled === false)).toBe(true);
    expect((await call(sim, "PUT", "/__sim/faults/no-such-fault", { body: { enabled: true } })).status).toBe(
      404,
    );
    expect((await call(sim, "PUT", `/__sim/faults/${listed[0].name}`, { body: { on: 1 } })).status).toBe(400);
  });

  it.each(catalogue.filter((f) => f.api === api).map((f) => [f.name, f.class]))(
    "%s (%s) changes behaviour; reset restores it",
    async (name) => {
      const probe = PROBES[name];
      await call(sim, "POST", "/__sim/reset");
      const healthy = await probe(sim);
      await call(sim, "POST", "/__sim/reset");
      expect((await setFault(sim, name, true)).enabled).toBe(true);
      const faulty = await probe(sim);
      expect(faulty).not.toEqual(healthy);
      expect((await call(sim, "POST", "/__sim/reset")).status).toBe(204);
      expect((await call(sim, "GET", "/__sim/faults")).json.find((f) => f.name === name).enabled).toBe(false);
      expect(await probe(sim)).toEqual(healthy);
    },
  );
});

describe("faults from the start and switched off again", () => {
  it("takes faults at start (as --fault does) and PUT enabled:false switches one off", async () => {
    const sim = await start("milvus", { faults: ["milvus-list-users-data-null"] });
    try {
      expect((await mv(sim, "users/list", {})).json.data).toBeNull();
      await setFault(sim, "milvus-list-users-data-null", false);
      expect((await mv(sim, "users/list", {})).json.data).toEqual(["root"]);
    } finally {
      await sim.stop();
    }
    await expect(start("milvus", { faults: ["no-such-fault"] })).rejects.toThrow(
      /unknown fault "no-such-fault"/,
    );
  });
});
