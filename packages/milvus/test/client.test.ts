// Client behaviour that needs no mock: validation before sending, options, timeouts, retries, redaction.
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createMilvusClient,
  isAuthError,
  MILVUS_ERROR_CODES,
  MilvusError,
  type MilvusOperationId,
  meaningOf,
  NetworkError,
  requestTimeoutSeconds,
  TimeoutError,
  ValidationError,
} from "../src/index.js";

const PASSWORD = "Pl@in-Secret-42";
const TOKEN = "admin:Tok3n-Secret";

/** A fetch spy that answers success without any network, so we can assert whether anything was sent. */
function spyFetch(body: unknown = { code: 0, data: {} }, status = 200) {
  return vi.fn(
    async (_input: string | URL | Request) =>
      new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }),
  );
}

// biome-ignore lint/suspicious/noExplicitAny: the tables call methods with deliberately wrong bodies.
const method = (c: unknown, op: string) => (c as any)[op] as (body?: unknown, o?: object) => Promise<unknown>;

describe("bad input is rejected before any request is sent", () => {
  const cases: Array<[string, MilvusOperationId, unknown, string, string]> = [
    ["short password", "createUser", { userName: "bob", password: "abcde" }, "password", "at least 6"],
    [
      "long password",
      "createUser",
      { userName: "bob", password: "a".repeat(73) },
      "password",
      "at most 72 bytes",
    ],
    ["missing password", "createUser", { userName: "bob" }, "password", "is required"],
    [
      "name starts with digit",
      "createUser",
      { userName: "1bob", password: PASSWORD },
      "userName",
      "start with a letter",
    ],
    ["name starts with _", "dropUser", { userName: "_bob" }, "userName", "start with a letter"],
    ["name starts with '.'", "dropUser", { userName: ".bob" }, "userName", "start with a letter"],
    ["name with space", "describeUser", { userName: "bo b" }, "userName", "start with a letter"],
    ["name too long", "dropUser", { userName: `a${"b".repeat(32)}` }, "userName", "at most 32"],
    ["empty name", "dropUser", { userName: "" }, "userName", "start with a letter"],
    ["missing name", "dropUser", {}, "userName", "is required"],
    ["name not a string", "dropUser", { userName: 7 }, "userName", "must be of type string"],
    ["unknown field", "dropUser", { userName: "bob", force: true }, "force", "is not a known field"],
    ["no body", "dropUser", undefined, "(body)", "is required"],
    [
      "short new password",
      "updatePassword",
      { userName: "bob", password: "x", newPassword: "aaaaa" },
      "newPassword",
      "at least 6",
    ],
    [
      "empty current password",
      "updatePassword",
      { userName: "bob", password: "", newPassword: PASSWORD },
      "password",
      "must not be empty",
    ],
    ["role with '-'", "createRole", { roleName: "read-only" }, "roleName", "start with a letter or '_'"],
    ["role too long", "dropRole", { roleName: "r".repeat(256) }, "roleName", "at most 255"],
    [
      "description too long",
      "alterRole",
      { roleName: "r", description: "d".repeat(1025) },
      "description",
      "at most 1024",
    ],
    [
      "description over 1024 bytes",
      "alterRole",
      { roleName: "r", description: "é".repeat(513) },
      "description",
      "at most 1024 bytes",
    ],
    [
      "cluster-level group on one database",
      "grantPrivilegeV2",
      { roleName: "r", privilege: "ClusterReadOnly", collectionName: "*", dbName: "default" },
      "dbName",
      "must be '*' for a cluster-level privilege group",
    ],
    [
      "cluster-level group without dbName",
      "revokePrivilegeV2",
      { roleName: "r", privilege: "ClusterAdmin", collectionName: "*" },
      "dbName",
      "is required",
    ],
    [
      "database-level group on one collection",
      "grantPrivilegeV2",
      { roleName: "r", privilege: "DatabaseReadOnly", collectionName: "books", dbName: "default" },
      "collectionName",
      "must be '*' for a database-level privilege group",
    ],
    [
      "empty privilege",
      "grantPrivilege",
      { roleName: "r", objectType: "Global", objectName: "*", privilege: "" },
      "privilege",
      "must not be empty",
    ],
    [
      "missing objectName",
      "revokePrivilege",
      { roleName: "r", objectType: "Global", privilege: "*" },
      "objectName",
      "is required",
    ],
    [
      "empty collectionName",
      "grantPrivilegeV2",
      { roleName: "r", privilege: "Search", collectionName: "" },
      "collectionName",
      "must not be empty",
    ],
    ["list body with unknown field", "listUsers", { limit: 5 }, "limit", "is not a known field"],
  ];
  it.each(cases)("%s", async (_label, op, body, field, rule) => {
    const fetch = spyFetch();
    const client = createMilvusClient({ endpoint: "http://127.0.0.1:1", token: TOKEN, fetch });
    const error = await method(client, op)(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect((error as ValidationError).message).toContain(rule);
    expect((error as ValidationError).message.split("\n")).toHaveLength(1);
    expect((error as ValidationError).message).not.toContain(PASSWORD);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("the password value itself never appears in a validation error", async () => {
    const fetch = spyFetch();
    const client = createMilvusClient({ endpoint: "http://127.0.0.1:1", token: TOKEN, fetch });
    const error = await client.createUser({ userName: "bob", password: "secr3" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(String(error)).not.toContain("secr3");
  });
});

describe('the default policy ("server") is the open-source server\'s rule, which the schemas state', () => {
  const SERVER_PASSWORD_RULE = "must be at least 6 and at most 72 bytes in UTF-8";
  const cases: Array<[string, unknown, string | null]> = [
    // Milvus's own REST e2e test creates this 7-digit password and gets code 0 (audit M1).
    ["7 digits (the server's e2e password)", { userName: "bob", password: "1234578" }, null],
    ["6 lowercase characters", { userName: "bob", password: "abcdef" }, null],
    ["72 characters", { userName: "bob", password: "a".repeat(72) }, null],
    ["a name with '.' and '-' (2.6+, audit M5)", { userName: "bob.smith-2", password: "abcdef" }, null],
    ["36 × 'é' (72 bytes)", { userName: "bob", password: "é".repeat(36) }, null],
    // The minimum is bytes too: 3 CJK characters are 9 bytes (accepted), 2 × 'é' are 4 (refused).
    ["3 CJK characters (9 bytes)", { userName: "bob", password: "密码密" }, null],
    ["2 CJK characters (6 bytes)", { userName: "bob", password: "密码" }, null],
    ["5 characters", { userName: "bob", password: "abcde" }, `password: ${SERVER_PASSWORD_RULE}`],
    ["2 × 'é' (4 bytes)", { userName: "bob", password: "éé" }, `password: ${SERVER_PASSWORD_RULE}`],
    ["1 CJK character (3 bytes)", { userName: "bob", password: "密" }, `password: ${SERVER_PASSWORD_RULE}`],
    ["73 characters", { userName: "bob", password: "a".repeat(73) }, `password: ${SERVER_PASSWORD_RULE}`],
    // The server counts bytes (Go len): 72 characters of 2 bytes each are 144 bytes, too long for bcrypt.
    [
      "72 × 'é' (144 bytes)",
      { userName: "bob", password: "é".repeat(72) },
      `password: ${SERVER_PASSWORD_RULE}`,
    ],
    [
      "37 × 'é' (74 bytes)",
      { userName: "bob", password: "é".repeat(37) },
      `password: ${SERVER_PASSWORD_RULE}`,
    ],
    [
      "a name starting with '.'",
      { userName: ".bob", password: "abcdef" },
      "userName: must start with a letter",
    ],
  ];
  it.each(cases)("%s", async (_label, body, expected) => {
    const fetch = spyFetch();
    const client = createMilvusClient({ endpoint: "http://127.0.0.1:1", token: TOKEN, fetch });
    const result = client.createUser(body as never);
    if (expected === null) {
      await expect(result).resolves.toEqual({ code: 0, data: {} });
      expect(fetch).toHaveBeenCalledTimes(1);
    } else {
      await expect(result).rejects.toThrow(expected);
      expect(fetch).not.toHaveBeenCalled();
    }
  });

  it('passwordPolicy "server" given explicitly is the same rule', async () => {
    const fetch = spyFetch();
    const client = createMilvusClient({ endpoint: "http://127.0.0.1:1", passwordPolicy: "server", fetch });
    await expect(client.createUser({ userName: "bob", password: "1234578" })).resolves.toMatchObject({
      code: 0,
    });
  });
});

describe('passwordPolicy "zilliz-cloud" lays the documents\' rule (x-zilliz-cloud-policy) over the schemas', () => {
  const cases: Array<[string, unknown, string, string]> = [
    ["1 class", { userName: "bob", password: "password" }, "password", "at least 3 of"],
    ["2 classes", { userName: "bob", password: "Password" }, "password", "at least 3 of"],
    ["7 digits", { userName: "bob", password: "1234578" }, "password", "8 to 64"],
    // Its minimum stays 8 characters: 9 bytes that the server's byte rule accepts are still too few characters.
    ["3 CJK characters (9 bytes)", { userName: "bob", password: "密码密" }, "password", "8 to 64"],
    ["65 characters", { userName: "bob", password: `Aa1!${"x".repeat(61)}` }, "password", "8 to 64"],
    [
      "a name with '-'",
      { userName: "bob-1", password: PASSWORD },
      "userName",
      "letters, digits and underscores",
    ],
  ];
  it.each(cases)("refuses %s before sending", async (_label, body, field, rule) => {
    const fetch = spyFetch();
    const client = createMilvusClient({
      endpoint: "http://127.0.0.1:1",
      token: TOKEN,
      passwordPolicy: "zilliz-cloud",
      fetch,
    });
    const error = (await client.createUser(body as never).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe(field);
    expect(error.rule).toContain(rule);
    expect(error.rule).toContain("Zilliz Cloud policy");
    expect(fetch).not.toHaveBeenCalled();
  });

  it("accepts a password that meets the documents' rule", async () => {
    const fetch = spyFetch();
    const client = createMilvusClient({ endpoint: "http://h", passwordPolicy: "zilliz-cloud", fetch });
    await expect(client.createUser({ userName: "bob", password: PASSWORD })).resolves.toMatchObject({
      code: 0,
    });
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe("options", () => {
  const cases: Array<[string, object, string]> = [
    ["no endpoint", { token: TOKEN }, "endpoint: is required"],
    [
      "relative endpoint",
      { endpoint: "localhost:19530/x", token: TOKEN },
      "endpoint: must be an absolute http",
    ],
    ["ftp endpoint", { endpoint: "ftp://host", token: TOKEN }, "endpoint: must be an absolute http"],
    [
      "endpoint with a query",
      { endpoint: "http://host?db=x", token: TOKEN },
      "endpoint: must not contain a query",
    ],
    [
      "credentials in the URL",
      { endpoint: "http://root:Milvus@host" },
      "endpoint: must not contain credentials",
    ],
    [
      "token and user",
      { endpoint: "http://h", token: TOKEN, user: "a", password: "b" },
      "token: give either",
    ],
    ["empty token", { endpoint: "http://h", token: "" }, "token: must be a non-empty string"],
    ["user without password", { endpoint: "http://h", user: "root" }, "password: must be a non-empty string"],
    ["password without user", { endpoint: "http://h", password: "x" }, "user: must be a non-empty string"],
    ["user with ':'", { endpoint: "http://h", user: "a:b", password: "x" }, "user: must not contain ':'"],
    [
      "token with a line break",
      { endpoint: "http://h", token: "root:Milvus\nX-Injected: 1" },
      "token: must not contain control characters or line breaks",
    ],
    [
      "password with a line break",
      { endpoint: "http://h", user: "root", password: "Mil\r\nvus" },
      "password: must not contain control characters or line breaks",
    ],
    [
      "unknown policy",
      { endpoint: "http://h", passwordPolicy: "cloud" },
      'passwordPolicy: must be "server" or "zilliz-cloud"',
    ],
    ["negative timeout", { endpoint: "http://h", timeoutMs: -1 }, "timeoutMs: must be a whole number ≥ 0"],
    ["NaN retries", { endpoint: "http://h", retries: Number.NaN }, "retries: must be a whole number ≥ 0"],
    ["empty dbName", { endpoint: "http://h", dbName: "" }, "dbName: must be a non-empty string"],
  ];
  it.each(cases)("%s", (_label, options, message) => {
    expect(() => createMilvusClient(options as never)).toThrow(ValidationError);
    expect(() => createMilvusClient(options as never)).toThrow(message);
  });

  it("rounds the timeout up to whole seconds for Request-Timeout", () => {
    expect(requestTimeoutSeconds(undefined)).toBeUndefined();
    expect(requestTimeoutSeconds(0)).toBeUndefined();
    expect(requestTimeoutSeconds(1)).toBe(1);
    expect(requestTimeoutSeconds(1000)).toBe(1);
    expect(requestTimeoutSeconds(1001)).toBe(2);
    expect(requestTimeoutSeconds(30_000)).toBe(30);
  });
});

describe("error envelopes and the error table", () => {
  it("turns HTTP 200 with code != 0 into MilvusError, and redacts echoed secrets", async () => {
    const fetch = spyFetch({ code: 1100, message: `invalid password ${PASSWORD} for token ${TOKEN}` });
    const client = createMilvusClient({ endpoint: "http://127.0.0.1:1", token: TOKEN, fetch });
    const error = (await client
      .createUser({ userName: "bob", password: PASSWORD })
      .catch((e) => e)) as MilvusError;
    expect(error).toBeInstanceOf(MilvusError);
    expect(error).toMatchObject({
      code: 1100,
      httpStatus: 200,
      operationId: "createUser",
      isAuthError: false,
    });
    expect(error.meaning).toContain("parameter is invalid");
    expect(error.message).not.toContain(PASSWORD);
    expect(error.message).not.toContain(TOKEN);
    expect(error.vendorMessage).toBe("invalid password *** for token ***");
  });

  it("treats an HTML 200 (not a Milvus envelope) as code HTTP_200, without a table meaning", async () => {
    const fetch = vi.fn(
      async () =>
        new Response("<html><body>Sign in\n to continue</body></html>", {
          status: 200,
          headers: { "content-type": "text/html" },
        }),
    );
    const client = createMilvusClient({ endpoint: "http://127.0.0.1:1", fetch });
    const error = (await client.listUsers().catch((e) => e)) as MilvusError;
    expect(error).toBeInstanceOf(MilvusError);
    expect(error).toMatchObject({ code: "HTTP_200", httpStatus: 200, meaning: undefined });
    expect(error.vendorMessage).toBe("<html><body>Sign in to continue</body></html>");
  });

  it("treats a proxy's plain-text 500 as code HTTP_500, not Milvus code 500 (a handler panic)", async () => {
    const fetch = vi.fn(
      async () =>
        new Response(`upstream error for ${TOKEN}`, {
          status: 500,
          headers: { "content-type": "text/plain" },
        }),
    );
    const client = createMilvusClient({ endpoint: "http://127.0.0.1:1", token: TOKEN, fetch });
    const error = (await client.dropUser({ userName: "bob" }).catch((e) => e)) as MilvusError;
    expect(error).toBeInstanceOf(MilvusError);
    expect(error).toMatchObject({
      code: "HTTP_500",
      httpStatus: 500,
      meaning: undefined,
      isAuthError: false,
    });
    expect(MILVUS_ERROR_CODES.get(500)?.meaning).toBeTruthy(); // the table does have a 500; it must not be used
    expect(error.vendorMessage).toBe("upstream error for ***");
    expect(error.message).not.toContain(TOKEN);
  });

  it("still reads Milvus's own {code: 500} panic envelope as code 500 with the table's meaning", async () => {
    const fetch = spyFetch({ code: 500 }, 500);
    const client = createMilvusClient({ endpoint: "http://127.0.0.1:1", fetch });
    const error = (await client.dropUser({ userName: "bob" }).catch((e) => e)) as MilvusError;
    expect(error).toMatchObject({ code: 500, httpStatus: 500 });
    expect(error.meaning).toBe(MILVUS_ERROR_CODES.get(500)?.meaning);
  });

  it("redacts user, password and the call's new password echoed by the server", async () => {
    const NEW = "N3w-Pass-Secret!";
    const fetch = spyFetch({
      code: 1400,
      message: `old password ${PASSWORD} not correct for root:${PASSWORD} (new ${NEW}): not authenticated`,
    });
    const client = createMilvusClient({
      endpoint: "http://127.0.0.1:1",
      user: "root",
      password: PASSWORD,
      fetch,
    });
    const error = (await client
      .updatePassword({ userName: "bob", password: "Old-Pass-Secret1", newPassword: NEW })
      .catch((e) => e)) as MilvusError;
    expect(error).toBeInstanceOf(MilvusError);
    expect(error.code).toBe(1400);
    expect(error.vendorMessage).toBe("old password *** not correct for *** (new ***): not authenticated");
    for (const secret of [PASSWORD, NEW, `root:${PASSWORD}`]) {
      expect(error.message).not.toContain(secret);
      expect(error.vendorMessage).not.toContain(secret);
    }
  });

  it("reads every code's meaning from the spec's x-error-codes", () => {
    for (const code of [0, 1, 2, 9, 500, 1100, 1400, 1401, 1800, 1801, 1802, 10001, 65535]) {
      expect(MILVUS_ERROR_CODES.get(code)?.meaning, String(code)).toBeTruthy();
    }
    expect(MILVUS_ERROR_CODES.get(1800)?.httpStatus).toBe(401);
    expect(MILVUS_ERROR_CODES.get(10001)?.httpStatus).toBe(408);
    expect(meaningOf(404, 404)).toContain("2.6.19");
    expect(meaningOf(4242)).toBeUndefined();
  });

  it.each([
    [1800, 401, true],
    [65535, 403, true],
    [1400, 200, true],
    [65535, 200, false],
    [1100, 200, false],
    [10001, 408, false],
  ])("isAuthError(%d, HTTP %d) = %s", (code, status, expected) => {
    expect(isAuthError(code, status)).toBe(expected);
  });
});

describe("dbName option", () => {
  // The client may call fetch(url, init) or fetch(request); either way, what it sent as one Request.
  const sentOf = (fetch: ReturnType<typeof spyFetch>, index = 0) => {
    const [input, init] = (fetch.mock.calls[index] ?? []) as unknown as [
      string | URL | Request,
      RequestInit | undefined,
    ];
    return new Request(input, init);
  };

  it.each(["grantPrivilegeV2", "revokePrivilegeV2"] as const)(
    "%s carries the client's dbName in the body (the server ignores DB-Name there)",
    async (op) => {
      const fetch = spyFetch();
      const client = createMilvusClient({
        endpoint: "http://127.0.0.1:1",
        token: TOKEN,
        dbName: "sales",
        fetch,
      });
      const body = { roleName: "reader", privilege: "Search", collectionName: "*" };
      await client[op](body);
      const request = sentOf(fetch);
      expect(await request.json()).toEqual({ ...body, dbName: "sales" });
      expect(body).not.toHaveProperty("dbName"); // the caller's object is not modified
    },
  );

  it("the body's own dbName wins over the client's for the v2 privilege calls", async () => {
    const fetch = spyFetch();
    const client = createMilvusClient({
      endpoint: "http://127.0.0.1:1",
      token: TOKEN,
      dbName: "sales",
      fetch,
    });
    await client.grantPrivilegeV2({ roleName: "r", privilege: "Search", collectionName: "*", dbName: "hr" });
    expect(await sentOf(fetch).json()).toMatchObject({ dbName: "hr" });
  });

  it("without a dbName option the v2 body is sent as given", async () => {
    const fetch = spyFetch();
    const client = createMilvusClient({ endpoint: "http://127.0.0.1:1", token: TOKEN, fetch });
    await client.revokePrivilegeV2({ roleName: "r", privilege: "Search", collectionName: "*" });
    expect(await sentOf(fetch).json()).toEqual({ roleName: "r", privilege: "Search", collectionName: "*" });
  });

  it("other calls get it as the DB-Name header and keep their body", async () => {
    const fetch = spyFetch();
    const client = createMilvusClient({
      endpoint: "http://127.0.0.1:1",
      token: TOKEN,
      dbName: "sales",
      fetch,
    });
    const body = { roleName: "r", objectType: "Global", objectName: "*", privilege: "*" };
    await client.grantPrivilege(body);
    const request = sentOf(fetch);
    expect(request.headers.get("DB-Name")).toBe("sales");
    expect(await request.json()).toEqual(body);
  });
});

describe("transport: timeouts and retries against a local server", () => {
  let server: Server;
  let base: string;
  const hits: Record<string, number> = {};
  const hanging: ServerResponse[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? "";
      hits[path] = (hits[path] ?? 0) + 1;
      if (req.headers["x-mode"] === "hang") {
        hanging.push(res);
        return;
      }
      res.writeHead(503, { "content-type": "text/plain" }).end("unavailable");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("aborts at the client timeout with TimeoutError", async () => {
    const client = createMilvusClient({ endpoint: base, token: TOKEN, timeoutMs: 200 });
    const error = await client
      .describeUser({ userName: "bob" }, { headers: { "x-mode": "hang" } })
      .catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    // the client's own 200 ms deadline fired (the server never answers), whatever the machine's speed
    expect(error.message).toContain("no response within 200 ms");
  });

  it("retries idempotent operations only", async () => {
    const client = createMilvusClient({ endpoint: base, token: TOKEN, retries: 2 });
    await expect(client.createUser({ userName: "bob", password: PASSWORD })).rejects.toMatchObject({
      httpStatus: 503,
    });
    await expect(client.dropUser({ userName: "bob" })).rejects.toMatchObject({
      httpStatus: 503,
      code: "HTTP_503",
    });
    expect(hits["/v2/vectordb/users/create"]).toBe(1);
    expect(hits["/v2/vectordb/users/drop"]).toBe(3);
  });

  it("maps a refused connection to NetworkError without the token in the message", async () => {
    const client = createMilvusClient({ endpoint: "http://127.0.0.1:1", token: TOKEN });
    const error = await client.listRoles().catch((e) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(String(error.message)).not.toContain(TOKEN);
  });
});
