import { UsageError } from "../runtime/errors.js";
import type { Input, VendorDef, View } from "./types.js";

const CONN = "--base-url https://staging.open-sunbird.org";
const UID = "5f2d0a6e-1c1b-4c58-8e3b-0d3b1c8f9a21";

/** Set by createClient; `alreadyDone` runs only after a client exists, so the lazy import has happened. */
let isAlreadyDeleted: ((error: unknown) => boolean) | undefined;

interface SunbirdUser {
  id?: string;
  userName?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  status?: number;
  isDeleted?: boolean | null;
  maskedEmail?: string | null;
  rootOrgId?: string | null;
}

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

function userRow(u: SunbirdUser) {
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
    return mod.createSunbirdClient({
      baseUrl: conn.baseUrl as string,
      apiKey: conn.apiKey as string,
      ...(conn.userToken ? { userToken: conn.userToken } : {}),
      ...(conn.channelId ? { channelId: conn.channelId } : {}),
      fetch: transport.fetch,
      timeoutMs: transport.timeoutMs,
      userAgent: transport.userAgent,
      ...(transport.retries !== undefined ? { retries: transport.retries } : {}),
    });
  },
  groups: [
    {
      name: "user",
      summary: "Create, read, delete, block, unblock and search users",
      description: "Manage Sunbird users.",
      examples: [`userctl sunbird user search --filter userName=jdoe ${CONN} -o json`],
      children: [
        {
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
          operationId: "createUser",
          request: (i) => {
            const user: Record<string, unknown> = {};
            for (const k of ["firstName", "lastName", "userName", "email", "phone", "channel"]) {
              if (i.opts[k] !== undefined) user[k] = i.opts[k];
            }
            if (i.passwords.password !== undefined) user.password = i.passwords.password;
            return [{ request: user }];
          },
          view: (d) => ({ kind: "fields", fields: [["userId", (d as { userId?: string }).userId]] }),
        },
        {
          name: "read",
          summary: "Read a user's profile (v5/read)",
          description: "Show a user's profile.",
          args: [{ name: "userId", description: "user id" }],
          examples: [`userctl sunbird user read ${UID} ${CONN} -o json`],
          operationId: "readUser",
          request: (i) => [{ userId: i.args.userId }],
          data: (r) => (r as { response?: unknown }).response ?? null,
          view: (d) => {
            const u = (d ?? {}) as SunbirdUser;
            return {
              kind: "fields",
              fields: USER_HEAD.map((h, n) => [h, userRow(u)[n]] as [string, unknown]),
            };
          },
        },
        {
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
          operationId: "deleteUser",
          destructive: true,
          bulk: { arg: "userId", columns: ["userId", "id", "user_id"] },
          request: (i) => [{ request: { userId: i.args.userId } }],
          alreadyDone: (e) =>
            isAlreadyDeleted?.(e) ? "already deleted (UOS_USRDLT0008: User is already deleted.)" : undefined,
          view: status("Deleted"),
        },
        {
          name: "block",
          summary: "Block a user (v1/block)",
          description: "Block (deactivate) a user. Asks for confirmation on a terminal; --yes otherwise.",
          args: [{ name: "userId", description: "user id" }],
          examples: [`userctl sunbird user block ${UID} --yes ${CONN}`],
          operationId: "blockUser",
          destructive: true,
          request: (i) => [{ request: { userId: i.args.userId } }],
          view: status("Blocked"),
        },
        {
          name: "unblock",
          summary: "Unblock a user (v1/unblock)",
          description: "Unblock (reactivate) a user.",
          args: [{ name: "userId", description: "user id" }],
          examples: [`userctl sunbird user unblock ${UID} ${CONN}`],
          operationId: "unblockUser",
          request: (i) => [{ request: { userId: i.args.userId } }],
          view: status("Unblocked"),
        },
        {
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
          operationId: "searchUsers",
          request: (i) => [
            {
              request: {
                filters: parseFilters(i.opts.filter),
                ...(typeof i.opts.fields === "string"
                  ? { fields: i.opts.fields.split(",").map((f) => f.trim()) }
                  : {}),
                ...(i.opts.limit !== undefined ? { limit: i.opts.limit } : {}),
                ...(i.opts.offset !== undefined ? { offset: i.opts.offset } : {}),
              },
            },
          ],
          data: (r) => (r as { response?: unknown }).response ?? null,
          view: (d) => {
            const page = (d ?? { content: [] }) as { count?: number; content?: SunbirdUser[] };
            return { kind: "table", head: USER_HEAD, rows: (page.content ?? []).map(userRow) };
          },
        },
      ],
    },
  ],
};
