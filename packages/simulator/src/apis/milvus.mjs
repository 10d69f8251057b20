// Milvus RESTful v2 users and roles, as the open-source server behaves (reference/milvus.md, spec-audit.md §1):
// HTTP 200 with a non-zero `code` for almost every error, gin's plain-text 404, Basic / Bearer user:password /
// API key / bare user:password authentication, no Content-Type check, unknown fields ignored, per-version
// differences of 2.5, 2.6 (2.6.19+) and 3.0.
import { defineFaults } from "../faults.mjs";
import { hashSecret, randomToken, sameSecret, verifySecret, without } from "../secrets.mjs";

const VERSIONS = ["2.5", "2.6", "3.0"];
const MAX_USERS = 100;
const MAX_ROLES = 10;
const BUILTIN_ROLES = ["admin", "public"];

export const faults = defineFaults("milvus", [
  ["milvus-error-http-400", "wrong_status", "Errors (code ≠ 0) are answered with HTTP 400 instead of 200."],
  [
    "milvus-list-users-data-null",
    "response_schema_violation",
    "users/list answers `data: null` instead of an array.",
  ],
  [
    "milvus-password-length-unchecked",
    "invalid_input_accepted",
    "users/create and update_password accept passwords shorter than 6 or longer than 72 bytes.",
  ],
  [
    "milvus-long-name-rejected",
    "valid_input_rejected",
    "users/create and roles/create refuse valid names longer than 8 characters with 1100.",
  ],
  [
    "milvus-max-length-name-500",
    "server_error_on_edge_input",
    "A user name of exactly 32 characters (the maximum) makes the handler panic: HTTP 500 `{code: 500}`.",
  ],
  [
    "milvus-dropped-user-still-listed",
    "visible_after_delete",
    "users/drop answers success but the user stays in users/list and users/describe.",
  ],
  [
    "milvus-created-user-not-listed",
    "list_not_updated_after_create",
    "users/create succeeds but users/list does not show the new user.",
  ],
  [
    "milvus-drop-missing-user-fails",
    "drop_not_idempotent",
    "users/drop of a user that does not exist fails with 65535 instead of succeeding.",
  ],
  [
    "milvus-failed-create-leaves-user",
    "failed_create_side_effect",
    "users/create refused for its password (1100) still adds the user.",
  ],
  ["milvus-auth-not-checked", "auth_not_checked", "Any or no credentials are accepted (as root)."],
  [
    "milvus-missing-authorization-accepted",
    "missing_required_header_accepted",
    "A request without an Authorization header is served as root; wrong credentials are still refused.",
  ],
  ["milvus-password-echoed", "secret_echoed", "users/create answers with the new password in `data`."],
  ["milvus-text-plain-responses", "wrong_content_type", "JSON answers are sent as text/plain."],
  [
    "milvus-error-envelope-msg",
    "wrong_error_envelope",
    "Errors are `{code, msg}` instead of `{code, message}`.",
  ],
]);

// The Go structs behind each body (HS/request_v2.go): they name the fields in 1801/1802 messages.
const STRUCTS = {
  createUser: "PasswordReq",
  dropUser: "UserReq",
  describeUser: "UserReq",
  listUsers: "DatabaseReq",
  updatePassword: "NewPasswordReq",
  grantRole: "UserRoleReq",
  revokeRole: "UserRoleReq",
  createRole: "RoleReq",
  dropRole: "RoleReq",
  describeRole: "RoleReq",
  listRoles: "DatabaseReq",
  alterRole: "RoleReq",
  grantPrivilege: "GrantReq",
  revokePrivilege: "GrantReq",
  grantPrivilegeV2: "GrantV2Req",
  revokePrivilegeV2: "GrantV2Req",
};

// The privilege each operation needs (Global object unless `object` says User; users may always describe and
// update themselves: UpdateCredential and SelectUser take the user name as the object).
const PRIVILEGES = {
  createUser: "CreateOwnership",
  dropUser: "DropOwnership",
  listUsers: "SelectOwnership",
  describeUser: "SelectUser",
  updatePassword: "UpdateUser",
  grantRole: "ManageOwnership",
  revokeRole: "ManageOwnership",
  createRole: "CreateOwnership",
  dropRole: "DropOwnership",
  describeRole: "SelectOwnership",
  listRoles: "SelectOwnership",
  alterRole: "ManageOwnership",
  grantPrivilege: "ManageOwnership",
  revokePrivilege: "ManageOwnership",
  grantPrivilegeV2: "ManageOwnership",
  revokePrivilegeV2: "ManageOwnership",
};

const OBJECT_PRIVILEGES = {
  Global: [
    "All",
    "CreateCollection",
    "DropCollection",
    "DescribeCollection",
    "ShowCollections",
    "RenameCollection",
    "CreateOwnership",
    "DropOwnership",
    "SelectOwnership",
    "ManageOwnership",
    "CreateResourceGroup",
    "DropResourceGroup",
    "DescribeResourceGroup",
    "ListResourceGroups",
    "TransferNode",
    "TransferReplica",
    "UpdateResourceGroups",
    "FlushAll",
    "CreateDatabase",
    "DropDatabase",
    "ListDatabases",
    "DescribeDatabase",
    "AlterDatabase",
    "CreateAlias",
    "DropAlias",
    "DescribeAlias",
    "ListAliases",
    "CreatePrivilegeGroup",
    "DropPrivilegeGroup",
    "ListPrivilegeGroups",
    "OperatePrivilegeGroup",
  ],
  Collection: [
    "All",
    "CreateIndex",
    "DropIndex",
    "IndexDetail",
    "Load",
    "Release",
    "GetLoadState",
    "GetLoadingProgress",
    "Insert",
    "Delete",
    "Upsert",
    "Search",
    "Query",
    "Flush",
    "Compaction",
    "Import",
    "GetFlushState",
    "GetStatistics",
    "HasPartition",
    "ShowPartitions",
    "CreatePartition",
    "DropPartition",
    "AddField",
  ],
  User: ["UpdateUser", "SelectUser"],
};
const CLUSTER_GROUPS = ["ClusterReadOnly", "ClusterReadWrite", "ClusterAdmin"];
const DATABASE_GROUPS = ["DatabaseReadOnly", "DatabaseReadWrite", "DatabaseAdmin"];
const COLLECTION_GROUPS = ["CollectionReadOnly", "CollectionReadWrite", "CollectionAdmin"];

const ROUTES = {
  "/v2/vectordb/users/create": "createUser",
  "/v2/vectordb/users/drop": "dropUser",
  "/v2/vectordb/users/describe": "describeUser",
  "/v2/vectordb/users/list": "listUsers",
  "/v2/vectordb/users/update_password": "updatePassword",
  "/v2/vectordb/users/grant_role": "grantRole",
  "/v2/vectordb/users/revoke_role": "revokeRole",
  "/v2/vectordb/roles/create": "createRole",
  "/v2/vectordb/roles/drop": "dropRole",
  "/v2/vectordb/roles/describe": "describeRole",
  "/v2/vectordb/roles/list": "listRoles",
  "/v2/vectordb/roles/alter": "alterRole",
  "/v2/vectordb/roles/grant_privilege": "grantPrivilege",
  "/v2/vectordb/roles/revoke_privilege": "revokePrivilege",
  "/v2/vectordb/roles/grant_privilege_v2": "grantPrivilegeV2",
  "/v2/vectordb/roles/revoke_privilege_v2": "revokePrivilegeV2",
};

export function settings(options = {}) {
  const version = String(options.milvusVersion ?? options.version ?? "2.6");
  if (!VERSIONS.includes(version)) {
    throw new RangeError(`milvusVersion: must be one of ${VERSIONS.join(", ")} (got "${version}")`);
  }
  const passwordPolicy = options.passwordPolicy ?? "server";
  if (!["server", "zilliz-cloud"].includes(passwordPolicy)) {
    throw new RangeError(`passwordPolicy: must be "server" or "zilliz-cloud" (got "${passwordPolicy}")`);
  }
  return {
    version,
    passwordPolicy,
    auth: options.auth !== false,
    rootPassword: options.rootPassword ?? "Milvus",
    apiKeys: options.apiKeys ?? [options.apiKey ?? `sim-milvus-${randomToken(12, "hex")}`],
  };
}

export function credentials(s) {
  return {
    auth: s.auth,
    version: s.version,
    passwordPolicy: s.passwordPolicy,
    user: "root",
    password: s.rootPassword,
    token: `root:${s.rootPassword}`,
    apiKeys: s.apiKeys,
  };
}

export function seed(s) {
  return {
    users: { root: { password: hashSecret(s.rootPassword), description: "", roles: [] } },
    roles: {
      admin: { description: "", grants: [] },
      public: { description: "", grants: [] },
    },
  };
}

export function snapshot(state) {
  return without(state, ["password"]);
}

const atLeast26 = (s) => s.version !== "2.5";
const ok = (data = {}) => ({ code: 0, data });
const fail = (code, message) => ({ fail: true, code, message });
const invalid = (detail) => fail(1100, `${detail}: invalid parameter`);
/** A non-merr error in 2.5 (65535, bare message); 1100 with the `: invalid parameter` suffix in 2.6+. */
const byVersion = (s, detail) => (atLeast26(s) ? invalid(detail) : fail(65535, detail));
const roleMissing = (s) =>
  byVersion(s, "not found the role, maybe the role isn't existed or internal system error");
const isAsciiLetter = (c) => /^[A-Za-z]$/.test(c ?? "");

function validateUsername(s, raw) {
  const name = raw.trim();
  if (name === "") return invalid("username must be not empty");
  if (Buffer.byteLength(name) > 32) {
    return invalid(
      `invalid username ${name} with length ${name.length}, the length of username must be less than 32`,
    );
  }
  if (!isAsciiLetter(name[0])) {
    return invalid(`invalid user name ${name}, the first character must be a letter, but got ${name[0]}`);
  }
  const allowed = atLeast26(s) ? /^[A-Za-z0-9_.-]*$/ : /^[A-Za-z0-9_]*$/;
  if (!allowed.test(name)) {
    return invalid(
      atLeast26(s)
        ? `invalid user name ${name}. The user name can only contain letters, numbers, underscores, dots and hyphens`
        : `invalid user name ${name}. The user name can only contain letters, numbers and underscores`,
    );
  }
  return undefined;
}

function validateRoleName(raw) {
  const name = raw.trim();
  if (name === "") return invalid("role name should not be empty");
  if (Buffer.byteLength(name) > 255) {
    return invalid(`the length of role name ${name} must be not greater than limit 255`);
  }
  if (!(isAsciiLetter(name[0]) || name[0] === "_")) {
    return invalid(`the first character of role name ${name} must be an underscore or letter`);
  }
  if (!/^[A-Za-z0-9_$]*$/.test(name)) {
    return invalid(`role name ${name} can only contain numbers, letters, dollars and underscores`);
  }
  return undefined;
}

function validatePassword(sim, password) {
  if (sim.fault("milvus-password-length-unchecked")) return undefined;
  const len = Buffer.byteLength(password);
  if (len < 6 || len > 72)
    return fail(1100, `invalid password length: invalid parameter[${len} out of range 6 <= value <= 72]`);
  return undefined;
}

function validateDescription(description) {
  if (typeof description === "string" && Buffer.byteLength(description) > 1024) {
    return invalid(`description length ${Buffer.byteLength(description)} exceeds the limit 1024`);
  }
  return undefined;
}

function knownPrivilege(objectType, privilege) {
  if (privilege === "*") return true;
  return (OBJECT_PRIVILEGES[objectType] ?? []).includes(privilege);
}

// ---------------------------------------------------------------------------------------------------------
// Authentication (reference/milvus.md §4) and RBAC.

function parseBasic(header) {
  if (!header.startsWith("Basic ")) return undefined;
  const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
  const i = decoded.indexOf(":");
  return i < 0 ? undefined : { user: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

/** → { user } | { fail } ; `basic` tells whether to send WWW-Authenticate. */
function authenticate(sim, headers) {
  const header = headers.authorization;
  const s = sim.settings;
  if (!s.auth || sim.fault("milvus-auth-not-checked")) return { user: "root" };
  if (header === undefined && sim.fault("milvus-missing-authorization-accepted")) return { user: "root" };
  const denied = { fail: fail(1800, "user hasn't authenticated") };
  if (typeof header !== "string" || header === "") return denied;
  const basic = parseBasic(header);
  if (basic) {
    const user = sim.state.users[basic.user];
    return user && verifySecret(basic.password, user.password) ? { user: basic.user, basic: true } : denied;
  }
  const token = header.startsWith("Bearer ") ? header.slice(7) : header;
  const i = token.indexOf(":");
  if (i < 0) {
    // An API key: open-source Milvus needs a custom hook for these; the simulator plays Zilliz Cloud's hook.
    return s.apiKeys.some((key) => sameSecret(key, token)) ? { user: "root" } : denied;
  }
  const name = token.slice(0, i);
  const password = token.slice(i + 1);
  if (name === "" || password === "") return denied;
  const user = sim.state.users[name];
  return user && verifySecret(password, user.password) ? { user: name } : denied;
}

function authorized(sim, caller, operationId, body, db) {
  if (!sim.settings.auth || caller === "root") return true;
  const privilege = PRIVILEGES[operationId];
  if ((operationId === "describeUser" || operationId === "updatePassword") && body.userName === caller)
    return true;
  const roles = new Set(["public", ...(sim.state.users[caller]?.roles ?? [])]);
  if (roles.has("admin")) return true;
  for (const role of roles) {
    for (const g of sim.state.roles[role]?.grants ?? []) {
      const object = privilege === "SelectUser" || privilege === "UpdateUser" ? "User" : "Global";
      if (g.privilege === "ClusterAdmin") return true;
      if (g.objectType === object && [privilege, "*", "All"].includes(g.privilege)) return true;
    }
  }
  return { db };
}

// ---------------------------------------------------------------------------------------------------------
// Operations: each returns `ok(...)`, a `fail(...)`, or a body to send as is.

// A grant is identified by what it allows, not by who granted it: granting twice keeps one, revoking is idempotent.
const sameGrant = (a, b) =>
  a.objectType === b.objectType &&
  a.objectName === b.objectName &&
  a.privilege === b.privilege &&
  a.dbName === b.dbName;

async function applyGrant(sim, role, grant, add) {
  if (add && !role.grants.some((g) => sameGrant(g, grant))) role.grants.push(grant);
  if (!add) role.grants = role.grants.filter((g) => !sameGrant(g, grant));
  await sim.commit();
  return ok();
}

const handlers = {
  async createUser(sim, body) {
    const s = sim.settings;
    const name = body.userName.trim();
    if (sim.fault("milvus-long-name-rejected") && name.length > 8) return invalid(`invalid username ${name}`);
    const bad = validateUsername(s, body.userName);
    if (bad) return bad;
    const badPassword =
      validatePassword(sim, body.password) ??
      (atLeast26(s) ? validateDescription(body.description) : undefined);
    const state = sim.state;
    if (badPassword) {
      if (sim.fault("milvus-failed-create-leaves-user") && !state.users[name]) {
        state.users[name] = { password: hashSecret(body.password), description: "", roles: [] };
        await sim.commit();
      }
      return badPassword;
    }
    if (state.users[name]) return byVersion(s, `user already exists: ${name}`);
    if (Object.keys(state.users).length >= MAX_USERS) {
      const detail = "unable to add user because the number of users has reached the limit";
      return atLeast26(s) ? fail(9, `${detail}: quota exceeded`) : fail(65535, detail);
    }
    state.users[name] = {
      password: hashSecret(body.password),
      description: atLeast26(s) && typeof body.description === "string" ? body.description : "",
      roles: [],
      ...(sim.fault("milvus-created-user-not-listed") ? { unlisted: true } : {}),
    };
    await sim.commit();
    return sim.fault("milvus-password-echoed") ? ok({ userName: name, password: body.password }) : ok();
  },

  async dropUser(sim, body) {
    const name = body.userName;
    if (name === "root") return fail(1401, "root user cannot be deleted: privilege not permitted");
    const user = sim.state.users[name];
    if (!user || user.dropped) {
      return sim.fault("milvus-drop-missing-user-fails") ? fail(65535, `user not found: ${name}`) : ok();
    }
    if (sim.fault("milvus-dropped-user-still-listed")) user.dropped = true;
    else delete sim.state.users[name];
    await sim.commit();
    return ok();
  },

  describeUser(sim, body) {
    const s = sim.settings;
    const bad = validateUsername(s, body.userName);
    if (bad) return bad;
    const user = sim.state.users[body.userName.trim()];
    const data = user ? [...user.roles] : [];
    return atLeast26(s) ? { code: 0, data, description: user?.description ?? "" } : { code: 0, data };
  },

  listUsers(sim) {
    if (sim.fault("milvus-list-users-data-null")) return { code: 0, data: null };
    return ok(
      Object.entries(sim.state.users)
        .filter(([, u]) => !u.unlisted)
        .map(([name]) => name),
    );
  },

  async updatePassword(sim, body) {
    const s = sim.settings;
    const user = sim.state.users[body.userName];
    const newPassword = body.newPassword ?? "";
    if (atLeast26(s) && newPassword === "" && body.description === undefined) {
      return invalid("must update either password or description");
    }
    if (newPassword !== "") {
      if (!user || user.dropped || !verifySecret(body.password ?? "", user.password)) {
        return fail(1400, `old password not correct for ${body.userName}: not authenticated`);
      }
      const bad = validatePassword(sim, newPassword);
      if (bad) return bad;
    } else if (!user) {
      return invalid(`user "${body.userName}" not found`);
    }
    if (atLeast26(s)) {
      const badDescription = validateDescription(body.description);
      if (badDescription) return badDescription;
      if (typeof body.description === "string") user.description = body.description;
    }
    if (newPassword !== "") user.password = hashSecret(newPassword);
    await sim.commit();
    return ok();
  },

  async grantRole(sim, body) {
    const s = sim.settings;
    const bad = validateUsername(s, body.userName) ?? validateRoleName(body.roleName);
    if (bad) return bad;
    const user = sim.state.users[body.userName];
    if (!user || user.dropped) {
      return byVersion(
        s,
        atLeast26(s)
          ? `user "${body.userName}" not found`
          : "not found the user, maybe the user isn't existed or internal system error",
      );
    }
    if (!sim.state.roles[body.roleName]) return roleMissing(s);
    if (!user.roles.includes(body.roleName)) user.roles.push(body.roleName);
    await sim.commit();
    return ok();
  },

  async revokeRole(sim, body) {
    const s = sim.settings;
    const bad = validateUsername(s, body.userName) ?? validateRoleName(body.roleName);
    if (bad) return bad;
    if (!sim.state.roles[body.roleName]) return roleMissing(s);
    const user = sim.state.users[body.userName];
    if (user) user.roles = user.roles.filter((r) => r !== body.roleName);
    await sim.commit();
    return ok();
  },

  async createRole(sim, body) {
    const s = sim.settings;
    const name = body.roleName.trim();
    if (sim.fault("milvus-long-name-rejected") && name.length > 8)
      return invalid(`invalid role name ${name}`);
    const bad =
      validateRoleName(body.roleName) ?? (atLeast26(s) ? validateDescription(body.description) : undefined);
    if (bad) return bad;
    if (sim.state.roles[name]) return byVersion(s, `role [name:"${name}"] already exists`);
    if (Object.keys(sim.state.roles).length >= MAX_ROLES) {
      const detail = "unable to create role because the number of roles has reached the limit";
      return atLeast26(s) ? fail(9, `${detail}: quota exceeded`) : fail(65535, detail);
    }
    sim.state.roles[name] = {
      description: atLeast26(s) && typeof body.description === "string" ? body.description : "",
      grants: [],
    };
    await sim.commit();
    return ok();
  },

  async dropRole(sim, body) {
    const s = sim.settings;
    const name = body.roleName;
    if (BUILTIN_ROLES.includes(name)) {
      return fail(
        1401,
        `the role[${name}] is a default role, which can't be dropped: privilege not permitted`,
      );
    }
    const role = sim.state.roles[name];
    if (!role) return roleMissing(s);
    if (role.grants.length > 0) {
      return byVersion(
        s,
        "fail to drop the role that it has privileges. Use REVOKE API to revoke privileges",
      );
    }
    delete sim.state.roles[name];
    for (const user of Object.values(sim.state.users)) user.roles = user.roles.filter((r) => r !== name);
    await sim.commit();
    return ok();
  },

  describeRole(sim, body, db) {
    const s = sim.settings;
    const bad = validateRoleName(body.roleName);
    if (bad) return bad;
    const role = sim.state.roles[body.roleName];
    if (!role) {
      return atLeast26(s)
        ? invalid(`the role "${body.roleName}" does not exist`)
        : fail(65535, "not found the role, maybe the role isn't existed or internal system error");
    }
    const data = role.grants.filter((g) => db === "*" || g.dbName === db || g.dbName === "*");
    return atLeast26(s) ? { code: 0, data, description: role.description } : { code: 0, data };
  },

  listRoles(sim) {
    return ok(Object.keys(sim.state.roles));
  },

  async alterRole(sim, body) {
    const name = body.roleName;
    if (BUILTIN_ROLES.includes(name)) {
      return fail(
        1401,
        `the role[${name}] is a default role, which can't be altered: privilege not permitted`,
      );
    }
    const bad = validateDescription(body.description);
    if (bad) return bad;
    const role = sim.state.roles[name];
    if (!role) return fail(65535, "failed to check if alter role: role not exists");
    role.description = typeof body.description === "string" ? body.description : "";
    await sim.commit();
    return ok();
  },

  grantPrivilege: (sim, body, db, caller) => operatePrivilege(sim, body, db, caller, true),
  revokePrivilege: (sim, body, db, caller) => operatePrivilege(sim, body, db, caller, false),
  grantPrivilegeV2: (sim, body, _db, caller) => operatePrivilegeV2(sim, body, caller, true),
  revokePrivilegeV2: (sim, body, _db, caller) => operatePrivilegeV2(sim, body, caller, false),
};

async function operatePrivilege(sim, body, db, caller, grant) {
  const s = sim.settings;
  const bad = validateRoleName(body.roleName);
  if (bad) return bad;
  const role = sim.state.roles[body.roleName];
  if (!role) {
    return atLeast26(s) ? invalid(`the role "${body.roleName}" does not exist`) : roleMissing(s);
  }
  if (!OBJECT_PRIVILEGES[body.objectType]) {
    return invalid(
      `not found the object type[${body.objectType}], supported the object types: [Global Collection User]`,
    );
  }
  if (!knownPrivilege(body.objectType, body.privilege)) {
    return byVersion(s, `not found the privilege name[${body.privilege}]`);
  }
  const entry = {
    objectType: body.objectType,
    objectName: body.objectName,
    privilege: body.privilege,
    dbName: db,
    grantor: caller ?? "root",
  };
  return applyGrant(sim, role, entry, grant);
}

async function operatePrivilegeV2(sim, body, caller, grant) {
  const s = sim.settings;
  const bad = validateRoleName(body.roleName);
  if (bad) return bad;
  if ((body.collectionName ?? "") === "") return invalid("collection name should not be empty");
  const role = sim.state.roles[body.roleName];
  if (!role) return roleMissing(s);
  const dbName = body.dbName || "default";
  const privilege = body.privilege;
  let objectType = "Collection";
  if (CLUSTER_GROUPS.includes(privilege)) {
    if (dbName !== "*" || body.collectionName !== "*") {
      return invalid(`dbName and collectionName should be * for the cluster level privilege: ${privilege}`);
    }
    objectType = "Global";
  } else if (DATABASE_GROUPS.includes(privilege)) {
    if (body.collectionName !== "*")
      return invalid("collectionName should be * for the database level privilege");
    objectType = "Global";
  } else if (!COLLECTION_GROUPS.includes(privilege)) {
    const type = Object.keys(OBJECT_PRIVILEGES).find((t) => knownPrivilege(t, privilege));
    if (!type) return byVersion(s, `not found the privilege name[${privilege}]`);
    if (dbName === "*" && body.collectionName !== "*") {
      return invalid("please specify database name for the collection level privilege");
    }
    objectType = type;
  }
  const entry = {
    objectType,
    objectName: body.collectionName,
    privilege,
    dbName,
    grantor: caller ?? "root",
  };
  return applyGrant(sim, role, entry, grant);
}

// ---------------------------------------------------------------------------------------------------------
// The request pipeline: route → authentication → bind (JSON + the spec's required/type rules) → RBAC →
// operation → response (with any response-shaping fault).

function goType(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value === "object" ? "object" : typeof value;
}

/** gin's ShouldBindBodyWith(JSON) + `binding:"required"` over the spec's schema for the operation. */
function bind(sim, operationId, rawBody) {
  const struct = STRUCTS[operationId];
  const text = rawBody.toString("utf8");
  if (text.trim() === "") {
    return {
      fail: fail(
        1801,
        "can only accept json format request, the request body should be nil, however {} is valid",
      ),
    };
  }
  let body;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return { fail: fail(1801, `can only accept json format request, error: ${error.message}`) };
  }
  if (goType(body) !== "object") {
    return {
      fail: fail(
        1801,
        `can only accept json format request, error: json: cannot unmarshal ${goType(body)} into Go value of type httpserver.${struct}`,
      ),
    };
  }
  const problems = sim.operations[operationId]?.body?.(body) ?? [];
  const typeProblem = problems.find((p) => p.keyword === "type" && p.path.length > 0);
  if (typeProblem) {
    const top = typeProblem.path[0];
    const want = typeProblem.params.type === "integer" ? "int64" : typeProblem.params.type;
    return {
      fail: fail(
        1801,
        `can only accept json format request, error: json: cannot unmarshal ${goType(body[top])} into Go struct field ${struct}.${top} of type ${want}`,
      ),
    };
  }
  const required = sim.operations[operationId]?.bodyRequired ?? [];
  for (const problem of problems) {
    const top = problem.path[0];
    // gin's `binding:"required"`: the struct's own required fields, absent or "" (not the spec's conditional rules).
    const missing =
      required.includes(top) &&
      ((problem.keyword === "required" &&
        /\/required$/.test(problem.schemaPath) &&
        !/\/then\//.test(problem.schemaPath)) ||
        (problem.keyword === "minLength" && body[top] === ""));
    const optionalIn26 = operationId === "updatePassword" && atLeast26(sim.settings) && top !== "userName";
    const v2Collection = top === "collectionName"; // optional in the binding; the proxy answers 1100 itself
    if (problem.path.length === 1 && missing && !optionalIn26 && !v2Collection) {
      const goField = top.charAt(0).toUpperCase() + top.slice(1);
      return {
        fail: fail(
          1802,
          `missing required parameters, error: Key: '${struct}.${goField}' Error:Field validation for '${goField}' failed on the 'required' tag`,
        ),
      };
    }
  }
  // Zilliz Cloud's stricter documented rules (the spec's `x-zilliz-cloud-policy`), when that policy is chosen.
  if (sim.settings.passwordPolicy === "zilliz-cloud") {
    const cloud = problems.find(
      (p) => ["userName", "password", "newPassword"].includes(p.path[0]) && p.path.length === 1,
    );
    if (cloud) return { fail: invalid(`invalid ${cloud.path[0]}: it does not meet the Zilliz Cloud policy`) };
  }
  // Every other rule of the spec (patterns, lengths) is the proxy's to enforce, with its own messages.
  return { body };
}

function finish(sim, answer, extraHeaders) {
  const headers = { ...extraHeaders };
  if (sim.settings.version === "3.0") headers["x-milvus-trace-id"] = randomToken(16, "hex");
  if (sim.fault("milvus-text-plain-responses")) headers["content-type"] = "text/plain; charset=utf-8";
  if (answer.fail) {
    const status = answer.status ?? 200;
    const json = sim.fault("milvus-error-envelope-msg")
      ? { code: answer.code, msg: answer.message }
      : { code: answer.code, message: answer.message };
    return { status: sim.fault("milvus-error-http-400") ? 400 : status, headers, json };
  }
  return { status: 200, headers, json: answer };
}

const NOT_FOUND = { status: 404, text: "404 page not found" };

export async function handle(req, sim) {
  const s = sim.settings;
  const operationId = ROUTES[req.path];
  const routed = operationId && req.method === "POST" && (operationId !== "alterRole" || atLeast26(s));

  if (req.method === "OPTIONS") {
    return {
      status: 204,
      headers: { "access-control-allow-origin": "*", "x-content-type-options": "nosniff" },
    };
  }
  const who = authenticate(sim, req.headers);
  if (who.fail) return finish(sim, { ...who.fail, status: 401 });
  if (!routed) return NOT_FOUND;
  const extra = who.basic ? { "www-authenticate": 'Basic realm="restricted", charset="UTF-8"' } : {};

  if (s.version === "3.0" && req.headers["request-timeout"] !== undefined) {
    const value = req.headers["request-timeout"];
    if (!/^-?[0-9]+$/.test(value)) {
      return finish(
        sim,
        invalid(`Request-Timeout parse failed, err: strconv.ParseInt: parsing "${value}": invalid syntax`),
        extra,
      );
    }
  }

  const bound = bind(sim, operationId, req.rawBody);
  if (bound.fail) return finish(sim, bound.fail, extra);
  const body = bound.body;

  if (
    sim.fault("milvus-max-length-name-500") &&
    typeof body.userName === "string" &&
    body.userName.length === 32
  ) {
    return { status: 500, json: { code: 500 } };
  }

  const headerDb = typeof req.headers["db-name"] === "string" ? req.headers["db-name"] : "";
  const db = (typeof body.dbName === "string" && body.dbName) || headerDb || "default";
  const allowed = authorized(sim, who.user, operationId, body, db);
  if (allowed !== true) {
    return finish(
      sim,
      {
        ...fail(
          65535,
          `Privilege${PRIVILEGES[operationId]}: permission deny to ${who.user} in the \`${db}\` database`,
        ),
        status: 403,
      },
      extra,
    );
  }
  return finish(sim, await handlers[operationId](sim, body, db, who.user), extra);
}

export function internalError() {
  return { status: 500, json: { code: 500 } };
}

export default {
  name: "milvus",
  specOptions: (s) => ({
    dropAdditional: true,
    ...(s.passwordPolicy === "zilliz-cloud" ? { overlay: "x-zilliz-cloud-policy" } : {}),
  }),
  faults,
  settings,
  credentials,
  seed,
  snapshot,
  handle,
  internalError,
};
