import { ApiError } from "@userctl/client-core";
import type { AddUserResult, DeleteUserResult, EhpcClient } from "@userctl/qingcloud-ehpc";
import { UsageError } from "../runtime/errors.js";
import { arg, body, int, need, text } from "./input.js";
import { defineLeaf, type Input, type VendorDef, type View } from "./types.js";

const CONN = "--access-key-id AK --zone jn1a --cluster-id ehpc-8jqdq0mz";

const leaf = defineLeaf<EhpcClient>();
/** `requires: ["clusterId"]` makes the runtime refuse to run without it. */
const clusterId = (i: Input) => need(i.conn.clusterId, "clusterId");

function timestamp(input: Input): Date | undefined {
  const value = input.opts.timestamp;
  if (typeof value !== "string" || value === "") return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new UsageError("timestamp: must be an ISO 8601 date-time", "timestamp");
  return date;
}

const jobMessage =
  (verb: string) =>
  (data: AddUserResult | DeleteUserResult, input: Input): View => {
    const job = data.job_id;
    return {
      kind: "message",
      text: `${verb} user ${input.args.username} in cluster ${input.conn.clusterId}${job ? ` (job ${job})` : ""}`,
    };
  };

export const ehpc: VendorDef = {
  name: "ehpc",
  api: "qingcloud-ehpc",
  title: "QingCloud EHPC",
  summary: "QingCloud EHPC cluster users (addUser, listUsers, modifyUser, deleteUser)",
  description:
    "Users of a QingCloud Elastic HPC cluster's LDAP directory. Every request is signed (HMAC-SHA256 over the\n" +
    "sorted query and the MD5 of the body) with the access key; the secret key never leaves this machine.",
  examples: [`userctl ehpc user list ${CONN}`, `userctl ehpc user delete isabel ${CONN} --yes --dry-run`],
  connection: [
    {
      key: "endpoint",
      flags: "--endpoint <url>",
      description: "EHPC API base URL, without /api",
      env: "QINGCLOUD_EHPC_ENDPOINT",
      profileKey: "ehpc.endpoint",
      default: "https://hpc-api.qingcloud.com",
    },
    {
      key: "accessKeyId",
      flags: "--access-key-id <id>",
      description: "access key id",
      env: "QINGCLOUD_ACCESS_KEY_ID",
      profileKey: "ehpc.access-key-id",
      required: true,
    },
    {
      key: "secretAccessKey",
      flags: "--secret-access-key <key>",
      description: "secret access key (prefer the env var or a profile)",
      env: "QINGCLOUD_SECRET_ACCESS_KEY",
      profileKey: "ehpc.secret-access-key",
      secret: true,
      required: true,
    },
    {
      key: "zone",
      flags: "--zone <zone>",
      description: "zone id, e.g. jn1a",
      env: "QINGCLOUD_ZONE",
      profileKey: "ehpc.zone",
      required: true,
    },
    {
      key: "clusterId",
      flags: "--cluster-id <id>",
      description: "EHPC cluster id, e.g. ehpc-8jqdq0mz",
      env: "QINGCLOUD_EHPC_CLUSTER_ID",
      profileKey: "ehpc.cluster-id",
    },
  ],
  async createClient(conn, transport, input) {
    const { createEhpcClient } = await import("@userctl/qingcloud-ehpc");
    const at = timestamp(input);
    return createEhpcClient({
      endpoint: conn.endpoint as string,
      accessKeyId: conn.accessKeyId as string,
      secretAccessKey: conn.secretAccessKey as string,
      zone: conn.zone as string,
      fetch: transport.fetch,
      timeoutMs: transport.timeoutMs,
      userAgent: transport.userAgent,
      ...(transport.retries !== undefined ? { retries: transport.retries } : {}),
      ...(at ? { now: () => at } : {}),
    });
  },
  groups: [
    {
      name: "user",
      summary: "Add, list, modify and delete cluster users",
      description:
        "Manage the LDAP users of one EHPC cluster (--cluster-id, QINGCLOUD_EHPC_CLUSTER_ID or ehpc.cluster-id).",
      examples: [`userctl ehpc user list ${CONN} -o json`],
      children: [
        leaf("addUser")({
          name: "add",
          summary: "Add a user to a cluster (addUser)",
          description:
            "Add an LDAP user to the cluster. The password comes from a hidden prompt or --password-stdin.\n" +
            "Runs as an asynchronous job; the job id is printed.",
          args: [{ name: "username", description: "new user's name" }],
          options: [
            { key: "mod", flags: "--mod <mode>", description: "home directory permission, octal, e.g. 700" },
          ],
          passwords: [{ key: "password", label: "password" }],
          examples: [
            `printf 'Ehpc2024!Pass\\n' | userctl ehpc user add isabel --password-stdin --mod 700 ${CONN}`,
          ],
          requires: ["clusterId"],
          request: (i) => [
            body({
              cluster_id: clusterId(i),
              username: arg(i, "username"),
              password: need(i.passwords.password, "password"),
              mod: text(i, "mod"),
            }),
          ],
          view: jobMessage("Adding"),
        }),
        leaf("deleteUser")({
          name: "delete",
          summary: "Delete a user from a cluster (deleteUser)",
          description:
            "Delete an LDAP user from the cluster (a cluster with only its admin account cannot delete users).\n" +
            "Asks for confirmation on a terminal; --yes otherwise. Bulk: --from-file. A user the server reports\n" +
            "as not found (ret_code 1610) counts as already deleted.",
          args: [{ name: "username", description: "user to delete" }],
          examples: [
            `userctl ehpc user delete isabel ${CONN} --yes`,
            `userctl ehpc user delete --from-file users.txt --concurrency 4 ${CONN} --yes`,
          ],
          requires: ["clusterId"],
          destructive: true,
          bulk: { arg: "username", columns: ["username", "user", "name"] },
          request: (i) => [body({ cluster_id: clusterId(i), username: arg(i, "username") })],
          alreadyDone: (e) =>
            e instanceof ApiError && e.code === 1610
              ? "already deleted (ret_code 1610: user not found)"
              : undefined,
          view: jobMessage("Deleting"),
        }),
        leaf("listUsers")({
          name: "list",
          summary: "List the users of a cluster (listUsers)",
          description: "List users, optionally only one cluster's (--cluster-id), filtered and paged.",
          options: [
            { key: "search", flags: "--search <word>", description: "fuzzy match on the user name" },
            { key: "userId", flags: "--user-id <id>", description: "only the user with this account id" },
            {
              key: "limit",
              flags: "--limit <n>",
              description: "page size (1-100, server default 10)",
              int: true,
            },
            { key: "offset", flags: "--offset <n>", description: "users to skip", int: true },
          ],
          examples: [`userctl ehpc user list ${CONN} --search isa --limit 50`],
          request: (i) => [
            body({
              // Without a cluster id: every cluster's users (an empty id would be sent as "").
              cluster_id: i.conn.clusterId || undefined,
              search_word: text(i, "search"),
              user_id: text(i, "userId"),
              limit: int(i, "limit"),
              offset: int(i, "offset"),
            }),
          ],
          view: (data) => {
            const users = data.users_set ?? [];
            return {
              kind: "table",
              head: ["username", "role", "uid", "hpcuser_id", "user_id", "created"],
              rows: users.map((u) => [
                u.username,
                u.role,
                u.uid_number,
                u.hpcuser_id,
                u.user_id,
                u.create_time,
              ]),
            };
          },
        }),
        leaf("modifyUser")({
          name: "modify",
          summary: "Change a user's password (modifyUser)",
          description:
            "Set a new password (12-30 letters, digits or !@#$%^&()*) for a cluster user. The password comes from\n" +
            "a hidden prompt or --password-stdin.",
          args: [{ name: "username", description: "user whose password changes" }],
          passwords: [{ key: "newPassword", label: "new password" }],
          examples: [
            `printf 'NewPassw0rd!2024\\n' | userctl ehpc user modify isabel --password-stdin ${CONN}`,
          ],
          requires: ["clusterId"],
          request: (i) => [
            body({
              cluster_id: clusterId(i),
              username: arg(i, "username"),
              new_password: need(i.passwords.newPassword, "newPassword"),
            }),
          ],
          view: (_data, i) => ({ kind: "message", text: `Changed the password of ${i.args.username}` }),
        }),
      ],
    },
  ],
};
