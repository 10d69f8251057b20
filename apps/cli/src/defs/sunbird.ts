import { ApiError } from "@userctl/client-core";
import type { SunbirdClient, User } from "@userctl/sunbird-user";
import { UsageError } from "../runtime/errors.js";
import { arg, body, int, need, text, withMeaning } from "./input.js";
import { defineLeaf, type Input, type VendorDef, type View } from "./types.js";

const CONN = "--base-url https://staging.open-sunbird.org";
const UID = "5f2d0a6e-1c1b-4c58-8e3b-0d3b1c8f9a21";

/** Set by createClient; `alreadyDone` runs only after a client exists, so the lazy import has happened. */
let isAlreadyDeleted: ((error: unknown) => boolean) | undefined;
let isAlreadyInactive: ((error: unknown) => boolean) | undefined;
/** Unblock refusals (UOS_USRUNBLOK0008) after which a read showed the user active: done, not failed. */
const confirmedActive = new WeakSet<object>();

/**
 * unblock and the 7.0.0 guard (spec: unblockUser): UOS_USRUNBLOK0008 "User is already active." is also what a 7.0.0
 * server answers for a user it blocked itself, so the refusal alone does not say the user is active. Read the user:
 * status 1 means already active (a re-run's success); status 0 means still blocked, reported with that reason.
 */
function withUnblockCheck(
  client: SunbirdClient,
  isUnblockRefused: (error: unknown) => boolean,
): SunbirdClient {
  const unblockUser: SunbirdClient["unblockUser"] = async (body, options) => {
    try {
      return await client.unblockUser(body, options);
    } catch (error) {
      if (!(isUnblockRefused(error) && error instanceof ApiError)) throw error;
      const user = await client.readUser({ userId: body.request.userId }, options).then(
        (r) => r.response,
        () => undefined,
      );
      if (user?.status === 1) {
        confirmedActive.add(error);
        throw error;
      }
      if (user?.status !== 0) throw error;
      throw withMeaning(
        error,
        "the user is still blocked (status 0): a Sunbird 7.0.0 server cannot unblock a user it blocked, because its guard tests isDeleted, which its block no longer sets",
      );
    }
  };
  return { ...client, unblockUser };
}

const leaf = defineLeaf<SunbirdClient>();

const status =
  (verb: string) =>
  (_d: unknown, i: Input): View => ({
    kind: "message",
    text: `${verb} user ${i.args.userId}`,
  });

function parseFilters(values: unknown): Record<string, unknown> {
  const filters: Record<string, unknown> = {};
  for (const f of (values as string[] | undefined) ?? []) {
    const eq = f.indexOf("=");
    if (eq <= 0) throw new UsageError(`filter: must be key=value, got "${f}"`, "filter");
    const key = f.slice(0, eq);
    const value = f.slice(eq + 1);
    // Repeating a key builds a list ("any of"), as Sunbird's search accepts.
    const prev = filters[key];
    filters[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return filters;
}

function userRow(u: Partial<User>) {
  return [
    u.id,
    u.userName,
    [u.firstName, u.lastName].filter(Boolean).join(" "),
    u.status,
    u.isDeleted,
    u.maskedEmail,
  ];
}
const USER_HEAD = ["id", "userName", "name", "status", "isDeleted", "email"];

export const sunbird: VendorDef = {
  name: "sunbird",
  api: "sunbird-user",
  title: "Sunbird",
  summary: "Sunbird Lern UserOrg users (create, read, delete, block, unblock, search)",
  description:
    "Users of a Sunbird Lern deployment through its API gateway. --api-key is the gateway's consumer token\n" +
    "(Authorization: Bearer); --user-token the caller's Keycloak access token (X-Authenticated-User-token),\n" +
    "needed by every operation but create.",
  examples: [`userctl sunbird user read ${UID} ${CONN}`, `userctl sunbird user delete ${UID} --yes ${CONN}`],
  connection: [
    {
      key: "baseUrl",
      flags: "--base-url <url>",
      description: "gateway base URL (paths start with /api/user/…)",
      env: "SUNBIRD_BASE_URL",
      profileKey: "sunbird.base-url",
      required: true,
    },
    {
      key: "apiKey",
      flags: "--api-key <token>",
      description: "gateway consumer token (prefer the env var or a profile)",
      env: "SUNBIRD_API_KEY",
      profileKey: "sunbird.api-key",
      secret: true,
      required: true,
    },
    {
      key: "userToken",
      flags: "--user-token <token>",
      description: "caller's Keycloak access token (prefer the env var or a profile)",
      env: "SUNBIRD_USER_TOKEN",
      profileKey: "sunbird.user-token",
      secret: true,
    },
    {
      key: "channelId",
      flags: "--channel-id <id>",
      description: "x-channel-id (root organisation channel)",
      env: "SUNBIRD_CHANNEL_ID",
      profileKey: "sunbird.channel-id",
    },
  ],
  async createClient(conn, transport) {
    const mod = await import("@userctl/sunbird-user");
    isAlreadyDeleted = mod.isAlreadyDeleted;
    isAlreadyInactive = mod.isAlreadyInactive;
    const client = mod.createSunbirdClient({
      baseUrl: conn.baseUrl as string,
      apiKey: conn.apiKey as string,
      ...(conn.userToken ? { userToken: conn.userToken } : {}),
      ...(conn.channelId ? { channelId: conn.channelId } : {}),
      fetch: transport.fetch,
      timeoutMs: transport.timeoutMs,
      userAgent: transport.userAgent,
      ...(transport.retries !== undefined ? { retries: transport.retries } : {}),
    });
    return withUnblockCheck(client, mod.isUnblockRefused);
  },
  groups: [
    {
      name: "user",
      summary: "Create, read, delete, block, unblock and search users",
      description: "Manage Sunbird users.",
      examples: [`userctl sunbird user search --filter userName=jdoe ${CONN} -o json`],
      children: [
        leaf("createUser")({
          name: "create",
          summary: "Create a user (v1/create)",
          description:
            "Create a user: --first-name and one of --email / --phone are required. A password is optional: on a\n" +
            "terminal you are asked (leave empty to skip), or pass it with --password-stdin.",
          options: [
            { key: "firstName", flags: "--first-name <name>", description: "first name", required: true },
            { key: "lastName", flags: "--last-name <name>", description: "last name" },
            { key: "userName", flags: "--user-name <name>", description: "login name" },
            { key: "email", flags: "--email <address>", description: "email (this or --phone)" },
            { key: "phone", flags: "--phone <number>", description: "phone (this or --email)" },
            { key: "channel", flags: "--channel <channel>", description: "root organisation channel" },
          ],
          passwords: [{ key: "password", label: "password", optional: true }],
          examples: [
            `userctl sunbird user create --first-name Jane --email jane@example.org --user-name jdoe ${CONN}`,
          ],
          request: (i) => [
            body({
              request: body({
                firstName: need(text(i, "firstName"), "firstName"),
                lastName: text(i, "lastName"),
                userName: text(i, "userName"),
                email: text(i, "email"),
                phone: text(i, "phone"),
                channel: text(i, "channel"),
                password: i.passwords.password,
              }),
            }),
          ],
          view: (d) => ({ kind: "fields", fields: [["userId", d.userId]] }),
        }),
        leaf("readUser")({
          name: "read",
          summary: "Read a user's profile (v5/read)",
          description: "Show a user's profile.",
          args: [{ name: "userId", description: "user id" }],
          examples: [`userctl sunbird user read ${UID} ${CONN} -o json`],
          request: (i) => [body({ userId: arg(i, "userId") })],
          data: (r) => r.response ?? null,
          view: (d) => {
            const u = d ?? {};
            return {
              kind: "fields",
              fields: USER_HEAD.map((h, n) => [h, userRow(u)[n]] as [string, unknown]),
            };
          },
        }),
        leaf("deleteUser")({
          name: "delete",
          summary: "Delete a user (v1/delete)",
          description:
            "Delete a user (status DELETED, personal data removed). Asks for confirmation on a terminal; --yes\n" +
            'otherwise. Bulk: --from-file. "User is already deleted." (UOS_USRDLT0008) counts as done, so re-runs\n' +
            "are safe.",
          args: [{ name: "userId", description: "user id" }],
          examples: [
            `userctl sunbird user delete ${UID} --yes ${CONN}`,
            `userctl sunbird user delete --from-file ids.csv --yes --concurrency 8 ${CONN}`,
          ],
          destructive: true,
          bulk: { arg: "userId", columns: ["userId", "id", "user_id"] },
          request: (i) => [body({ request: body({ userId: arg(i, "userId") }) })],
          alreadyDone: (e) =>
            isAlreadyDeleted?.(e) ? "already deleted (UOS_USRDLT0008: User is already deleted.)" : undefined,
          view: status("Deleted"),
        }),
        leaf("blockUser")({
          name: "block",
          summary: "Block a user (v1/block)",
          description:
            "Block (deactivate) a user. Asks for confirmation on a terminal; --yes otherwise. Bulk: --from-file.\n" +
            "Re-runs are safe: a Sunbird 7.0 server answers success for a user it already blocked, and\n" +
            "UOS_USRBLOK0008 (the user is deleted, or was blocked before 7.0) counts as done: the user is inactive.",
          args: [{ name: "userId", description: "user id" }],
          examples: [
            `userctl sunbird user block ${UID} --yes ${CONN}`,
            `userctl sunbird user block --from-file ids.csv --yes ${CONN}`,
          ],
          destructive: true,
          bulk: { arg: "userId", columns: ["userId", "id", "user_id"] },
          request: (i) => [body({ request: body({ userId: arg(i, "userId") }) })],
          alreadyDone: (e) =>
            isAlreadyInactive?.(e)
              ? "already inactive (UOS_USRBLOK0008: deleted, or blocked before Sunbird 7.0)"
              : undefined,
          view: status("Blocked"),
        }),
        leaf("unblockUser")({
          name: "unblock",
          summary: "Unblock a user (v1/unblock)",
          description:
            "Unblock (reactivate) a user. Bulk: --from-file. When the server refuses with UOS_USRUNBLOK0008\n" +
            '("User is already active."), userctl reads the user: if it is active the item counts as done; if it\n' +
            "is still blocked (a user blocked by a Sunbird 7.0.0 server, which that server cannot unblock) it\n" +
            "fails with that reason.",
          args: [{ name: "userId", description: "user id" }],
          examples: [
            `userctl sunbird user unblock ${UID} ${CONN}`,
            `userctl sunbird user unblock --from-file ids.csv ${CONN}`,
          ],
          bulk: { arg: "userId", columns: ["userId", "id", "user_id"] },
          request: (i) => [body({ request: body({ userId: arg(i, "userId") }) })],
          alreadyDone: (e) =>
            e instanceof Object && confirmedActive.has(e)
              ? "already active (UOS_USRUNBLOK0008, and a read shows status 1)"
              : undefined,
          view: status("Unblocked"),
        }),
        leaf("searchUsers")({
          name: "search",
          summary: "Search users (v1/search)",
          description: "Search users by filters (key=value, repeat a key for any-of), with paging.",
          options: [
            {
              key: "filter",
              flags: "--filter <key=value>",
              description: "filter, e.g. userName=jdoe (repeatable)",
              repeatable: true,
            },
            { key: "fields", flags: "--fields <list>", description: "comma-separated fields to return" },
            { key: "limit", flags: "--limit <n>", description: "page size", int: true },
            { key: "offset", flags: "--offset <n>", description: "results to skip", int: true },
          ],
          examples: [`userctl sunbird user search --filter email=jane@example.org --limit 10 ${CONN}`],
          request: (i) => [
            body({
              request: body({
                filters: parseFilters(i.opts.filter),
                fields: text(i, "fields")
                  ?.split(",")
                  .map((f) => f.trim()),
                limit: int(i, "limit"),
                offset: int(i, "offset"),
              }),
            }),
          ],
          data: (r) => r.response ?? null,
          view: (d) => ({ kind: "table", head: USER_HEAD, rows: (d?.content ?? []).map(userRow) }),
        }),
      ],
    },
  ],
};
