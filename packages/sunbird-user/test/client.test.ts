// Client behaviour that needs no mock: input validation before sending, envelope interpretation edge cases,
// secret redaction, retries, and the hand-kept facts (token rule, code table) checked against the bundled spec.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import {
  createSunbirdClient,
  GATEWAY_FORBIDDEN,
  GATEWAY_TOKEN_ONLY,
  GATEWAY_UNAUTHORIZED,
  NetworkError,
  operations,
  SUNBIRD_ERROR_CODES,
  type SunbirdClientOptions,
  SunbirdError,
  TimeoutError,
  ValidationError,
} from "../src/index.js";
import { checkResponse, deref, type Json, SECRETS, spec, specOperations } from "./helpers.js";

const BASE = "http://127.0.0.1:9"; // never reached: every test here answers from its own fetch

/** A deliberately mistyped argument, as a JavaScript caller could pass it. */
const wrong = <T>(value: unknown): T => value as T;

/** A fetch that answers from a function and counts the requests that reached it. */
function fakeFetch(answer: (request: Request) => Response | Promise<Response>) {
  const requests: Request[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    // Keep openapi-fetch's own Request (a re-wrapped copy follows its abort signal only weakly).
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    requests.push(request);
    return answer(request);
  };
  return { fetch: fetchImpl, requests };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

const envelope = (
  status: "SUCCESS" | "FAILED" | "success" | "failed",
  err: string | null,
  errmsg: string | null,
) => ({
  id: "api.user.delete",
  ver: "v1",
  ts: "2024-05-20 10:08:56:812+0000",
  params: { resmsgid: "m1", msgid: "m1", err, status, errmsg },
  responseCode: status.toUpperCase() === "SUCCESS" ? "OK" : "CLIENT_ERROR",
  result: status.toUpperCase() === "SUCCESS" ? { response: "SUCCESS" } : {},
});

function makeClient(
  answer: (request: Request) => Response | Promise<Response>,
  extra: Partial<SunbirdClientOptions> = {},
) {
  const fake = fakeFetch(answer);
  const client = createSunbirdClient({
    baseUrl: BASE,
    apiKey: SECRETS.apiKey,
    userToken: SECRETS.userToken,
    fetch: fake.fetch,
    ...extra,
  });
  return { client, requests: fake.requests };
}

function expectNoSecrets(error: unknown) {
  const text = `${String(error)} ${JSON.stringify({ ...(error as object) })}`;
  for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
}

describe("bad input is rejected before any request is sent", () => {
  type Case = [
    label: string,
    call: (c: ReturnType<typeof makeClient>["client"]) => Promise<unknown>,
    message: string,
  ];
  const cases: Case[] = [
    [
      "delete: empty userId",
      (c) => c.deleteUser({ request: { userId: "" } }),
      "request.userId: must not be blank",
    ],
    [
      "delete: whitespace-only userId",
      (c) => c.deleteUser({ request: { userId: "   " } }),
      "request.userId: must not be blank",
    ],
    ["delete: no userId", (c) => c.deleteUser(wrong({ request: {} })), "request.userId: is required"],
    ["delete: no request wrapper", (c) => c.deleteUser(wrong({ userId: "u1" })), "request: is required"],
    [
      "delete: userId not a string",
      (c) => c.deleteUser(wrong({ request: { userId: 42 } })),
      "request.userId: must be of type string",
    ],
    ["read: empty userId", (c) => c.readUser({ userId: "" }), "userId: must not be blank"],
    ["read: whitespace-only userId", (c) => c.readUser({ userId: " \t\n" }), "userId: must not be blank"],
    [
      "block: empty userId",
      (c) => c.blockUser({ request: { userId: "" } }),
      "request.userId: must not be blank",
    ],
    [
      "block: whitespace-only userId",
      (c) => c.blockUser({ request: { userId: "\t " } }),
      "request.userId: must not be blank",
    ],
    [
      "unblock: empty userId",
      (c) => c.unblockUser({ request: { userId: "" } }),
      "request.userId: must not be blank",
    ],
    [
      "unblock: whitespace-only userId",
      (c) => c.unblockUser({ request: { userId: " " } }),
      "request.userId: must not be blank",
    ],
    [
      "create: no firstName",
      (c) => c.createUser(wrong({ request: { email: "a@example.org" } })),
      "request.firstName: is required",
    ],
    [
      "create: neither email nor phone",
      (c) => c.createUser({ request: { firstName: "A" } }),
      "request.phone: is required",
    ],
    [
      "create: bad email",
      (c) => c.createUser({ request: { firstName: "A", email: "not-an-email" } }),
      "request.email: must be a valid email",
    ],
    [
      "create: bad dob",
      (c) => c.createUser({ request: { firstName: "A", phone: "1", dob: "20/05/2024" } }),
      "request.dob: must be a year of birth (yyyy)",
    ],
    ["search: no filters", (c) => c.searchUsers(wrong({ request: {} })), "request.filters: is required"],
    [
      "search: filters not a map",
      (c) => c.searchUsers(wrong({ request: { filters: [] } })),
      "request.filters: must be of type object",
    ],
    [
      "search: negative limit",
      (c) => c.searchUsers({ request: { filters: {}, limit: -1 } }),
      "request.limit: must be >= 0",
    ],
    [
      "search: bad sort order",
      (c) => c.searchUsers(wrong({ request: { filters: {}, sort_by: { a: "up" } } })),
      'request.sort_by.a: must be one of: "asc", "desc"',
    ],
    [
      "empty per-call request id",
      (c) => c.deleteUser({ request: { userId: "u1" } }, { requestId: "" }),
      "x-request-id: must not be empty",
    ],
  ];

  it.each(cases)("%s", async (_label, call, message) => {
    const { client, requests } = makeClient(() => json(200, envelope("SUCCESS", null, null)));
    const error = await call(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain(message);
    expect((error as ValidationError).message).not.toContain("\n");
    expect(requests).toHaveLength(0);
  });

  it("refuses operations that need the user token when the client has none (createUser still works)", async () => {
    const { client, requests } = makeClient(() => json(200, envelope("SUCCESS", null, null)), {
      userToken: undefined,
    });
    for (const call of [
      () => client.deleteUser({ request: { userId: "u1" } }),
      () => client.readUser({ userId: "u1" }),
      () => client.blockUser({ request: { userId: "u1" } }),
      () => client.unblockUser({ request: { userId: "u1" } }),
      () => client.searchUsers({ request: { filters: {} } }),
    ]) {
      await expect(call()).rejects.toThrow(/^userToken: is required for \w+/);
    }
    expect(requests).toHaveLength(0);
    await client.createUser({ request: { firstName: "A", phone: "1" } });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.headers.get("x-authenticated-user-token")).toBeNull();
    expect(requests[0]?.headers.get("authorization")).toBe(`Bearer ${SECRETS.apiKey}`);
  });

  const factoryCases: [string, Partial<SunbirdClientOptions>, string][] = [
    ["missing baseUrl", { baseUrl: undefined }, "baseUrl: is required"],
    [
      "non-http baseUrl",
      { baseUrl: "ftp://example.org" },
      "baseUrl: must be an absolute http:// or https:// URL",
    ],
    ["relative baseUrl", { baseUrl: "/api" }, "baseUrl: must be an absolute http:// or https:// URL"],
    [
      "credentials in baseUrl",
      { baseUrl: "https://me:pw@example.org" },
      "baseUrl: must not contain credentials",
    ],
    [
      "query in baseUrl",
      { baseUrl: "https://example.org/?x=1" },
      "baseUrl: must not contain a query or fragment",
    ],
    [
      "fragment in baseUrl",
      { baseUrl: "https://example.org/#top" },
      "baseUrl: must not contain a query or fragment",
    ],
    ["empty apiKey", { apiKey: "" }, "apiKey: must not be empty"],
    ["blank userToken", { userToken: "  " }, "userToken: must not be empty"],
    [
      "apiKey with a line break",
      { apiKey: "gw-SECRET\nX-Injected: 1" },
      "apiKey: must not contain control characters or line breaks",
    ],
    [
      "userToken with a control character",
      { userToken: "kc\u0000token" },
      "userToken: must not contain control characters or line breaks",
    ],
    ["negative timeout", { timeoutMs: -1 }, "timeoutMs: must be a whole number ≥ 0"],
    ["fractional retries", { retries: 1.5 }, "retries: must be a whole number ≥ 0"],
    ["empty channelId", { channelId: "" }, "channelId: must not be empty"],
  ];
  it.each(factoryCases)("factory: %s", (_label, override, message) => {
    const options = { baseUrl: BASE, apiKey: SECRETS.apiKey, userToken: SECRETS.userToken, ...override };
    expect(() => createSunbirdClient(options as SunbirdClientOptions)).toThrow(ValidationError);
    expect(() => createSunbirdClient(options as SunbirdClientOptions)).toThrow(message);
  });

  it("sends to the checked baseUrl without its trailing slash (and keeps a path prefix)", async () => {
    const { client, requests } = makeClient(() => json(200, envelope("SUCCESS", null, null)), {
      baseUrl: " https://gw.example.org/proxy/ ",
    });
    await client.deleteUser({ request: { userId: "u1" } });
    expect(requests[0]?.url).toBe("https://gw.example.org/proxy/api/user/v1/delete");
  });
});

describe("envelope interpretation", () => {
  it("HTTP 200 with params.status FAILED is an error", async () => {
    const { client } = makeClient(() =>
      json(200, envelope("FAILED", "UOS_USRDLT0083", "User is restricted")),
    );
    const error = await client.deleteUser({ request: { userId: "u1" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SunbirdError);
    expect(error).toMatchObject({
      code: "UOS_USRDLT0083",
      httpStatus: 200,
      operationId: "deleteUser",
      requestId: "m1",
    });
  });

  it("accepts the old lower-case status values", async () => {
    const ok = makeClient(() => json(200, envelope("success", null, null)));
    await expect(ok.client.deleteUser({ request: { userId: "u1" } })).resolves.toEqual({
      response: "SUCCESS",
    });
    const failed = makeClient(() =>
      json(200, envelope("failed", "UOS_USRDLT0008", "User is already deleted.")),
    );
    await expect(failed.client.deleteUser({ request: { userId: "u1" } })).rejects.toMatchObject({
      code: "UOS_USRDLT0008",
    });
  });

  it("an unknown UOS code still gets a meaning from its key", async () => {
    const { client } = makeClient(() =>
      json(400, envelope("FAILED", "UOS_USRDLT0028", "Requested data is not valid.")),
    );
    await expect(client.deleteUser({ request: { userId: "u1" } })).rejects.toMatchObject({
      code: "UOS_USRDLT0028",
      meaning: "the request data is not valid for this operation",
    });
  });

  it.each([
    [
      "the gateway's plain-text 403",
      new Response("You do not have permission to perform this operation", {
        status: 403,
        headers: { "content-type": "text/plain; charset=utf-8" },
      }),
      GATEWAY_FORBIDDEN,
      "You do not have permission to perform this operation",
      true,
    ],
    [
      "the gateway's 403 sentence with no content type",
      // A byte body, so Response sets no content-type of its own.
      new Response(new TextEncoder().encode("You do not have permission to perform this operation"), {
        status: 403,
      }),
      GATEWAY_FORBIDDEN,
      "You do not have permission to perform this operation",
      true,
    ],
    [
      "the gateway's 403 sentence relabelled text/html by a proxy",
      new Response("You do not have permission to perform this operation\n", {
        status: 403,
        headers: { "content-type": "text/html; charset=utf-8" },
      }),
      GATEWAY_FORBIDDEN,
      "You do not have permission to perform this operation",
      true,
    ],
    // The documented gateway 401 (spec: GatewayUnauthorized) keeps its own code, like the plain-text 403.
    [
      "a gateway JSON 401",
      json(401, { message: "Unauthorized" }),
      "GATEWAY_UNAUTHORIZED",
      "Unauthorized",
      true,
    ],
    [
      "a JSON 401 with more than Kong's message",
      json(401, { message: "Unauthorized", detail: "x" }),
      "HTTP_401",
      '{"message":"Unauthorized","detail":"x"}',
      true,
    ],
    [
      "a JSON 403 (not the documented plain-text denial)",
      json(403, { message: "You cannot consume this service" }),
      "HTTP_403",
      '{"message":"You cannot consume this service"}',
      true,
    ],
    [
      "an HTML 403 from a proxy",
      new Response("<html><body>403 Forbidden</body></html>", {
        status: 403,
        headers: { "content-type": "text/html" },
      }),
      "HTTP_403",
      "<html><body>403 Forbidden</body></html>",
      true,
    ],
    [
      "an HTML 502",
      new Response("<html>\n<body>Bad Gateway</body></html>", {
        status: 502,
        headers: { "content-type": "text/html" },
      }),
      "HTTP_502",
      "<html> <body>Bad Gateway</body></html>",
      false,
    ],
    ["an empty 500", new Response("", { status: 500 }), "HTTP_500", "HTTP 500 with an empty body", false],
    ["a 200 that is not an envelope", json(200, { hello: "world" }), "HTTP_200", '{"hello":"world"}', false],
  ] as const)("%s becomes a SunbirdError", async (_label, response, code, vendorMessage, isAuth) => {
    const { client } = makeClient(() => response.clone());
    const error = await client.deleteUser({ request: { userId: "u1" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SunbirdError);
    expect(error).toMatchObject({
      code,
      vendorMessage,
      httpStatus: response.status,
      isAuthError: isAuth,
      operationId: "deleteUser",
      responseCode: undefined,
    });
    expect((error as Error).message).not.toContain("\n");
  });

  it("an envelope's multi-line errmsg becomes one line", async () => {
    const { client } = makeClient(() =>
      json(400, envelope("FAILED", "UOS_USRDLT0030", "Mandatory\nparameter")),
    );
    const error = await client.deleteUser({ request: { userId: "u1" } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "UOS_USRDLT0030", vendorMessage: "Mandatory parameter" });
    expect((error as Error).message).not.toContain("\n");
  });
});

describe("secrets never appear in errors", () => {
  it("redacts tokens a server echoes back in its message", async () => {
    const { client } = makeClient(() =>
      json(
        401,
        envelope("FAILED", "UOS_0070", `token ${SECRETS.userToken} rejected for Bearer ${SECRETS.apiKey}`),
      ),
    );
    const error = await client.deleteUser({ request: { userId: "u1" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SunbirdError);
    expect((error as SunbirdError).vendorMessage).toContain("***");
    expectNoSecrets(error);
  });

  it("network failures and timeouts do not carry the tokens", async () => {
    const refused = makeClient(() => {
      throw new TypeError("fetch failed");
    });
    const networkError = await refused.client.readUser({ userId: "u1" }).catch((e: unknown) => e);
    expect(networkError).toBeInstanceOf(NetworkError);
    expectNoSecrets(networkError);

    // A real server that accepts and never answers, on 127.0.0.1 and a port the OS picks; closed below. (A fake
    // fetch cannot stand in: undici's Request.signal follows the caller's signal only weakly until real fetch
    // subscribes to it, so under GC a fake's listener may never hear the timeout.)
    const server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const hanging = createSunbirdClient({
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        apiKey: SECRETS.apiKey,
        userToken: SECRETS.userToken,
        timeoutMs: 50,
      });
      const timeoutError = await hanging.readUser({ userId: "u1" }).catch((e: unknown) => e);
      expect(timeoutError).toBeInstanceOf(TimeoutError);
      expectNoSecrets(timeoutError);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  const PASSWORD = "pw  with-two-spaces-SECRET-9b1c";
  const createWithPassword = (client: ReturnType<typeof makeClient>["client"]) =>
    client
      .createUser({ request: { firstName: "A", email: "a@example.org", password: PASSWORD } })
      .catch((e: unknown) => e);

  it.each([
    [
      "an envelope errmsg",
      () => json(400, envelope("FAILED", "UOS_USRCRT0024", `password ${PASSWORD} does not match the policy`)),
    ],
    [
      "an HTML page",
      () =>
        new Response(`<html><body>bad request body {"password":"${PASSWORD}"}</body></html>`, {
          status: 400,
          headers: { "content-type": "text/html" },
        }),
    ],
    ["a JSON answer that is not an envelope", () => json(500, { echo: { password: PASSWORD } })],
  ])("createUser's password, echoed back in %s, is redacted", async (_label, answer) => {
    const { client } = makeClient(answer);
    const error = await createWithPassword(client);
    expect(error).toBeInstanceOf(SunbirdError);
    expect((error as SunbirdError).vendorMessage).toContain("***");
    const text = `${String(error)} ${JSON.stringify({ ...(error as object) })}`;
    expect(text).not.toContain(PASSWORD);
    expectNoSecrets(error);
  });

  it("a token that a long foreign body cuts in half is not left half-visible", async () => {
    const { client } = makeClient(
      () =>
        new Response(`<html>${"x".repeat(188)}${SECRETS.userToken}</html>`, {
          status: 502,
          headers: { "content-type": "text/html" },
        }),
    );
    const error = await client.deleteUser({ request: { userId: "u1" } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "HTTP_502" });
    expect((error as SunbirdError).vendorMessage).not.toContain(SECRETS.userToken.slice(0, 6));
    expectNoSecrets(error);
  });

  it("validation errors do not echo secret-looking input", async () => {
    const { client } = makeClient(() => json(200, envelope("SUCCESS", null, null)));
    const error = await client
      .createUser({ request: { firstName: "A", email: "bad", password: SECRETS.apiKey } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expectNoSecrets(error);
  });
});

/**
 * A real server on 127.0.0.1 (port picked by the OS) that counts requests and answers each with a 503, or by
 * destroying the socket (a network error); `close` stops it.
 */
async function failingServer(failure: "503" | "socket destroyed") {
  let requests = 0;
  const server = createServer((request, response) => {
    requests++;
    if (failure === "503") response.writeHead(503).end();
    else request.socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const client = createSunbirdClient({
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    apiKey: SECRETS.apiKey,
    userToken: SECRETS.userToken,
    retries: 2,
    timeoutMs: 10_000,
  });
  return {
    client,
    requests: () => requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

type FailingClient = Awaited<ReturnType<typeof failingServer>>["client"];

describe("retries: only idempotent operations", () => {
  it("retries readUser after a 503", async () => {
    let calls = 0;
    const flaky = () => {
      calls++;
      return calls === 1
        ? new Response("", { status: 503 })
        : json(200, { ...envelope("SUCCESS", null, null), result: { response: { id: "u1" } } });
    };
    const read = makeClient(flaky, { retries: 2 });
    await expect(read.client.readUser({ userId: "u1" })).resolves.toEqual({ response: { id: "u1" } });
    expect(read.requests).toHaveLength(2);
  });

  // The control for the table below: the same server and client do retry an idempotent operation.
  it.each(["503", "socket destroyed"] as const)("retries readUser after %s (control)", async (failure) => {
    const server = await failingServer(failure);
    try {
      await expect(server.client.readUser({ userId: "u1" })).rejects.toBeInstanceOf(
        failure === "503" ? SunbirdError : NetworkError,
      );
      expect(server.requests()).toBe(3);
    } finally {
      await server.close();
    }
  });

  const writes: [string, (c: FailingClient) => Promise<unknown>][] = [
    ["createUser", (c) => c.createUser({ request: { firstName: "A", email: "a@example.org" } })],
    ["unblockUser", (c) => c.unblockUser({ request: { userId: "u1" } })],
    ["deleteUser", (c) => c.deleteUser({ request: { userId: "u1" } })],
  ];
  const cases = writes.flatMap(([operationId, call]) =>
    (["503", "socket destroyed"] as const).map((failure) => [operationId, failure, call] as const),
  );

  it.each(cases)("never retries %s after %s (exactly one request)", async (operationId, failure, call) => {
    const server = await failingServer(failure);
    try {
      const error = await call(server.client).catch((e: unknown) => e);
      if (failure === "503") {
        expect(error).toBeInstanceOf(SunbirdError);
        expect(error).toMatchObject({ httpStatus: 503, operationId });
      } else {
        expect(error).toBeInstanceOf(NetworkError);
      }
      expectNoSecrets(error);
      expect(server.requests()).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe("the spec keeps success and error envelopes apart", () => {
  /** The JSON examples of one response of an operation, dereferenced. */
  function jsonExamples(operation: Json, status: string): Json[] {
    const content = deref(operation.responses[status])?.content?.["application/json"];
    return Object.values((content?.examples ?? {}) as Record<string, Json>).map((e) => deref(e).value);
  }

  const pairs = specOperations.flatMap(({ operationId, operation }) => {
    const [success] = jsonExamples(operation, "200");
    return Object.keys(operation.responses as Record<string, Json>)
      .filter((status) => !status.startsWith("2"))
      .flatMap((status) =>
        jsonExamples(operation, status)
          // The gateway's own 401 `{message}` has no params to swap (spec: GatewayUnauthorized).
          .filter((failure) => failure.params !== undefined)
          .map((failure) => ({ operationId, status, success, failure })),
      );
  });

  it("has an error JSON example for every operation", () => {
    expect(new Set(pairs.map((p) => p.operationId))).toEqual(
      new Set(specOperations.map((p) => p.operationId)),
    );
  });

  it.each(pairs)(
    "$operationId: the 200 schema rejects $status params, the $status schema rejects 200 params",
    ({ operationId, status, success, failure }) => {
      // Both examples are valid where they are documented...
      expect(checkResponse(operationId, 200, "application/json", success).errors).toBe("");
      expect(checkResponse(operationId, Number(status), "application/json", failure).errors).toBe("");
      // ...and swapping only `params` makes each invalid: a FAILED body under 200, a SUCCESS body under an error.
      const failedUnder200 = checkResponse(operationId, 200, "application/json", {
        ...success,
        params: failure.params,
      });
      expect(failedUnder200.valid).toBe(false);
      expect(failedUnder200.errors).toContain("/params/");
      const successUnderError = checkResponse(operationId, Number(status), "application/json", {
        ...failure,
        params: success.params,
      });
      expect(successUnderError.valid).toBe(false);
      expect(successUnderError.errors).toContain("/params/");
    },
  );
});

describe("hand-kept facts agree with the bundled spec", () => {
  it("GATEWAY_TOKEN_ONLY lists exactly the operations whose security needs only the gateway bearer", () => {
    const bearerOnly = specOperations
      .filter(({ operation }) => {
        const security = (operation.security ?? spec.security) as Json[];
        return security.every((requirement) => !("userToken" in requirement));
      })
      .map((op) => op.operationId);
    expect([...GATEWAY_TOKEN_ONLY].sort()).toEqual(bearerOnly.sort());
    expect(bearerOnly).toEqual(["createUser"]);
  });

  it("SUNBIRD_ERROR_CODES holds exactly the codes of the spec's error examples, with their HTTP status", () => {
    const documented = new Map<string, number>();
    for (const { operation } of specOperations) {
      for (const [status, raw] of Object.entries(operation.responses as Record<string, Json>)) {
        if (status.startsWith("2")) continue;
        for (const [media, content] of Object.entries(deref(raw).content as Record<string, Json>)) {
          for (const example of Object.values(content.examples as Record<string, Json>)) {
            const value = deref(example).value;
            const code =
              media === "text/plain" ? GATEWAY_FORBIDDEN : (value.params?.err ?? GATEWAY_UNAUTHORIZED);
            documented.set(code, Number(status));
          }
        }
      }
    }
    const table = new Map(
      Object.entries(SUNBIRD_ERROR_CODES).map(([code, { httpStatus }]) => [code, httpStatus]),
    );
    expect(Object.fromEntries(table)).toEqual(Object.fromEntries(documented));
  });

  it("SUNBIRD_ERROR_CODES is the spec's x-error-codes table on ErrorResponse, row for row", () => {
    const rows = spec.components.schemas.ErrorResponse["x-error-codes"] as Json[];
    expect(Object.values(SUNBIRD_ERROR_CODES)).toEqual(rows);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(["code", "httpStatus", "meaning", "name"]);
      expect(SUNBIRD_ERROR_CODES[row.code]).toEqual(row);
    }
    expect(Object.isFrozen(SUNBIRD_ERROR_CODES)).toBe(true);
    expect(SUNBIRD_ERROR_CODES.toString).toBeUndefined(); // no inherited keys look like codes
  });

  it("the API description's error-code table shows the same rows as x-error-codes", () => {
    const description = spec.info.description as string;
    const shown = description
      .split("\n")
      .filter((line) => /^\| (UOS_|GATEWAY_)/.test(line))
      .map((line) => {
        const [code, name, httpStatus, meaning] = line
          .split(" | ")
          .map((cell) => cell.replace(/^\| |\s*\|$/g, ""));
        return { code, name, httpStatus: Number(httpStatus), meaning };
      });
    expect(shown).toEqual(spec.components.schemas.ErrorResponse["x-error-codes"]);
  });

  it("the generated operation table marks only blockUser, readUser and searchUsers idempotent", () => {
    const idempotent = Object.values(operations)
      .filter((op) => op.idempotent)
      .map((op) => op.operationId);
    expect(idempotent.sort()).toEqual(["blockUser", "readUser", "searchUsers"]);
  });
});
