// Sunbird Lern UserOrg users (reference/sunbird.md, spec-audit.md §2): the `{id, ver, ts, params,
// responseCode, result}` envelope, `UOS_<op><key>` error codes, soft delete (a second delete answers
// UOS_USRDLT0008), the gateway's plain-text 403 and the service's 401 UOS_0070 for the user token.
import { randomUUID } from "node:crypto";
import { defineFaults } from "../faults.mjs";
import { randomToken, sameSecret } from "../secrets.mjs";

export const faults = defineFaults("sunbird-user", [
  [
    "sunbird-block-status-201",
    "wrong_status",
    "blockUser and unblockUser succeed with HTTP 201 instead of 200.",
  ],
  [
    "sunbird-read-user-without-id",
    "response_schema_violation",
    "readUser answers a profile without its required `id`.",
  ],
  [
    "sunbird-search-filters-unchecked",
    "invalid_input_accepted",
    "searchUsers without `filters` (or with a non-object one) answers 200 with every user.",
  ],
  [
    "sunbird-lastname-rejected",
    "valid_input_rejected",
    "createUser refuses any body with a `lastName` (400).",
  ],
  [
    "sunbird-search-limit-zero-500",
    "server_error_on_edge_input",
    "searchUsers with `limit: 0` (the minimum) fails with 500 UOS_0069.",
  ],
  [
    "sunbird-deleted-user-still-readable",
    "visible_after_delete",
    "deleteUser succeeds but readUser still answers 200 with the active profile.",
  ],
  [
    "sunbird-created-user-not-searchable",
    "list_not_updated_after_create",
    "createUser succeeds but searchUsers never finds the user.",
  ],
  [
    "sunbird-delete-twice-succeeds",
    "drop_not_idempotent",
    "A second deleteUser of the same user succeeds instead of answering UOS_USRDLT0008.",
  ],
  [
    "sunbird-failed-create-leaves-user",
    "failed_create_side_effect",
    "createUser refused (400) still stores the user, so searchUsers finds it.",
  ],
  [
    "sunbird-tokens-not-checked",
    "auth_not_checked",
    "Neither the gateway token nor the user token is checked.",
  ],
  [
    "sunbird-missing-user-token-accepted",
    "missing_required_header_accepted",
    "A request without X-Authenticated-User-token is served; a wrong token is still refused.",
  ],
  ["sunbird-password-echoed", "secret_echoed", "createUser answers with the password in `result`."],
  ["sunbird-text-html-responses", "wrong_content_type", "JSON answers are sent as text/html."],
  [
    "sunbird-error-envelope-flat",
    "wrong_error_envelope",
    'Errors are `{"error": code, "message": text}` instead of the envelope.',
  ],
]);

const ROUTES = [
  {
    method: "POST",
    re: /^\/api\/user\/v1\/create$/,
    op: "createUser",
    code: "USRCRT",
    id: "api.user.create",
  },
  {
    method: "GET",
    re: /^\/api\/user\/v5\/read\/([^/]+)$/,
    op: "readUser",
    code: "USRRED",
    id: "api.user.read",
  },
  { method: "POST", re: /^\/api\/user\/v1\/block$/, op: "blockUser", code: "USRBLOK", id: "api.user.block" },
  {
    method: "POST",
    re: /^\/api\/user\/v1\/unblock$/,
    op: "unblockUser",
    code: "USRUNBLOK",
    id: "api.user.unblock",
  },
  {
    method: "POST",
    re: /^\/api\/user\/v1\/search$/,
    op: "searchUsers",
    code: "USRSER",
    id: "api.user.search",
  },
  {
    method: "POST",
    re: /^\/api\/user\/v1\/delete$/,
    op: "deleteUser",
    code: "USRDLT",
    id: "api.user.delete",
  },
];

const RESPONSE_CODES = {
  200: "OK",
  201: "OK",
  400: "CLIENT_ERROR",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "RESOURCE_NOT_FOUND",
  500: "SERVER_ERROR",
};
const GATEWAY_DENIAL = "You do not have permission to perform this operation";
// What a consumer in the ACL groups userCreate and userAccess only may call (the restricted gateway token).
const RESTRICTED_ROUTES = ["createUser", "readUser"];
// Fields the deletion blanks (UserDeletionService: PII removed, status DELETED).
const PII = [
  "email",
  "phone",
  "firstName",
  "lastName",
  "userName",
  "maskedEmail",
  "maskedPhone",
  "recoveryEmail",
];
const DELETED = 2;

export function settings(options = {}) {
  return {
    apiKey: options.apiKey ?? `sim-gateway-${randomToken(12, "hex")}`,
    restrictedApiKey: options.restrictedApiKey ?? `sim-gateway-restricted-${randomToken(12, "hex")}`,
    // "6": block/unblock as the documents and the recorded responses show; "7.0": the guards the spec infers from
    // the 7.0 code (block writes only status 0, so a re-block succeeds and such a user cannot be unblocked).
    release: sunbirdRelease(options.sunbirdRelease),
    userToken: options.userToken ?? `sim-user-${randomToken(12, "hex")}`,
    channel: options.channel ?? "sim-channel",
    rootOrgId: options.rootOrgId ?? "0130000000000000000001",
  };
}

function sunbirdRelease(value = "6") {
  if (!["6", "7.0"].includes(value))
    throw new RangeError(`sunbirdRelease: must be "6" or "7.0" (got "${value}")`);
  return value;
}

export function credentials(s) {
  return {
    apiKey: s.apiKey,
    restrictedApiKey: s.restrictedApiKey,
    userToken: s.userToken,
    adminUserId: ADMIN_ID,
    legacyBlockedUserId: LEGACY_BLOCKED_ID,
  };
}

const ADMIN_ID = "00000000-0000-4000-8000-000000000001";
const LEGACY_BLOCKED_ID = "00000000-0000-4000-8000-000000000002";

function profile(s, id, fields, roles) {
  const now = tsNow();
  return {
    id,
    identifier: id,
    userId: id,
    firstName: fields.firstName ?? null,
    lastName: fields.lastName ?? null,
    userName: fields.userName ?? null,
    email: fields.email ?? null,
    phone: fields.phone ?? null,
    maskedEmail: fields.email ? mask(fields.email) : null,
    maskedPhone: fields.phone ? `******${String(fields.phone).slice(-4)}` : null,
    channel: fields.channel ?? s.channel,
    rootOrgId: s.rootOrgId,
    status: 1,
    isDeleted: false,
    roles: roles.map((role) => ({ role, scope: [{ organisationId: s.rootOrgId }] })),
    organisations: [{ organisationId: s.rootOrgId, isDeleted: false, roles }],
    createdDate: now,
    language: fields.language ?? [],
    userType: fields.userType ?? null,
  };
}

function mask(email) {
  const [local, domain] = String(email).split("@");
  return `${local.slice(0, 2)}****@${domain ?? ""}`;
}

export function seed(s) {
  // The caller behind the user token: an organisation admin, which the deletion role gate refuses to delete.
  const admin = profile(s, ADMIN_ID, { firstName: "Sim", lastName: "Admin", userName: "sim_admin" }, [
    "PUBLIC",
    "ORG_ADMIN",
  ]);
  // A user blocked before release 7.0 (status 0 and isDeleted true): the only kind unblock can reactivate.
  const legacy = profile(
    s,
    LEGACY_BLOCKED_ID,
    { firstName: "Legacy", lastName: "Blocked", userName: "legacy_blocked" },
    ["PUBLIC"],
  );
  legacy.status = 0;
  legacy.isDeleted = true;
  return { users: { [ADMIN_ID]: admin, [LEGACY_BLOCKED_ID]: legacy } };
}

export function snapshot(state) {
  return JSON.parse(JSON.stringify(state, (key, v) => (key === "password" ? undefined : v)));
}

function tsNow() {
  const d = new Date();
  const pad = (n, w = 2) => String(n).padStart(w, "0");
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}:${pad(d.getUTCMilliseconds(), 3)}+0000`;
}

const fail = (status, err, errmsg) => ({ fail: true, status, err, errmsg });

function envelope(route, req, status, params, result) {
  const msgid = typeof req.headers["x-request-id"] === "string" ? req.headers["x-request-id"] : randomUUID();
  return {
    id: route.op === "readUser" ? `${route.id}.${route.userId}` : route.id,
    ver: route.op === "readUser" ? "v5" : "v1",
    ts: tsNow(),
    params: { resmsgid: msgid, msgid, ...params },
    responseCode: RESPONSE_CODES[status] ?? "SERVER_ERROR",
    result,
  };
}

function finish(sim, route, req, answer) {
  const headers = {
    "access-control-allow-origin": "*",
    ...(sim.fault("sunbird-text-html-responses") ? { "content-type": "text/html; charset=utf-8" } : {}),
  };
  if (answer.fail) {
    const json = sim.fault("sunbird-error-envelope-flat")
      ? { error: answer.err, message: answer.errmsg }
      : envelope(route, req, answer.status, { err: answer.err, status: "FAILED", errmsg: answer.errmsg }, {});
    return { status: answer.status, headers, json };
  }
  const status = answer.status ?? 200;
  return {
    status,
    headers,
    json: envelope(route, req, status, { err: null, status: "SUCCESS", errmsg: null }, answer.result),
  };
}

const uos = (route, key) => `UOS_${route.code}${key}`;
const live = (u) => u && !(u.isDeleted && u.status === DELETED);

function matches(user, filters) {
  return Object.entries(filters).every(([field, wanted]) => {
    const value = user[field];
    if (Array.isArray(wanted)) return wanted.some((w) => w === value);
    if (wanted !== null && typeof wanted === "object") return true; // ranges etc.: not modelled, match all
    return value === wanted;
  });
}

const handlers = {
  async createUser(sim, route, body, problems) {
    const request = body.request ?? {};
    const refuse = (answer) => answer;
    let refused;
    if (problems) {
      // The unconditional mandatory fields first (firstName), then "email or phone" (a conditional rule).
      const required = problems.filter((x) => x.keyword === "required");
      const p = required.find((x) => !x.schemaPath.includes("/then/")) ?? required[0] ?? problems[0];
      const field = p.path.at(-1) ?? "request";
      if (p.keyword === "required" && field === "phone") {
        refused = fail(400, uos(route, "0019"), "Please provide valid email or phone.");
      } else if (p.keyword === "required" || (p.keyword === "minLength" && request[field] === "")) {
        refused = fail(400, uos(route, "0030"), `Mandatory parameter ${field} is missing.`);
      } else {
        refused = fail(400, uos(route, "0009"), `Invalid format for given ${field}.`);
      }
    } else if (sim.fault("sunbird-lastname-rejected") && request.lastName !== undefined) {
      refused = fail(400, uos(route, "0028"), "Requested data for this operation is not valid.");
    } else if (
      request.password !== undefined &&
      !/^(?=.*\d)(?=.*[a-z])(?=.*[A-Z])(?=.*[^\w\s])\S{8,}$/.test(request.password)
    ) {
      refused = fail(
        400,
        uos(route, "0024"),
        "Password must contain a minimum of 8 characters including numerals, lower and upper case alphabets and special characters.",
      );
    } else {
      for (const field of ["email", "phone", "userName"]) {
        const value = request[field];
        if (value === undefined) continue;
        if (Object.values(sim.state.users).some((u) => live(u) && u[field] === value)) {
          refused = fail(400, uos(route, "0004"), `${field} already exists.`);
          break;
        }
      }
    }
    const s = sim.settings;
    const id = randomUUID();
    if (refused) {
      if (sim.fault("sunbird-failed-create-leaves-user") && request && typeof request === "object") {
        sim.state.users[id] = profile(s, id, request, ["PUBLIC"]);
        await sim.commit();
      }
      return refuse(refused);
    }
    const user = profile(s, id, request, ["PUBLIC"]);
    if (sim.fault("sunbird-created-user-not-searchable")) user.unsearchable = true;
    sim.state.users[id] = user;
    await sim.commit();
    const result = { userId: id, response: "SUCCESS", errors: [] };
    if (sim.fault("sunbird-password-echoed") && request.password !== undefined)
      result.password = request.password;
    return { result };
  },

  readUser(sim, route) {
    const user = sim.state.users[route.userId];
    if (!user) return fail(404, uos(route, "0013"), "Requested user resource not found");
    if (user.isDeleted) {
      if (sim.fault("sunbird-deleted-user-still-readable") && user.before) {
        return { result: { response: visibleProfile(user.before) } };
      }
      return fail(400, uos(route, "0006"), "User account has been blocked .");
    }
    const shown = visibleProfile(user);
    if (sim.fault("sunbird-read-user-without-id")) delete shown.id;
    return { result: { response: shown } };
  },

  // Both guards test isDeleted. Before 7.0 block also set isDeleted; 7.0 writes only status 0 (spec:
  // blockUser/unblockUser), so there a re-block succeeds and only a user blocked before 7.0 can be unblocked.
  async blockUser(sim, route, body) {
    const user = sim.state.users[body.request.userId];
    if (!user) return fail(404, uos(route, "0013"), "user");
    if (user.isDeleted) return fail(400, uos(route, "0008"), "User is already inactive.");
    user.status = 0;
    if (sim.settings.release !== "7.0") user.isDeleted = true;
    await sim.commit();
    return { status: sim.fault("sunbird-block-status-201") ? 201 : 200, result: { response: "SUCCESS" } };
  },

  async unblockUser(sim, route, body) {
    const user = sim.state.users[body.request.userId];
    if (!user) return fail(404, uos(route, "0013"), "user");
    // A deleted user is not reactivated (the guard alone would let it through; not modelled).
    if (!user.isDeleted || user.status === DELETED)
      return fail(400, uos(route, "0008"), "User is already active.");
    user.status = 1;
    user.isDeleted = false;
    await sim.commit();
    return { status: sim.fault("sunbird-block-status-201") ? 201 : 200, result: { response: "SUCCESS" } };
  },

  searchUsers(sim, route, body, problems) {
    const unchecked = sim.fault("sunbird-search-filters-unchecked");
    const query = body.request ?? {};
    if (problems && !(unchecked && problems.every((p) => p.path.join(".").startsWith("request.filters")))) {
      const p = problems[0];
      const field = p.path.at(-1) ?? "request";
      if (p.keyword === "required")
        return fail(400, uos(route, "0030"), `Mandatory parameter ${field} is missing.`);
      return fail(
        400,
        uos(route, "0003"),
        `Invalid value ${JSON.stringify(query[field] ?? null)} for parameter ${field}.`,
      );
    }
    if (sim.fault("sunbird-search-limit-zero-500") && query.limit === 0) {
      return fail(500, "UOS_0069", "server error");
    }
    const filters =
      query.filters && typeof query.filters === "object" && !Array.isArray(query.filters)
        ? query.filters
        : {};
    let hits = Object.values(sim.state.users).filter((u) => !u.unsearchable && matches(u, filters));
    const [sortField, order] = Object.entries(query.sort_by ?? {})[0] ?? [];
    if (sortField) {
      hits = [...hits].sort((a, b) => {
        const x = a[sortField] ?? "";
        const y = b[sortField] ?? "";
        return (x < y ? -1 : x > y ? 1 : 0) * (order === "desc" ? -1 : 1);
      });
    }
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 100;
    const page = hits.slice(offset, offset + limit).map((u) => {
      const shown = visibleProfile(u);
      return Array.isArray(query.fields) && query.fields.length > 0
        ? Object.fromEntries(query.fields.filter((f) => f in shown).map((f) => [f, shown[f]]))
        : shown;
    });
    return { result: { response: { count: hits.length, content: page } } };
  },

  async deleteUser(sim, route, body) {
    const user = sim.state.users[body.request.userId];
    if (!user) return fail(404, uos(route, "0013"), "user");
    if (user.status === DELETED && !sim.fault("sunbird-delete-twice-succeeds")) {
      return fail(400, uos(route, "0008"), "User is already deleted.");
    }
    const restricted = user.roles.some((r) => r.role.toLowerCase() !== "public");
    if (restricted)
      return fail(400, uos(route, "0083"), "User is restricted from deleting account based on roles!");
    if (user.status !== DELETED) {
      if (sim.fault("sunbird-deleted-user-still-readable")) user.before = visibleProfile(user);
      for (const field of PII) user[field] = null;
      user.status = DELETED;
      user.isDeleted = true;
      await sim.commit();
    }
    return { result: { response: "SUCCESS" } };
  },
};

function visibleProfile(user) {
  const { unsearchable, before, password, ...shown } = user;
  return { ...shown };
}

function checkTokens(sim, route, req) {
  if (sim.fault("sunbird-tokens-not-checked")) return undefined;
  const header = req.headers.authorization;
  const bearer = typeof header === "string" && header.startsWith("Bearer ") ? header.slice(7) : undefined;
  const restricted = bearer !== undefined && sameSecret(bearer, sim.settings.restrictedApiKey);
  // Kong's jwt plugin: a missing or unknown consumer token is its own 401, not the service's envelope.
  if (!bearer || !(restricted || sameSecret(bearer, sim.settings.apiKey))) {
    return { status: 401, json: { message: "Unauthorized" } };
  }
  // The gateway's policy: a consumer without the route's ACL group gets OPA's plain-text 403.
  if (restricted && !RESTRICTED_ROUTES.includes(route.op)) return { status: 403, text: GATEWAY_DENIAL };
  if (route.op === "createUser") return undefined; // on the service's header-ignore list
  const token = req.headers["x-authenticated-user-token"];
  if (token === undefined && sim.fault("sunbird-missing-user-token-accepted")) return undefined;
  if (typeof token !== "string" || !sameSecret(token, sim.settings.userToken)) {
    return finish(sim, route, req, fail(401, "UOS_0070", "You are not authorized."));
  }
  return undefined;
}

export async function handle(req, sim) {
  let route;
  for (const r of ROUTES) {
    const m = r.method === req.method ? r.re.exec(req.path) : null;
    if (m) {
      route = { ...r, userId: m[1] ? decodeURIComponent(m[1]) : undefined };
      break;
    }
  }
  if (!route) return { status: 404, json: { message: "no Route matched with those values" } };
  const denied = checkTokens(sim, route, req);
  if (denied) return denied;
  if (route.op === "readUser") return finish(sim, route, req, handlers.readUser(sim, route));

  let body;
  try {
    body = JSON.parse(req.rawBody.toString("utf8"));
  } catch {
    return finish(
      sim,
      route,
      req,
      fail(400, uos(route, "0028"), "Requested data for this operation is not valid."),
    );
  }
  if (route.op === "createUser" || route.op === "searchUsers") {
    // No `request` object: the validators see an empty request (the first mandatory field is missing, …0030).
    const request = body?.request;
    if (request === null || typeof request !== "object" || Array.isArray(request)) body = { request: {} };
    const checked = sim.operations[route.op].body?.(body);
    return finish(sim, route, req, await handlers[route.op](sim, route, body, checked));
  }
  if (sim.operations[route.op].body?.(body ?? null)) {
    // block, unblock, delete: the only rule is a non-blank request.userId.
    return finish(sim, route, req, fail(400, uos(route, "0030"), "Mandatory parameter userId is missing."));
  }
  return finish(sim, route, req, await handlers[route.op](sim, route, body));
}

export function internalError() {
  return {
    status: 500,
    json: {
      id: "api.error",
      ver: "v1",
      ts: tsNow(),
      params: { resmsgid: null, msgid: null, err: "UOS_0069", status: "FAILED", errmsg: "server error" },
      responseCode: "SERVER_ERROR",
      result: {},
    },
  };
}

export default {
  name: "sunbird-user",
  specOptions: {},
  faults,
  settings,
  credentials,
  seed,
  snapshot,
  handle,
  internalError,
};
