import { ApiError } from "@userctl/client-core";
import type { MilvusClient } from "@userctl/milvus";
import { UsageError } from "../runtime/errors.js";
import { arg, body, need, text, withMeaning } from "./input.js";
import { defineLeaf, type Input, type LeafDef, type OptDef, type VendorDef, type View } from "./types.js";

const CONN = "--uri http://localhost:19530 --token root:Milvus";
const DROP_NOTE = "the server answers success also when the user did not exist";

const leaf = defineLeaf<MilvusClient>();
const done =
  (text: (i: Input) => string) =>
  (_d: unknown, i: Input): View => ({ kind: "message", text: text(i) });
const names =
  (head: string) =>
  (data: string[]): View => ({
    kind: "table",
    head: [head],
    rows: data.map((n) => [n]),
  });
const description: OptDef = {
  key: "description",
  flags: "--description <text>",
  description: "description (Milvus 2.6.19+)",
};
const privilegeOpts: OptDef[] = [
  {
    key: "privilege",
    flags: "--privilege <name>",
    description: "privilege, e.g. Search or *",
    required: true,
  },
  {
    key: "collection",
    flags: "--collection <name>",
    description: "collection the privilege applies to (* for all)",
    default: "*",
  },
  { key: "db", flags: "--db <name>", description: "database (default: the server's default database)" },
];
const objectOpts: OptDef[] = [
  {
    key: "objectType",
    flags: "--object-type <type>",
    description: "Global, Collection or User",
    required: true,
  },
  {
    key: "objectName",
    flags: "--object-name <name>",
    description: "object name (* for all)",
    required: true,
  },
  { key: "privilege", flags: "--privilege <name>", description: "privilege, e.g. Search", required: true },
  { key: "db", flags: "--db <name>", description: "database (default: DB-Name / default)" },
];
/** The privilege options, mandatory on the command line (`--collection` has a default). */
/** Write calls answer the envelope `{ code: 0, data: {} }`; scripts get its `data`, the same for every command. */
const envelopeData = (result: { data?: unknown }) => result.data ?? {};

/** Grants revoked by `role drop --revoke-grants`, per role, for the success line. */
const revokedCount = new Map<string, number>();

/**
 * `role drop` and the server's revoke-first rule (spec: roles/drop): with --revoke-grants, dropRole revokes the
 * role's grants first; without it, the refusal names the flag. Every other method is the client's own.
 */
function withRoleDropRule(
  client: MilvusClient,
  milvus: typeof import("@userctl/milvus"),
  revokeGrants: boolean,
): MilvusClient {
  const dropRole: MilvusClient["dropRole"] = async (request, options) => {
    if (revokeGrants) {
      const { revoked } = await milvus.dropRoleRevokingGrants(client, request.roleName, options);
      revokedCount.set(request.roleName, revoked.length);
      return { code: 0, data: {} };
    }
    try {
      return await client.dropRole(request, options);
    } catch (error) {
      if (!(milvus.isRoleHasGrantsError(error) && error instanceof ApiError)) throw error;
      throw withMeaning(error, `${error.meaning}; or re-run with --revoke-grants`);
    }
  };
  return { ...client, dropRole };
}

const privilege = (i: Input) => need(text(i, "privilege"), "privilege");

/** grant and revoke (v2) send the same body: the spec's PrivilegeV2Request. */
type PrivilegeV2Body = Parameters<MilvusClient["grantPrivilegeV2"]>[0];
const privilegeV2Fields = (i: Input): PrivilegeV2Body => ({
  roleName: arg(i, "roleName"),
  privilege: privilege(i),
  collectionName: need(text(i, "collection"), "collection"),
  dbName: text(i, "db"),
});

const userLeaves: LeafDef[] = [
  leaf("createUser")({
    name: "create",
    summary: "Create a user (users/create)",
    description:
      "Create a user. The password comes from a hidden prompt or --password-stdin. By default it is checked\n" +
      "against the server's own rule, 6 to 72 bytes with no character classes; --password-policy zilliz-cloud\n" +
      "applies the Zilliz Cloud documents' 8-64 characters with 3 of: upper case, lower case, digit, other.",
    args: [
      {
        name: "userName",
        description: "letter first, then letters, digits, _, . or - (max 32; . and - need Milvus 2.6+)",
      },
    ],
    options: [description],
    passwords: [{ key: "password", label: "password" }],
    examples: [`printf 'S3cret!pass\\n' | userctl milvus user create alice --password-stdin ${CONN}`],
    request: (i) => [
      body({
        userName: arg(i, "userName"),
        password: need(i.passwords.password, "password"),
        description: text(i, "description"),
      }),
    ],
    data: envelopeData,
    view: done((i) => `Created user ${i.args.userName}`),
  }),
  leaf("dropUser")({
    name: "drop",
    summary: "Drop a user (users/drop)",
    description:
      "Drop a user. Milvus answers success also for a user that does not exist, so re-runs are safe.\n" +
      "Asks for confirmation on a terminal; --yes otherwise. Bulk: --from-file.",
    args: [{ name: "userName", description: "user to drop" }],
    examples: [
      `userctl milvus user drop alice --yes ${CONN}`,
      `userctl milvus user drop --from-file users.csv --concurrency 16 --yes ${CONN}`,
    ],
    destructive: true,
    bulk: { arg: "userName", columns: ["userName", "user", "name", "username"] },
    doneNote: DROP_NOTE,
    request: (i) => [body({ userName: arg(i, "userName") })],
    data: envelopeData,
    view: done((i) => `Dropped user ${i.args.userName} (${DROP_NOTE})`),
  }),
  leaf("describeUser")({
    name: "describe",
    summary: "Show a user's roles (users/describe)",
    description:
      "Show the roles granted to a user (and its description on 2.6.19+). An unknown user has no roles.",
    args: [{ name: "userName", description: "user to describe" }],
    examples: [`userctl milvus user describe alice ${CONN} -o json`],
    request: (i) => [body({ userName: arg(i, "userName") })],
    data: (r, i) => ({
      userName: i.args.userName,
      roles: r.data ?? [],
      ...(r.description !== undefined ? { description: r.description } : {}),
    }),
    view: (u) => {
      const fields: [string, unknown][] = [
        ["user", u.userName],
        ["roles", u.roles.join(", ") || "(none)"],
      ];
      if (u.description !== undefined) fields.push(["description", u.description]);
      return { kind: "fields", fields };
    },
  }),
  leaf("listUsers")({
    name: "list",
    summary: "List user names (users/list)",
    description: "List the names of all users.",
    examples: [`userctl milvus user list ${CONN}`],
    request: () => [body({})],
    data: (r) => r.data ?? [],
    view: names("user"),
  }),
  leaf("updatePassword")({
    name: "update-password",
    summary: "Change a user's password (users/update_password)",
    description:
      "Change a user's password. Both the current and the new password come from hidden prompts, or from\n" +
      "--password-stdin as two lines: current password, then new password.",
    args: [{ name: "userName", description: "user whose password changes" }],
    passwords: [
      { key: "oldPassword", label: "current password" },
      { key: "newPassword", label: "new password" },
    ],
    examples: [
      `printf 'Old!pass1\\nN3w!passw0rd\\n' | userctl milvus user update-password alice --password-stdin ${CONN}`,
    ],
    request: (i) => [
      body({
        userName: arg(i, "userName"),
        password: need(i.passwords.oldPassword, "oldPassword"),
        newPassword: need(i.passwords.newPassword, "newPassword"),
      }),
    ],
    data: envelopeData,
    view: done((i) => `Changed the password of ${i.args.userName}`),
  }),
  leaf("grantRole")({
    name: "grant-role",
    summary: "Grant a role to a user (users/grant_role)",
    description: "Grant a role to a user.",
    args: [
      { name: "userName", description: "user" },
      { name: "roleName", description: "role to grant" },
    ],
    examples: [`userctl milvus user grant-role alice reader ${CONN}`],
    request: (i) => [body({ userName: arg(i, "userName"), roleName: arg(i, "roleName") })],
    data: envelopeData,
    view: done((i) => `Granted role ${i.args.roleName} to ${i.args.userName}`),
  }),
  leaf("revokeRole")({
    name: "revoke-role",
    summary: "Revoke a role from a user (users/revoke_role)",
    description: "Revoke a role from a user. Asks for confirmation on a terminal; --yes otherwise.",
    args: [
      { name: "userName", description: "user" },
      { name: "roleName", description: "role to revoke" },
    ],
    examples: [`userctl milvus user revoke-role alice reader --yes ${CONN}`],
    destructive: true,
    request: (i) => [body({ userName: arg(i, "userName"), roleName: arg(i, "roleName") })],
    data: envelopeData,
    view: done((i) => `Revoked role ${i.args.roleName} from ${i.args.userName}`),
  }),
];

const roleLeaves: LeafDef[] = [
  leaf("createRole")({
    name: "create",
    summary: "Create a role (roles/create)",
    description: "Create a role.",
    args: [{ name: "roleName", description: "letter or _ first, then letters, digits, _ or $ (max 255)" }],
    options: [description],
    examples: [`userctl milvus role create reader ${CONN}`],
    request: (i) => [body({ roleName: arg(i, "roleName"), description: text(i, "description") })],
    data: envelopeData,
    view: done((i) => `Created role ${i.args.roleName}`),
  }),
  leaf("dropRole")({
    name: "drop",
    summary: "Drop a role (roles/drop)",
    description:
      "Drop a role (admin and public cannot be dropped). Milvus refuses to drop a role that still has any grant,\n" +
      "and its REST API cannot force it: revoke the grants first, or pass --revoke-grants to have userctl list\n" +
      "them (roles/describe, every database) and revoke each before dropping. Asks for confirmation on a\n" +
      "terminal; --yes otherwise. Bulk: --from-file. With --dry-run only the first request (roles/describe\n" +
      "with --revoke-grants) is shown.",
    args: [{ name: "roleName", description: "role to drop" }],
    options: [
      {
        key: "revokeGrants",
        flags: "--revoke-grants",
        description:
          "revoke every grant of the role first (the server refuses to drop a role that has grants)",
      },
    ],
    examples: [
      `userctl milvus role drop reader --yes ${CONN}`,
      `userctl milvus role drop reader --revoke-grants --yes ${CONN}`,
      `userctl milvus role drop -f roles.txt --yes ${CONN}`,
    ],
    destructive: true,
    bulk: { arg: "roleName", columns: ["roleName", "role", "name"] },
    request: (i) => [body({ roleName: arg(i, "roleName") })],
    data: envelopeData,
    view: done((i) => {
      const revoked = revokedCount.get(i.args.roleName ?? "");
      return revoked === undefined
        ? `Dropped role ${i.args.roleName}`
        : `Dropped role ${i.args.roleName} (revoked ${revoked} grant(s) first)`;
    }),
  }),
  leaf("describeRole")({
    name: "describe",
    summary: "Show a role's grants (roles/describe)",
    description: "List the privileges granted to a role; --db * shows every database's grants.",
    args: [{ name: "roleName", description: "role to describe" }],
    options: [{ key: "db", flags: "--db <name>", description: "only grants in this database (* for all)" }],
    examples: [`userctl milvus role describe reader --db '*' ${CONN}`],
    request: (i) => [body({ roleName: arg(i, "roleName"), dbName: text(i, "db") })],
    data: (r, i) => ({
      roleName: i.args.roleName,
      grants: r.data ?? [],
      ...(r.description !== undefined ? { description: r.description } : {}),
    }),
    view: (d) => ({
      kind: "table",
      head: ["objectType", "objectName", "privilege", "dbName", "grantor"],
      rows: d.grants.map((g) => [g.objectType, g.objectName, g.privilege, g.dbName, g.grantor]),
    }),
  }),
  leaf("listRoles")({
    name: "list",
    summary: "List role names (roles/list)",
    description: "List the names of all roles.",
    examples: [`userctl milvus role list ${CONN} -o yaml`],
    request: () => [body({})],
    data: (r) => r.data ?? [],
    view: names("role"),
  }),
  leaf("alterRole")({
    name: "alter",
    summary: "Change a role's description (roles/alter, 2.6.19+)",
    description:
      "Set a role's description. Needs Milvus 2.6.19 or later; admin and public cannot be altered.",
    args: [{ name: "roleName", description: "role to alter" }],
    options: [{ ...description, required: true }],
    examples: [`userctl milvus role alter reader --description 'read-only access' ${CONN}`],
    request: (i) => [
      { roleName: arg(i, "roleName"), description: need(text(i, "description"), "description") },
    ],
    data: envelopeData,
    view: done((i) => `Altered role ${i.args.roleName}`),
  }),
  leaf("grantPrivilegeV2")({
    name: "grant",
    summary: "Grant a privilege to a role (roles/grant_privilege_v2)",
    description:
      "Grant a privilege or privilege group on a collection (or * for all) in a database to a role. A\n" +
      "cluster-level group (ClusterReadOnly, ClusterReadWrite, ClusterAdmin) needs --db '*' (and --collection *);\n" +
      "a database-level group (DatabaseReadOnly, DatabaseReadWrite, DatabaseAdmin) needs --collection *.",
    args: [{ name: "roleName", description: "role" }],
    options: privilegeOpts,
    examples: [
      `userctl milvus role grant reader --privilege Search --collection books --db default ${CONN}`,
      `userctl milvus role grant auditor --privilege ClusterReadOnly --db '*' ${CONN}`,
    ],
    request: (i) => [body(privilegeV2Fields(i))],
    data: envelopeData,
    view: done((i) => `Granted ${i.opts.privilege} on ${i.opts.collection} to role ${i.args.roleName}`),
  }),
  leaf("revokePrivilegeV2")({
    name: "revoke",
    summary: "Revoke a privilege from a role (roles/revoke_privilege_v2)",
    description:
      "Revoke a privilege on a collection from a role. Asks for confirmation on a terminal; --yes otherwise.",
    args: [{ name: "roleName", description: "role" }],
    options: privilegeOpts,
    examples: [`userctl milvus role revoke reader --privilege Search --collection books --yes ${CONN}`],
    destructive: true,
    request: (i) => [body(privilegeV2Fields(i))],
    data: envelopeData,
    view: done((i) => `Revoked ${i.opts.privilege} on ${i.opts.collection} from role ${i.args.roleName}`),
  }),
  leaf("grantPrivilege")({
    name: "grant-object",
    summary: "Grant a privilege on an object, v1 form (roles/grant_privilege)",
    description: "The older grant form: object type + object name + privilege.",
    args: [{ name: "roleName", description: "role" }],
    options: objectOpts,
    examples: [
      `userctl milvus role grant-object reader --object-type Collection --object-name books --privilege Search ${CONN}`,
    ],
    request: (i) => [
      body({
        roleName: arg(i, "roleName"),
        objectType: need(text(i, "objectType"), "objectType"),
        objectName: need(text(i, "objectName"), "objectName"),
        privilege: privilege(i),
        dbName: text(i, "db"),
      }),
    ],
    data: envelopeData,
    view: done(
      (i) => `Granted ${i.opts.privilege} on ${i.opts.objectType} ${i.opts.objectName} to ${i.args.roleName}`,
    ),
  }),
  leaf("revokePrivilege")({
    name: "revoke-object",
    summary: "Revoke a privilege on an object, v1 form (roles/revoke_privilege)",
    description: "The older revoke form. Asks for confirmation on a terminal; --yes otherwise.",
    args: [{ name: "roleName", description: "role" }],
    options: objectOpts,
    examples: [
      `userctl milvus role revoke-object reader --object-type Collection --object-name books --privilege Search --yes ${CONN}`,
    ],
    destructive: true,
    request: (i) => [
      body({
        roleName: arg(i, "roleName"),
        objectType: need(text(i, "objectType"), "objectType"),
        objectName: need(text(i, "objectName"), "objectName"),
        privilege: privilege(i),
        dbName: text(i, "db"),
      }),
    ],
    data: envelopeData,
    view: done(
      (i) =>
        `Revoked ${i.opts.privilege} on ${i.opts.objectType} ${i.opts.objectName} from ${i.args.roleName}`,
    ),
  }),
];

export const milvus: VendorDef = {
  name: "milvus",
  api: "milvus",
  title: "Milvus",
  summary: "Milvus / Zilliz Cloud users and roles (REST v2)",
  description:
    "Users and roles of a Milvus or Zilliz Cloud cluster through the REST v2 API (/v2/vectordb/users/*, /roles/*).\n" +
    "Authenticate with --token: a Zilliz Cloud API key, or user:password.",
  examples: [`userctl milvus user list ${CONN}`, `userctl milvus role describe admin ${CONN} -o json`],
  connection: [
    {
      key: "uri",
      flags: "--uri <url>",
      description: "cluster endpoint",
      env: "MILVUS_URI",
      profileKey: "milvus.uri",
      required: true,
    },
    {
      key: "token",
      flags: "--token <token>",
      description: "API key or user:password (prefer the env var or a profile)",
      env: "MILVUS_TOKEN",
      profileKey: "milvus.token",
      secret: true,
    },
    {
      key: "dbName",
      flags: "--db-name <name>",
      description: "database sent as DB-Name",
      env: "MILVUS_DB_NAME",
      profileKey: "milvus.db-name",
    },
    {
      key: "passwordPolicy",
      flags: "--password-policy <policy>",
      description:
        "name/password rules checked before sending: server (the server's own limits) or zilliz-cloud (the Zilliz Cloud documents' stricter rule)",
      env: "MILVUS_PASSWORD_POLICY",
      profileKey: "milvus.password-policy",
      default: "server",
    },
  ],
  async createClient(conn, transport, input) {
    const milvusModule = await import("@userctl/milvus");
    const { createMilvusClient, PASSWORD_POLICIES } = milvusModule;
    const policy = PASSWORD_POLICIES.find((p) => p === conn.passwordPolicy);
    if (!policy) {
      throw new UsageError(`password-policy: must be "server" or "zilliz-cloud"`, "passwordPolicy");
    }
    const common = {
      endpoint: conn.uri as string,
      ...(conn.dbName ? { dbName: conn.dbName } : {}),
      passwordPolicy: policy,
      fetch: transport.fetch,
      timeoutMs: transport.timeoutMs,
      userAgent: transport.userAgent,
      ...(transport.retries !== undefined ? { retries: transport.retries } : {}),
    } as const;
    // No token: no Authorization header (open-source Milvus with authentication off).
    const client = createMilvusClient(conn.token ? { ...common, token: conn.token } : common);
    return withRoleDropRule(client, milvusModule, input?.opts.revokeGrants === true);
  },
  groups: [
    {
      name: "user",
      summary: "Create, drop, describe and list users; passwords and roles",
      description: "Manage Milvus users.",
      examples: [`userctl milvus user describe alice ${CONN}`],
      children: userLeaves,
    },
    {
      name: "role",
      summary: "Create, drop, describe, list and alter roles; grant and revoke privileges",
      description: "Manage Milvus roles and their privileges.",
      examples: [`userctl milvus role list ${CONN}`],
      children: roleLeaves,
    },
  ],
};
