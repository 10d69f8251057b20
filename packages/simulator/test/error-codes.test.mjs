// Every error code of each spec's `x-error-codes`: either a request that makes the simulator answer it (checked
// here), or the reason the simulator cannot produce it. A code added to a spec fails this test until classified.
import { signRequest } from "@userctl/qingcloud-ehpc/signing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCodes, loadSpec } from "../src/spec.mjs";
import { call, setFault, start } from "./helpers.mjs";

const ROOT = { authorization: "Bearer root:Milvus" };
const mv =
  (op, body, headers = ROOT) =>
  async (sim) => {
    const res = await call(sim, "POST", `/v2/vectordb/${op}`, { headers, body });
    return res.json.code;
  };

const MILVUS = {
  0: mv("users/list", {}),
  1: "service not ready: the simulated proxy is always healthy",
  2: "service unavailable: the simulated proxy is always available",
  9: async (sim) => {
    for (let i = 0; i < 8; i++) await mv("roles/create", { roleName: `r${i}` })(sim);
    return mv("roles/create", { roleName: "r8" })(sim);
  },
  500: async (sim) => {
    await setFault(sim, "milvus-max-length-name-500", true);
    const res = await call(sim, "POST", "/v2/vectordb/users/create", {
      headers: ROOT,
      body: { userName: "a".repeat(32), password: "secret1" },
    });
    return res.json.code;
  },
  1100: mv("users/create", { userName: "bob", password: "123" }),
  1101: "parameter missing: not raised by the user and role endpoints",
  1102: "parameter too large: not raised by the user and role endpoints",
  1400: mv("users/update_password", { userName: "root", password: "wrong", newPassword: "secret2" }),
  1401: mv("users/drop", { userName: "root" }),
  1402: "privilege groups are not modelled as objects",
  1800: mv("users/list", {}, {}),
  1801: mv("users/list", "{"),
  1802: mv("users/create", { userName: "bob" }),
  1807: "rate limiter: the user and role endpoints do not use it",
  10000: "context canceled: needs a client that goes away mid-call",
  10001: "server-side timeout: the simulator answers immediately",
  65535: async (sim) => {
    await mv("users/create", { userName: "analyst", password: "secret1" })(sim);
    return mv("users/drop", { userName: "root" }, { authorization: "Bearer analyst:secret1" })(sim);
  },
};

function ehpc(path, body, query = {}) {
  return async (sim) => {
    const [key] = sim.credentials.keys;
    const text = body === undefined ? "" : JSON.stringify(body);
    const method = body === undefined ? "GET" : "POST";
    const signed = signRequest({
      ...key,
      method,
      path,
      query: { zone: "jn1a", ...query },
      body: text,
      timestamp: query.at ?? new Date(),
    });
    const res = await call(sim, method, path, {
      query: signed.queryString,
      body: body === undefined ? undefined : text,
    });
    return res.json.ret_code;
  };
}
const CLUSTER = "ehpc-8jqdq0mz";
const EHPC_NOT_PRODUCED =
  "not an answer of the four user operations (account, billing, licence or config code)";
const EHPC = {
  1100: ehpc("/api/user", undefined, { limit: 101 }),
  1101: ehpc("/api/user/resetPassword", { cluster_id: CLUSTER }),
  1200: async (sim) => {
    const res = await call(sim, "GET", "/api/user", { query: "access_key_id=x&signature=y&zone=jn1a" });
    return res.json.ret_code;
  },
  1300: ehpc("/api/user", undefined, { at: new Date(Date.now() - 120_000) }),
  1400: async (sim) => {
    await ehpc("/api/user/addUser", { cluster_id: CLUSTER, username: "isabel", password: "p", zone: "jn1a" })(
      sim,
    );
    return ehpc("/api/user/deleteUser", { cluster_id: CLUSTER, username: "admin", zone: "jn1a" })(sim);
  },
  1610: ehpc("/api/user/deleteUser", { cluster_id: CLUSTER, username: "ghost", zone: "jn1a" }),
  2100: ehpc("/api/user/deleteUser", { cluster_id: "ehpc-nope", username: "ghost", zone: "jn1a" }),
  5000: ehpc("/api/user/deleteUser", { cluster_id: CLUSTER, username: "admin", zone: "jn1a" }),
};

const sb = (method, path, body, headers) => async (sim) => {
  const h = headers ?? {
    authorization: `Bearer ${sim.credentials.apiKey}`,
    "x-authenticated-user-token": sim.credentials.userToken,
  };
  const res = await call(sim, method, `/api/user/${path}`, { headers: h, body });
  return res.status === 403 && res.text === "You do not have permission to perform this operation"
    ? "GATEWAY_FORBIDDEN"
    : res.json.params.err;
};
const sbCreated = async (sim) => {
  const res = await call(sim, "POST", "/api/user/v1/create", {
    headers: { authorization: `Bearer ${sim.credentials.apiKey}` },
    body: { request: { firstName: "A", email: "a@example.org" } },
  });
  return res.json.result.userId;
};
const SUNBIRD = {
  UOS_USRDLT0008: async (sim) => {
    const id = await sbCreated(sim);
    await sb("POST", "v1/delete", { request: { userId: id } })(sim);
    return sb("POST", "v1/delete", { request: { userId: id } })(sim);
  },
  UOS_USRDLT0083: (sim) => sb("POST", "v1/delete", { request: { userId: sim.credentials.adminUserId } })(sim),
  UOS_USRDLT0030: sb("POST", "v1/delete", { request: { userId: "" } }),
  UOS_USRDLT0013: sb("POST", "v1/delete", { request: { userId: "ghost" } }),
  UOS_USRBLOK0008: (sim) =>
    sb("POST", "v1/block", { request: { userId: sim.credentials.legacyBlockedUserId } })(sim),
  UOS_USRBLOK0013: sb("POST", "v1/block", { request: { userId: "ghost" } }),
  UOS_USRUNBLOK0013: sb("POST", "v1/unblock", { request: { userId: "ghost" } }),
  UOS_USRCRT0030: sb("POST", "v1/create", { request: { email: "a@example.org" } }),
  UOS_USRCRT0019: sb("POST", "v1/create", { request: { firstName: "A" } }),
  UOS_USRCRT0009: sb("POST", "v1/create", {
    request: { firstName: "A", email: "a@example.org", dob: "1990-01-01" },
  }),
  UOS_USRCRT0024: sb("POST", "v1/create", {
    request: { firstName: "A", email: "a@example.org", password: "weak" },
  }),
  UOS_USRRED0013: sb("GET", "v5/read/ghost"),
  UOS_USRRED0006: (sim) => sb("GET", `v5/read/${sim.credentials.legacyBlockedUserId}`)(sim),
  UOS_USRREDUOS_0070: "managed users (read by someone other than their manager) are not modelled",
  UOS_USRSER0030: sb("POST", "v1/search", { request: {} }),
  GATEWAY_UNAUTHORIZED: async (sim) => {
    const res = await call(sim, "POST", "/api/user/v1/search", { body: { request: { filters: {} } } });
    return res.status === 401 && res.json?.message === "Unauthorized" ? "GATEWAY_UNAUTHORIZED" : res.status;
  },
  UOS_USRBLOK0030: sb("POST", "v1/block", { request: {} }),
  UOS_USRUNBLOK0008: async (sim) =>
    sb("POST", "v1/unblock", { request: { userId: await sbCreated(sim) } })(sim),
  UOS_USRUNBLOK0030: sb("POST", "v1/unblock", { request: { userId: " " } }),
  UOS_0070: (sim) =>
    sb(
      "POST",
      "v1/search",
      { request: { filters: {} } },
      { authorization: `Bearer ${sim.credentials.apiKey}` },
    )(sim),
  UOS_0069: async (sim) => {
    await setFault(sim, "sunbird-search-limit-zero-500", true);
    return sb("POST", "v1/search", { request: { filters: {}, limit: 0 } })(sim);
  },
  GATEWAY_FORBIDDEN: (sim) =>
    sb(
      "POST",
      "v1/search",
      { request: { filters: {} } },
      { authorization: `Bearer ${sim.credentials.restrictedApiKey}` },
    )(sim),
};

describe.each([
  ["milvus", MILVUS],
  ["qingcloud-ehpc", EHPC],
  ["sunbird-user", SUNBIRD],
])("%s error codes", (api, table) => {
  let sim;
  beforeAll(async () => {
    sim = await start(api);
  });
  afterAll(() => sim?.stop());

  const codes = errorCodes(loadSpec(api)).map((row) => String(row.code));

  it("classifies every code of the spec's x-error-codes", () => {
    const classified = Object.keys(table).concat(
      api === "qingcloud-ehpc" ? codes.filter((c) => !(c in table)) : [],
    );
    expect(classified.sort()).toEqual([...codes].sort());
  });

  it.each(codes.filter((c) => typeof table[c] === "function"))("produces %s", async (code) => {
    await call(sim, "POST", "/__sim/reset");
    const produced = await table[code](sim);
    expect(String(produced)).toBe(code);
  });

  it("gives a reason for every code it cannot produce", () => {
    for (const code of codes.filter((c) => typeof table[c] !== "function")) {
      const reason = table[code] ?? EHPC_NOT_PRODUCED;
      expect(typeof reason, code).toBe("string");
    }
  });
});
