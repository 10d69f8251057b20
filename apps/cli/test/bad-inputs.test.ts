// Bad inputs: each row has the message fragment a user must see and the documented exit code
// (1 API error, 2 usage/validation, 3 auth, 4 network/timeout). None may show a stack trace.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@userctl/mock";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse as parseYaml } from "yaml";
import { conn, hasStackTrace, run, SECRETS } from "./helpers.js";

interface Row {
  name: string;
  args: () => string[];
  stdin?: string;
  env?: Record<string, string>;
  fragment: string | RegExp;
  code: number;
  /** With -o json/yaml: stdout must be the failure document in this format (otherwise stdout stays empty). */
  doc?: "json" | "yaml";
}

const prefer = (value: string) => ["--header", `Prefer: ${value}`];
const pw = `${SECRETS.password}\n`;

let hang: Server;
let hangUrl = "";
let closedUrl = "";
let dir = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "userctl-bad-"));
  // A one-column CSV whose header userctl does not know, and which is no valid user name either (a space; since
  // Milvus 2.6 `e-mail` alone would be a valid name).
  writeFileSync(join(dir, "emails.csv"), "e-mail address\nalice\nbob\n");
  // A server that accepts the connection and never answers: the client's timeout must fire.
  hang = createServer(() => {});
  await new Promise<void>((resolve) => hang.listen(0, "127.0.0.1", resolve));
  const address = hang.address();
  hangUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  // A port nobody listens on: connection refused.
  closedUrl = `http://127.0.0.1:${await freePort()}`;
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  hang.closeAllConnections();
  await new Promise((resolve) => hang.close(resolve));
});

const M = () => conn("milvus");
const E = () => conn("ehpc");
const S = () => conn("sunbird");
const UID = "5a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

const rows: Row[] = [
  // --- names and passwords, rejected before sending ---
  {
    name: "milvus user name starting with a digit",
    args: () => ["milvus", "user", "create", "1alice", "--password-stdin", ...M()],
    stdin: pw,
    fragment: "userName: must start with a letter",
    code: 2,
  },
  {
    name: "milvus user name with a dash under the zilliz-cloud policy",
    args: () => [
      "milvus",
      "user",
      "create",
      "al-ice",
      "--password-stdin",
      "--password-policy",
      "zilliz-cloud",
      ...M(),
    ],
    stdin: pw,
    fragment: "userName: must start with a letter and contain only letters, digits and underscores",
    code: 2,
  },
  {
    name: "milvus user name of 33 characters",
    args: () => ["milvus", "user", "describe", `a${"b".repeat(32)}`, ...M()],
    fragment:
      "userName: must start with a letter and contain only letters, digits, '_', '.' and '-' (at most 32",
    code: 2,
  },
  {
    name: "milvus password too short for the server",
    args: () => ["milvus", "user", "create", "alice", "--password-stdin", ...M()],
    stdin: "Ab1!\n",
    fragment: "password: must be at least 6 and at most 72 bytes in UTF-8",
    code: 2,
  },
  {
    name: "milvus password with one character class under the zilliz-cloud policy",
    args: () => [
      "milvus",
      "user",
      "create",
      "alice",
      "--password-stdin",
      "--password-policy",
      "zilliz-cloud",
      ...M(),
    ],
    stdin: "alllowercaseletters\n",
    fragment: "at least 3 of",
    code: 2,
  },
  {
    name: "milvus new password too short",
    args: () => ["milvus", "user", "update-password", "alice", "--password-stdin", ...M()],
    stdin: `${SECRETS.password}\nweak\n`,
    fragment: "newPassword: must be at least 6 and at most 72 bytes in UTF-8",
    code: 2,
  },
  {
    name: "milvus new password too weak under MILVUS_PASSWORD_POLICY=zilliz-cloud",
    args: () => ["milvus", "user", "update-password", "alice", "--password-stdin", ...M()],
    env: { MILVUS_PASSWORD_POLICY: "zilliz-cloud" },
    stdin: `${SECRETS.password}\nweakweak\n`,
    fragment: "newPassword: must be 8 to 64 characters and include at least 3 of",
    code: 2,
  },
  {
    name: "milvus cluster-level privilege group on one database",
    args: () => [
      "milvus",
      "role",
      "grant",
      "auditor",
      "--privilege",
      "ClusterReadOnly",
      "--db",
      "default",
      ...M(),
    ],
    fragment: "dbName: must be '*' for a cluster-level privilege group",
    code: 2,
  },
  {
    name: "milvus role name starting with a digit",
    args: () => ["milvus", "role", "create", "9role", ...M()],
    fragment: "roleName: must start with a letter or '_'",
    code: 2,
  },
  {
    name: "ehpc new password with a forbidden character",
    args: () => ["ehpc", "user", "modify", "isabel", "--password-stdin", ...E()],
    stdin: "Passw0rd~Passw0rd\n",
    fragment: "new_password: must match the pattern",
    code: 2,
  },
  {
    name: "ehpc list page size over 100",
    args: () => ["ehpc", "user", "list", "--limit", "500", ...E()],
    fragment: "limit: must be <= 100",
    code: 2,
  },
  {
    name: "ehpc home mode not octal",
    args: () => ["ehpc", "user", "add", "isabel", "--mod", "999", "--password-stdin", ...E()],
    stdin: `${SECRETS.ehpcPassword}\n`,
    fragment: "mod: must match the pattern",
    code: 2,
  },
  {
    name: "sunbird create without email or phone",
    args: () => ["sunbird", "user", "create", "--first-name", "Jane", ...S()],
    fragment: "request.phone: is required",
    code: 2,
  },
  {
    name: "sunbird search filter without =",
    args: () => ["sunbird", "user", "search", "--filter", "userName", ...S()],
    fragment: "filter: must be key=value",
    code: 2,
  },
  // --- passwords: argv refused, prompts impossible off a TTY ---
  {
    name: "password on the command line",
    args: () => ["milvus", "user", "create", "alice", "--password", SECRETS.password, ...M()],
    fragment: "refusing a password on the command line",
    code: 2,
  },
  {
    name: "password needed but no TTY and no --password-stdin",
    args: () => ["milvus", "user", "create", "alice", ...M()],
    fragment: "password: required; not a terminal",
    code: 2,
  },
  {
    name: "update-password with only one line on stdin",
    args: () => ["milvus", "user", "update-password", "alice", "--password-stdin", ...M()],
    stdin: pw,
    fragment: "new password: missing on stdin",
    code: 2,
  },
  // --- missing or malformed flags and arguments ---
  {
    name: "missing positional argument",
    args: () => ["milvus", "user", "grant-role", "alice", ...M()],
    fragment: "missing required argument 'roleName'",
    code: 2,
  },
  {
    name: "missing required option",
    args: () => ["milvus", "role", "alter", "reader", ...M()],
    fragment: "required option '--description <text>' not specified",
    code: 2,
  },
  {
    name: "missing endpoint",
    args: () => ["milvus", "user", "list"],
    fragment: "--uri: required; pass the flag, set MILVUS_URI",
    code: 2,
  },
  {
    name: "ehpc without cluster id",
    args: () => ["ehpc", "user", "delete", "isabel", "--yes", ...E().slice(0, -2)],
    fragment: "--cluster-id: required",
    code: 2,
  },
  {
    name: "ehpc without secret key",
    args: () => [
      "ehpc",
      "user",
      "list",
      "--endpoint",
      "http://127.0.0.1:9",
      "--access-key-id",
      "AK",
      "--zone",
      "z",
    ],
    fragment: "--secret-access-key: required",
    code: 2,
  },
  {
    name: "sunbird read without user token",
    args: () => ["sunbird", "user", "read", UID, ...S().slice(0, 4)],
    fragment: "userToken: is required",
    code: 2,
  },
  {
    name: "unknown command",
    args: () => ["milvus", "user", "remove", "alice"],
    fragment: "unknown command 'remove'",
    code: 2,
  },
  {
    name: "unknown option",
    args: () => ["milvus", "user", "list", "--bogus", ...M()],
    fragment: "unknown option '--bogus'",
    code: 2,
  },
  {
    name: "unknown output format",
    args: () => ["milvus", "user", "list", "-o", "xml", ...M()],
    fragment: "Allowed choices are table, json, yaml",
    code: 2,
  },
  {
    name: "malformed timeout",
    args: () => ["milvus", "user", "list", "--timeout", "soon", ...M()],
    fragment: "must be a duration",
    code: 2,
  },
  {
    name: "timeout above the timer limit",
    args: () => ["milvus", "user", "list", "--timeout", "40000m", ...M()],
    fragment: "'40000m' is invalid. must be at most 2147483647 ms",
    code: 2,
  },
  {
    name: "USERCTL_TIMEOUT above the timer limit",
    args: () => ["milvus", "user", "list", ...M()],
    env: { USERCTL_TIMEOUT: "5000000s" },
    fragment: "'5000000s' from env 'USERCTL_TIMEOUT' is invalid. must be at most 2147483647 ms",
    code: 2,
  },
  {
    name: "malformed extra header",
    args: () => ["milvus", "user", "list", "--header", "no-colon", ...M()],
    fragment: 'header: must be "Name: value"',
    code: 2,
  },
  {
    name: "bad password policy",
    args: () => ["milvus", "user", "list", "--password-policy", "cloud", ...M()],
    fragment: 'password-policy: must be "server" or "zilliz-cloud"',
    code: 2,
  },
  {
    name: "concurrency out of range",
    args: () => ["milvus", "user", "drop", "--from-file", "x.txt", "--concurrency", "0", "--yes", ...M()],
    fragment: "must be an integer from 1 to 64",
    code: 2,
  },
  {
    name: "drop with neither a name nor --from-file",
    args: () => ["milvus", "user", "drop", "--yes", ...M()],
    fragment: "userName: required (or --from-file",
    code: 2,
  },
  {
    name: "--from-file that does not exist",
    args: () => ["milvus", "user", "drop", "--from-file", "/nonexistent/users.txt", "--yes", ...M()],
    fragment: "from-file: cannot read /nonexistent/users.txt (ENOENT)",
    code: 2,
  },
  // --- profiles and config ---
  {
    name: "unknown profile",
    args: () => ["milvus", "user", "list", "--profile", "staging", ...M()],
    fragment: 'profile: unknown profile "staging"',
    code: 2,
  },
  {
    name: "unknown profile from USERCTL_PROFILE",
    args: () => ["ehpc", "user", "list", ...E()],
    env: { USERCTL_PROFILE: "nope" },
    fragment: 'unknown profile "nope"',
    code: 2,
  },
  {
    name: "config use unknown profile",
    args: () => ["config", "use", "prod"],
    fragment: 'unknown profile "prod"',
    code: 2,
  },
  {
    name: "config set unknown key",
    args: () => ["config", "set", "milvus.url", "x"],
    fragment: 'unknown key "milvus.url"',
    code: 2,
  },
  {
    name: "config set secret on the command line",
    args: () => ["config", "set", "milvus.token", SECRETS.milvusToken],
    fragment: "refusing a secret on the command line",
    code: 2,
  },
  {
    name: "completion for an unknown shell",
    args: () => ["completion", "powershell"],
    fragment: "value 'powershell' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish",
    code: 2,
  },
  // --- parser errors with -o json/yaml: the failure document on stdout too ---
  {
    name: "unknown option, -o json",
    args: () => ["milvus", "user", "list", "--bogus", "-o", "json", ...M()],
    fragment: "unknown option '--bogus'",
    code: 2,
    doc: "json",
  },
  {
    name: "missing argument, USERCTL_OUTPUT=yaml",
    args: () => ["milvus", "user", "describe", ...M()],
    env: { USERCTL_OUTPUT: "yaml" },
    fragment: "missing required argument 'userName'",
    code: 2,
    doc: "yaml",
  },
  {
    name: "bad choice, --output=json",
    args: () => ["completion", "tcsh", "--output=json"],
    fragment: "Allowed choices are bash, zsh, fish",
    code: 2,
    doc: "json",
  },
  // --- bulk files ---
  {
    name: "from-file whose first line is neither a column nor a valid name",
    args: () => ["milvus", "user", "drop", "-f", join(dir, "emails.csv"), "--yes", ...M()],
    fragment:
      /--from-file: the first line of .*emails\.csv, "e-mail address", is neither a known column \(userName, user, name, username\) nor a valid userName \(must start with a letter/,
    code: 2,
  },
  // --- destructive verbs off a TTY ---
  {
    name: "milvus drop without --yes",
    args: () => ["milvus", "user", "drop", "alice", ...M()],
    fragment: "refusing to drop without confirmation: not a terminal, so pass --yes",
    code: 2,
  },
  {
    name: "ehpc delete without --yes",
    args: () => ["ehpc", "user", "delete", "isabel", ...E()],
    fragment: "refusing to delete without confirmation",
    code: 2,
  },
  {
    name: "sunbird block without --yes",
    args: () => ["sunbird", "user", "block", UID, ...S()],
    fragment: "refusing to block without confirmation",
    code: 2,
  },
  {
    name: "milvus revoke-role without --yes",
    args: () => ["milvus", "user", "revoke-role", "alice", "reader", ...M()],
    fragment: "refusing to revoke-role without confirmation",
    code: 2,
  },
  // --- network ---
  {
    name: "unreachable endpoint (closed port)",
    args: () => ["milvus", "user", "list", "--uri", closedUrl],
    fragment: /network error: listUsers: cannot reach .*ECONNREFUSED/,
    code: 4,
  },
  {
    name: "server that never answers",
    args: () => [
      "sunbird",
      "user",
      "search",
      "--filter",
      "a=b",
      "--timeout",
      "400ms",
      "--base-url",
      hangUrl,
      "--api-key",
      "k12345",
      "--user-token",
      "t12345",
    ],
    fragment: "timeout: searchUsers: no response within 400 ms",
    code: 4,
  },
  // --- vendor errors chosen with Prism's Prefer header ---
  {
    name: "milvus user already exists (1100)",
    args: () => [
      "milvus",
      "user",
      "create",
      "alice",
      "--password-stdin",
      ...M(),
      ...prefer("code=200, example=userAlreadyExists"),
    ],
    stdin: pw,
    fragment: "milvus createUser failed: 1100: user already exists",
    code: 1,
  },
  {
    name: "milvus root cannot be dropped (1401)",
    args: () => [
      "milvus",
      "user",
      "drop",
      "root",
      "--yes",
      ...M(),
      ...prefer("code=200, example=privilegeNotPermitted"),
    ],
    fragment: "1401: root user cannot be deleted",
    code: 1,
  },
  {
    name: "milvus not authenticated (HTTP 401)",
    args: () => ["milvus", "user", "list", ...M(), ...prefer("code=401")],
    fragment: "authentication/permission error 1800",
    code: 3,
  },
  {
    name: "ehpc signature rejected (1200)",
    args: () => ["ehpc", "user", "list", ...E(), ...prefer("code=200, example=authFailed")],
    fragment: "1200: AuthFailure, signature not matched",
    code: 3,
  },
  {
    name: "ehpc delete failed (5000)",
    args: () => [
      "ehpc",
      "user",
      "delete",
      "isabel",
      "--yes",
      ...E(),
      ...prefer("code=200, example=deleteUserFailed"),
    ],
    fragment: "5000: delete cluster user failed",
    code: 1,
  },
  {
    name: "sunbird user not found (UOS_USRDLT0013)",
    args: () => [
      "sunbird",
      "user",
      "delete",
      UID,
      "--yes",
      ...S(),
      ...prefer("code=404, example=userNotFound"),
    ],
    fragment: "UOS_USRDLT0013",
    code: 1,
  },
  {
    name: "sunbird delete restricted by role (UOS_USRDLT0083)",
    args: () => [
      "sunbird",
      "user",
      "delete",
      UID,
      "--yes",
      ...S(),
      ...prefer("code=400, example=restrictedByRole"),
    ],
    fragment: "UOS_USRDLT0083: User is restricted from deleting account based on roles!",
    code: 1,
  },
  {
    name: "sunbird failed deletion step is not 'already deleted'",
    args: () => [
      "sunbird",
      "user",
      "delete",
      UID,
      "--yes",
      ...S(),
      ...prefer("code=400, example=deletionFailed"),
    ],
    fragment: "UOS_USRDLT0008: User is already delete.",
    code: 1,
  },
  {
    name: "sunbird user token rejected (UOS_0070)",
    args: () => ["sunbird", "user", "read", UID, ...S(), ...prefer("code=401, example=unauthorized")],
    fragment: "UOS_0070: You are not authorized.",
    code: 3,
  },
  {
    name: "sunbird gateway plain-text 403",
    args: () => ["sunbird", "user", "delete", UID, "--yes", ...S(), ...prefer("code=403")],
    fragment: "You do not have permission to perform this operation",
    code: 3,
  },
  {
    name: "sunbird server error (UOS_0069)",
    args: () => [
      "sunbird",
      "user",
      "block",
      UID,
      "--yes",
      ...S(),
      ...prefer("code=500, example=serverError"),
    ],
    fragment: "UOS_0069: server error",
    code: 1,
  },
];

describe("bad inputs", () => {
  test("the table has at least 30 rows", () => {
    expect(rows.length).toBeGreaterThanOrEqual(30);
  });

  test.concurrent.for(rows.map((r) => [r.name, r] as const))("%s", async ([, row]) => {
    const r = await run(row.args(), { stdin: row.stdin ?? "", env: row.env ?? {} });
    expect(r.code, r.stderr).toBe(row.code);
    if (typeof row.fragment === "string") expect(r.stderr).toContain(row.fragment);
    else expect(r.stderr).toMatch(row.fragment);
    // One line, prefixed, no stack trace; nothing on stdout in table mode.
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^userctl: /);
    expect(hasStackTrace(r.stderr + r.stdout)).toBe(false);
    if (!row.doc) {
      expect(r.stdout).toBe("");
      return;
    }
    const doc = row.doc === "json" ? JSON.parse(r.stdout) : parseYaml(r.stdout);
    expect(doc).toEqual({ ok: false, error: { kind: "usage", exitCode: 2, message: expect.any(String) } });
    // The document says what the stderr line says.
    expect(r.stderr).toContain(doc.error.message);
  });

  test("with -o json the error is also a document on stdout", async () => {
    const r = await run(["milvus", "user", "create", "1alice", "--password-stdin", "-o", "json", ...M()], {
      stdin: pw,
    });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      error: expect.objectContaining({
        kind: "validation",
        exitCode: 2,
        field: "userName",
        rule: expect.any(String),
      }),
    });
  });
});
