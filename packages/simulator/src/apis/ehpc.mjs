// QingCloud EHPC users (reference/ehpc.md; specs/qingcloud-ehpc): every answer HTTP 200 with `ret_code`,
// requests signed with HMAC-SHA256 over METHOD, uri, the canonical query and MD5(body), verified here with the
// very functions the userctl client signs with (one implementation of the scheme).
import { buildStringToSign, canonicalQuery, sign } from "@userctl/qingcloud-ehpc/signing";
import { defineFaults } from "../faults.mjs";
import { hashSecret, randomToken, sameSecret, without } from "../secrets.mjs";

export const faults = defineFaults("qingcloud-ehpc", [
  ["ehpc-error-http-400", "wrong_status", "Errors (ret_code ≠ 0) are answered with HTTP 400 instead of 200."],
  ["ehpc-total-count-string", "response_schema_violation", "listUsers answers `total_count` as a string."],
  [
    "ehpc-limit-unchecked",
    "invalid_input_accepted",
    "listUsers accepts `limit` above 100 or below 1 and a negative `offset` (and pages with them).",
  ],
  ["ehpc-mod-rejected", "valid_input_rejected", "addUser refuses any valid `mod` with 1100."],
  [
    "ehpc-limit-100-500",
    "server_error_on_edge_input",
    "listUsers with `limit=100` (the maximum) fails with HTTP 500.",
  ],
  [
    "ehpc-deleted-user-still-listed",
    "visible_after_delete",
    "deleteUser succeeds but the user stays in listUsers.",
  ],
  [
    "ehpc-added-user-not-listed",
    "list_not_updated_after_create",
    "addUser succeeds but listUsers does not show the user.",
  ],
  [
    "ehpc-delete-twice-succeeds",
    "drop_not_idempotent",
    "deleteUser of a user that does not exist succeeds (ret_code 0, a job_id) instead of 1610.",
  ],
  [
    "ehpc-failed-add-leaves-user",
    "failed_create_side_effect",
    "addUser refused for a malformed field (1100) still adds the user.",
  ],
  ["ehpc-signature-not-checked", "auth_not_checked", "Signatures and access keys are not verified."],
  [
    "ehpc-missing-timestamp-accepted",
    "missing_required_header_accepted",
    "A request without the required `timestamp` parameter is served (signature still checked).",
  ],
  ["ehpc-password-echoed", "secret_echoed", "addUser answers with the new user's password."],
  ["ehpc-text-html-responses", "wrong_content_type", "Answers are sent as text/html."],
  [
    "ehpc-error-envelope-code",
    "wrong_error_envelope",
    "Errors are `{code, msg}` instead of `{ret_code, message}`.",
  ],
]);

const ROUTES = {
  "POST /api/user/addUser": "addUser",
  "GET /api/user": "listUsers",
  "POST /api/user/modifyUser": "modifyUser",
  "POST /api/user/deleteUser": "deleteUser",
};
const ACTIONS = {
  addUser: "HpcUserAddUserResponse",
  listUsers: "HpcUserListUsersResponse",
  modifyUser: "HpcUserModifyUserResponse",
  deleteUser: "HpcUserDeleteUserResponse",
};
const TIMESTAMP = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z$/;

export function settings(options = {}) {
  const keys = options.keys ?? [
    {
      accessKeyId: options.accessKeyId ?? `SIMKEY${randomToken(7, "hex").toUpperCase()}`,
      secretAccessKey: options.secretAccessKey ?? randomToken(24),
    },
  ];
  return {
    keys,
    clusters: options.clusters ?? [{ clusterId: "ehpc-8jqdq0mz", zone: "jn1a", admin: "admin" }],
    maxAgeSeconds: options.maxAgeSeconds ?? 60,
    acceptZoneInBody: options.acceptZoneInBody === true,
  };
}

export function credentials(s) {
  return {
    keys: s.keys,
    zone: s.clusters[0]?.zone ?? "jn1a",
    clusters: s.clusters.map((c) => ({
      clusterId: c.clusterId,
      zone: c.zone ?? "jn1a",
      admin: c.admin ?? "admin",
    })),
  };
}

const id = (prefix) => `${prefix}-${randomToken(6, "hex")}`;
const utcNow = () => `${new Date().toISOString().slice(0, 19)}Z`;

function newUser(state, clusterId, username, password, role, mod) {
  const number = String(state.nextUid++);
  const now = utcNow();
  return {
    cluster_id: clusterId,
    create_time: now,
    gid_number: number,
    hpcuser_id: id("hpcuser"),
    mod: mod ?? null,
    nas_mount_point: `/public/sim/${clusterId}`,
    role,
    uid_number: number,
    update_time: now,
    user_id: id("usr"),
    username,
    password: hashSecret(password),
  };
}

export function seed(s) {
  const state = { nextUid: 41522, clusters: {} };
  for (const c of s.clusters) {
    const admin = newUser(state, c.clusterId, c.admin ?? "admin", randomToken(12), "admin", "700");
    state.clusters[c.clusterId] = { zone: c.zone ?? "jn1a", users: [admin] };
  }
  return state;
}

export function snapshot(state) {
  return without(state, ["password"]);
}

const fail = (code, message) => ({ fail: true, code, message });
const formatError = (detail) => fail(1100, `MessageFormatError, ${detail}`);

function describeProblem(problem) {
  const field = problem.field || "body";
  switch (problem.keyword) {
    case "required":
      return `missing parameter [${field}]`;
    case "additionalProperties":
      return `unknown parameter [${field}]`;
    case "maximum":
      return `parameter [${field}] should be <= ${problem.params.limit}`;
    case "minimum":
      return `parameter [${field}] should be >= ${problem.params.limit}`;
    case "type":
      return `parameter [${field}] should be ${problem.params.type}`;
    default:
      return `parameter [${field}] ${problem.message}`;
  }
}

/** Decode the query as any HTTP client sends it ('+' and %20 both mean a space). */
function parseQuery(raw) {
  const params = new URLSearchParams(raw);
  return [...params.entries()];
}

function verifySignature(sim, req, pairs) {
  const q = Object.fromEntries(pairs);
  const key = sim.settings.keys.find((k) => sameSecret(k.accessKeyId, q.access_key_id ?? ""));
  if (!key) return fail(1200, "AuthFailure, access key id not found");
  let presented = q.signature ?? "";
  // The docs' examples encode the base64 signature twice; one decoding was done by the query parser.
  if (presented.includes("%")) {
    try {
      presented = decodeURIComponent(presented);
    } catch {
      return fail(1200, "AuthFailure, signature not matched");
    }
  }
  const rfc3986 = canonicalQuery(pairs.filter(([name]) => name !== "signature"));
  // The docs disagree on how the canonical query is encoded (step 2: %20; the page's code: urlencode's "+"), and
  // QingCloud's Python SDK uses `quote`, which keeps "/": accept each of them, rebuilt from the decoded values.
  const queries = [...new Set([rfc3986, rfc3986.replaceAll("%20", "+"), rfc3986.replaceAll("%2F", "/")])];
  // The docs sign the uri with a trailing slash in their one worked example; accept the path as sent too.
  const uris = req.path.endsWith("/") ? [req.path] : [`${req.path}/`, req.path];
  const matches = uris.some((uri) =>
    queries.some((query) =>
      sameSecret(
        sign(buildStringToSign({ method: req.method, uri, query, body: req.rawBody }), key.secretAccessKey),
        presented,
      ),
    ),
  );
  return matches ? undefined : fail(1200, "AuthFailure, signature not matched");
}

function checkTimestamp(sim, value) {
  const m = TIMESTAMP.exec(value ?? "");
  if (!m) return formatError(`parameter [timestamp] should be YYYY-MM-DDThh:mm:ssZ`);
  const at = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  const age = (sim.now().getTime() - at) / 1000;
  if (Math.abs(age) > sim.settings.maxAgeSeconds) {
    return fail(
      1300,
      `MessageExpired, the request timestamp is more than ${sim.settings.maxAgeSeconds} seconds old`,
    );
  }
  return undefined;
}

/** The JSON body, or undefined when it is not JSON. */
function parseBody(raw) {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    return undefined;
  }
}

function coerceQuery(op, pairs) {
  const out = {};
  for (const [name, value] of pairs) {
    const type = op.queryTypes[name];
    out[name] = type === "integer" && /^-?[0-9]+$/.test(value) ? Number(value) : value;
  }
  return out;
}

function findCluster(sim, clusterId) {
  return sim.state.clusters[clusterId];
}

const visible = (u) => !u.deleted;

const handlers = {
  async addUser(sim, body, problems) {
    const cluster = findCluster(sim, body.cluster_id);
    if (problems) {
      if (sim.fault("ehpc-failed-add-leaves-user") && cluster && typeof body.username === "string") {
        cluster.users.push(
          newUser(sim.state, body.cluster_id, body.username, String(body.password), "member"),
        );
        await sim.commit();
      }
      return formatError(describeProblem(problems[0]));
    }
    if (sim.fault("ehpc-mod-rejected") && body.mod !== undefined) {
      return formatError("parameter [mod] is not valid");
    }
    if (!cluster) return fail(2100, `ResourceNotFound, resource [${body.cluster_id}] not found`);
    if (cluster.users.some((u) => u.username === body.username)) {
      return fail(
        5000,
        `add hpc cluster [${body.cluster_id}] user failed：detail：user [${body.username}] already exists`,
      );
    }
    const user = newUser(sim.state, body.cluster_id, body.username, body.password, "member", body.mod);
    if (sim.fault("ehpc-added-user-not-listed")) user.unlisted = true;
    cluster.users.push(user);
    await sim.commit();
    const answer = { action: ACTIONS.addUser, job_id: id("j"), ret_code: 0 };
    return sim.fault("ehpc-password-echoed") ? { ...answer, password: body.password } : answer;
  },

  listUsers(sim, query) {
    const limitUnchecked = sim.fault("ehpc-limit-unchecked");
    let users = Object.values(sim.state.clusters)
      .flatMap((c) => c.users)
      .filter((u) => !u.unlisted && (!u.deleted || sim.fault("ehpc-deleted-user-still-listed")));
    if (query.cluster_id !== undefined) users = users.filter((u) => u.cluster_id === query.cluster_id);
    if (query.user_id !== undefined) users = users.filter((u) => u.user_id === query.user_id);
    if (query.search_word !== undefined) {
      const word = String(query.search_word).toLowerCase();
      users = users.filter((u) => u.username.toLowerCase().includes(word));
    }
    const limit = Math.min(query.limit ?? 10, limitUnchecked ? Number.MAX_SAFE_INTEGER : 100);
    const offset = Math.max(query.offset ?? 0, limitUnchecked ? Number.MIN_SAFE_INTEGER : 0);
    const page = users.slice(Math.max(offset, 0), Math.max(offset, 0) + Math.max(limit, 0));
    const total = users.length;
    return {
      action: ACTIONS.listUsers,
      ret_code: 0,
      total_count: sim.fault("ehpc-total-count-string") ? String(total) : total,
      users_set: page.map(({ password, deleted, unlisted, ...shown }) => shown),
    };
  },

  async modifyUser(sim, body) {
    const cluster = findCluster(sim, body.cluster_id);
    if (!cluster) return fail(2100, `ResourceNotFound, resource [${body.cluster_id}] not found`);
    const user = cluster.users.find((u) => u.username === body.username && visible(u));
    if (!user)
      return fail(1610, `UserNotFound, user [${body.username}] not found in cluster [${body.cluster_id}]`);
    user.password = hashSecret(body.new_password);
    user.update_time = utcNow();
    await sim.commit();
    return { action: ACTIONS.modifyUser, ret_code: 0 };
  },

  async deleteUser(sim, body) {
    const cluster = findCluster(sim, body.cluster_id);
    if (!cluster) return fail(2100, `ResourceNotFound, resource [${body.cluster_id}] not found`);
    const live = cluster.users.filter(visible);
    const user = live.find((u) => u.username === body.username);
    if (!user) {
      if (sim.fault("ehpc-delete-twice-succeeds"))
        return { action: ACTIONS.deleteUser, job_id: id("j"), ret_code: 0 };
      return fail(1610, `UserNotFound, user [${body.username}] not found in cluster [${body.cluster_id}]`);
    }
    if (live.length < 2) {
      return fail(5000, "delete cluster user failed：detail：the cluster has only the admin account");
    }
    if (user.role === "admin") {
      return fail(1400, `PermissionDenied, the cluster admin [${user.username}] can not be deleted`);
    }
    if (sim.fault("ehpc-deleted-user-still-listed")) user.deleted = true;
    else cluster.users = cluster.users.filter((u) => u !== user);
    await sim.commit();
    return { action: ACTIONS.deleteUser, job_id: id("j"), ret_code: 0 };
  },
};

function finish(sim, answer, status = 200) {
  const headers = sim.fault("ehpc-text-html-responses") ? { "content-type": "text/html; charset=utf-8" } : {};
  if (answer.fail) {
    const json = sim.fault("ehpc-error-envelope-code")
      ? { code: answer.code, msg: answer.message }
      : { ret_code: answer.code, message: answer.message };
    return { status: sim.fault("ehpc-error-http-400") ? 400 : status, headers, json };
  }
  return { status, headers, json: answer };
}

export async function handle(req, sim) {
  const operationId = ROUTES[`${req.method} ${req.path}`];
  if (!operationId) {
    return finish(sim, fail(1101, `BadRequestMethod, no such action [${req.method} ${req.path}]`));
  }
  const op = sim.operations[operationId];
  const pairs = parseQuery(req.rawQuery);
  const q = Object.fromEntries(pairs);
  if (!sim.fault("ehpc-signature-not-checked")) {
    if (!q.access_key_id || !q.signature) {
      return finish(
        sim,
        formatError(`missing parameter [${q.access_key_id ? "signature" : "access_key_id"}]`),
      );
    }
    const bad = verifySignature(sim, req, pairs);
    if (bad) return finish(sim, bad);
  }
  const timestampMissing = q.timestamp === undefined && sim.fault("ehpc-missing-timestamp-accepted");
  if (!timestampMissing) {
    const late = checkTimestamp(sim, q.timestamp);
    if (late && !(late.code === 1300 && sim.fault("ehpc-signature-not-checked"))) return finish(sim, late);
  }
  const query = coerceQuery(op, pairs);
  const body = req.method === "POST" ? parseBody(req.rawBody) : undefined;
  // The vendor's own Python SDK (PyPI qingcloud-hpc 0.0.1) signs POSTs with `zone` in the JSON body only; the
  // spec requires it in the query, so accepting that is an option (acceptZoneInBody).
  const zoneInBody = sim.settings.acceptZoneInBody && typeof body?.zone === "string" && body.zone !== "";
  const queryProblems = (op.query?.(query) ?? []).filter(
    (p) =>
      !(zoneInBody && p.field === "zone") &&
      !(timestampMissing && p.field === "timestamp") &&
      !(sim.fault("ehpc-limit-unchecked") && ["limit", "offset"].includes(p.field)) &&
      !(sim.fault("ehpc-signature-not-checked") && ["signature", "access_key_id"].includes(p.field)),
  );
  if (queryProblems.length > 0) return finish(sim, formatError(describeProblem(queryProblems[0])));

  if (operationId === "listUsers") {
    if (sim.fault("ehpc-limit-100-500") && query.limit === 100) {
      return { status: 500, text: "Internal Server Error" };
    }
    return finish(sim, handlers.listUsers(sim, query));
  }
  if (body === undefined) return finish(sim, formatError("the request body is not valid JSON"));
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return finish(sim, formatError("the request body must be a JSON object"));
  }
  const problems = op.body?.(body);
  if (problems && operationId !== "addUser") return finish(sim, formatError(describeProblem(problems[0])));
  return finish(sim, await handlers[operationId](sim, body, problems));
}

export function internalError() {
  return { status: 200, json: { ret_code: 5000, message: "InternalError, internal error" } };
}

export default {
  name: "qingcloud-ehpc",
  specOptions: {},
  faults,
  settings,
  credentials,
  seed,
  snapshot,
  handle,
  internalError,
};
