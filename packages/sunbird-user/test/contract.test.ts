// Contract tests: every operation called through the client against Prism serving the bundled spec, with
// request validation on. A request Prism rejects (422, or any `sl-violations` header) fails the test; every
// response is checked against the spec's schema for that operation and status.
import { type MockServer, startMock } from "@userctl/mock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createSunbirdClient,
  GATEWAY_FORBIDDEN,
  GATEWAY_UNAUTHORIZED,
  isAlreadyDeleted,
  SUNBIRD_ERROR_CODES,
  type SunbirdClient,
  SunbirdError,
} from "../src/index.js";
import {
  checkResponse,
  deref,
  type Exchange,
  type Json,
  recordingFetch,
  SECRETS,
  specOperations,
} from "./helpers.js";

let mock: MockServer;
let client: SunbirdClient;
let exchanges: Exchange[];

beforeAll(async () => {
  mock = await startMock("sunbird-user");
  const recorder = recordingFetch();
  exchanges = recorder.exchanges;
  client = createSunbirdClient({
    baseUrl: mock.url,
    apiKey: SECRETS.apiKey,
    userToken: SECRETS.userToken,
    fetch: recorder.fetch,
    timeoutMs: 10_000,
  });
});

afterAll(async () => {
  await mock?.stop();
});

afterEach(() => {
  // Every exchange of every test: Prism accepted the request, and the answer matches the spec.
  const seen = exchanges.splice(0); // cleared first, so one failure cannot leak into the next test
  for (const exchange of seen) {
    expect(exchange.status, `Prism rejected ${exchange.method} ${exchange.url}`).not.toBe(422);
    expect(exchange.violations, `Prism found violations in ${exchange.method} ${exchange.url}`).toBeNull();
  }
});

/** The single exchange a call made, with its response checked against the spec. */
function lastExchange(operationId: string): Exchange {
  expect(exchanges).toHaveLength(1);
  const [exchange] = exchanges as [Exchange];
  const check = checkResponse(operationId, exchange.status, exchange.contentType, exchange.body);
  expect(check.errors).toBe("");
  expect(check.valid).toBe(true);
  return exchange;
}

// One representative, valid call per operation.
const calls: Record<string, (c: SunbirdClient, prefer?: string) => Promise<unknown>> = {
  deleteUser: (c, prefer) =>
    c.deleteUser(
      { request: { userId: "user id to be deleted" } },
      prefer ? { headers: { Prefer: prefer } } : {},
    ),
  createUser: (c, prefer) =>
    c.createUser(
      { request: { firstName: "Asha", lastName: "Rao", email: "asha.rao@example.org" } },
      prefer ? { headers: { Prefer: prefer } } : {},
    ),
  readUser: (c, prefer) =>
    c.readUser(
      { userId: "5a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" },
      prefer ? { headers: { Prefer: prefer } } : {},
    ),
  blockUser: (c, prefer) =>
    c.blockUser(
      { request: { userId: "5a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" } },
      prefer ? { headers: { Prefer: prefer } } : {},
    ),
  unblockUser: (c, prefer) =>
    c.unblockUser(
      { request: { userId: "5a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" } },
      prefer ? { headers: { Prefer: prefer } } : {},
    ),
  searchUsers: (c, prefer) =>
    c.searchUsers(
      {
        request: {
          filters: { email: "asha.rao@example.org" },
          fields: ["id", "firstName"],
          limit: 10,
          offset: 0,
        },
      },
      prefer ? { headers: { Prefer: prefer } } : {},
    ),
};

describe("the spec and the client cover the same operations", () => {
  it("has one client call per spec operation", () => {
    expect(Object.keys(calls).sort()).toEqual(specOperations.map((op) => op.operationId).sort());
    for (const operationId of Object.keys(calls))
      expect(typeof client[operationId as keyof SunbirdClient]).toBe("function");
  });
});

describe("success: every operation resolves to its envelope's result", () => {
  it.each(specOperations.map((op) => op.operationId))("%s", async (operationId) => {
    const call = calls[operationId];
    if (!call) throw new Error(`no call for ${operationId}`);
    const result = await call(client);
    const exchange = lastExchange(operationId);
    expect(exchange.status).toBe(200);
    expect((exchange.body as Json).params.status).toBe("SUCCESS");
    expect(result).toEqual((exchange.body as Json).result);
  });

  it("deleteUser returns the seed's result `{response: SUCCESS}`", async () => {
    await expect(client.deleteUser({ request: { userId: "user id to be deleted" } })).resolves.toEqual({
      response: "SUCCESS",
    });
    expect(lastExchange("deleteUser").body).toMatchObject({ id: "api.user.delete", responseCode: "OK" });
  });

  it("createUser returns the new user's id", async () => {
    const result = await client.createUser({ request: { firstName: "Ravi", phone: "9876543210" } });
    expect(result.userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.response).toBe("SUCCESS");
    lastExchange("createUser");
  });

  it("readUser returns the typed profile", async () => {
    const result = await client.readUser({ userId: "5a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" });
    expect(result.response.id).toBe("5a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
    expect(result.response.roles?.[0]?.role).toBe("PUBLIC");
    expect(lastExchange("readUser").url).toMatch(
      /\/api\/user\/v5\/read\/5a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d$/,
    );
  });

  it("searchUsers returns count and content", async () => {
    const result = await client.searchUsers({ request: { filters: { status: 1 } } });
    expect(result.response.count).toBe(result.response.content.length);
    lastExchange("searchUsers");
  });
});

describe("auth headers: both tokens, except createUser which sends only the gateway bearer", () => {
  it.each(specOperations.map((op) => op.operationId))("%s", async (operationId) => {
    await calls[operationId]?.(client);
    const { requestHeaders } = lastExchange(operationId);
    expect(requestHeaders.get("authorization")).toBe(`Bearer ${SECRETS.apiKey}`);
    const expected = operationId === "createUser" ? null : SECRETS.userToken;
    expect(requestHeaders.get("x-authenticated-user-token")).toBe(expected);
  });

  it("Prism answers 401 UOS_0070 when the user token is absent (raw client, no middleware token)", async () => {
    const recorder = recordingFetch();
    const bare = createSunbirdClient({
      baseUrl: mock.url,
      apiKey: SECRETS.apiKey,
      fetch: recorder.fetch,
    });
    const { response } = await bare.raw.POST("/api/user/v1/delete", { body: { request: { userId: "u1" } } });
    expect(response.status).toBe(401);
    expect(recorder.exchanges).toHaveLength(1);
    const [exchange] = recorder.exchanges as [Exchange];
    expect(exchange.requestHeaders.get("x-authenticated-user-token")).toBeNull();
    // Prism reports the missing user token itself as its one violation (that is why it answers 401); the
    // request has no other fault (the body, the gateway bearer).
    expect(JSON.parse(exchange.violations ?? "null")).toEqual([
      { location: ["request"], severity: "Error", code: 401, message: "Invalid security scheme used" },
    ]);
    expect(exchange.body).toMatchObject({ params: { err: "UOS_0070" }, responseCode: "UNAUTHORIZED" });
    expect(checkResponse("deleteUser", 401, exchange.contentType, exchange.body).errors).toBe("");
  });
});

// Every documented error example in the spec, selected with Prism's Prefer header: the expected code is read
// from the example itself (params.err, or the gateway code for the plain-text 403).
const errorCases = specOperations.flatMap(({ operationId, operation }) =>
  Object.entries(operation.responses as Record<string, Json>)
    .filter(([status]) => !status.startsWith("2"))
    .flatMap(([status, response]) => {
      const resolved = response.$ref ? derefResponse(response.$ref) : response;
      return Object.entries(resolved.content as Record<string, Json>).flatMap(([media, content]) =>
        Object.entries(content.examples as Record<string, Json>).map(([example, value]) => {
          const exampleValue = (value.$ref ? derefResponse(value.$ref) : value).value;
          // Three kinds of error body: the gateway's plain-text 403, its JSON 401 `{message}`, the envelope.
          const gateway401 = media !== "text/plain" && !exampleValue.params;
          const code =
            media === "text/plain"
              ? GATEWAY_FORBIDDEN
              : gateway401
                ? GATEWAY_UNAUTHORIZED
                : exampleValue.params.err;
          const message =
            media === "text/plain"
              ? exampleValue
              : gateway401
                ? exampleValue.message
                : exampleValue.params.errmsg;
          return { operationId, status: Number(status), example, code, message };
        }),
      );
    }),
);

function derefResponse(ref: string): Json {
  return deref({ $ref: ref });
}

describe("documented errors map to SunbirdError with the vendor code, status and operationId", () => {
  it("covers every seed error of deleteUser", () => {
    const seen = errorCases.filter((c) => c.operationId === "deleteUser").map((c) => `${c.status} ${c.code}`);
    expect(seen.sort()).toEqual(
      [
        "400 UOS_USRDLT0008",
        "400 UOS_USRDLT0008",
        "400 UOS_USRDLT0083",
        "400 UOS_USRDLT0030",
        "404 UOS_USRDLT0013",
        "401 UOS_0070",
        "401 GATEWAY_UNAUTHORIZED",
        "403 GATEWAY_FORBIDDEN",
        "500 UOS_0069",
      ].sort(),
    );
  });

  it.each(errorCases)(
    "$operationId $status $example → $code",
    async ({ operationId, status, example, code, message }) => {
      const error = await calls[operationId]?.(client, `code=${status}, example=${example}`).then(
        () => undefined,
        (e: unknown) => e,
      );
      const exchange = lastExchange(operationId);
      expect(exchange.status).toBe(status);
      expect(error).toBeInstanceOf(SunbirdError);
      const sunbird = error as SunbirdError;
      expect(sunbird.code).toBe(code);
      expect(sunbird.httpStatus).toBe(status);
      expect(sunbird.operationId).toBe(operationId);
      expect(sunbird.vendorMessage).toBe(message);
      expect(sunbird.api).toBe("sunbird-user");
      expect(sunbird.isAuthError).toBe(status === 401 || status === 403);
      expect(sunbird.meaning).toBeTruthy();
      // The code table knows every documented code, with the status the spec documents it under.
      expect(SUNBIRD_ERROR_CODES[code as keyof typeof SUNBIRD_ERROR_CODES]?.httpStatus).toBe(status);
      expect(sunbird.message).toContain(code);
      for (const secret of Object.values(SECRETS)) {
        expect(sunbird.message).not.toContain(secret);
        expect(JSON.stringify({ ...sunbird })).not.toContain(secret);
      }
    },
  );

  it("tells an already-deleted user (done) from a failed deletion step (not done)", async () => {
    const already = await client
      .deleteUser({ request: { userId: "u1" } }, { headers: { Prefer: "code=400, example=alreadyDeleted" } })
      .catch((e: unknown) => e);
    lastExchange("deleteUser");
    exchanges.length = 0;
    const failed = await client
      .deleteUser({ request: { userId: "u1" } }, { headers: { Prefer: "code=400, example=deletionFailed" } })
      .catch((e: unknown) => e);
    lastExchange("deleteUser");
    expect(isAlreadyDeleted(already)).toBe(true);
    expect(isAlreadyDeleted(failed)).toBe(false);
    expect((already as SunbirdError).meaning).toBe("the user is already deleted");
    expect((failed as SunbirdError).meaning).toMatch(/deletion step failed/);
  });

  it("the gateway's plain-text 403 is a SunbirdError, not a JSON parse failure", async () => {
    const error = await client
      .deleteUser({ request: { userId: "u1" } }, { headers: { Prefer: "code=403" } })
      .catch((e: unknown) => e);
    const exchange = lastExchange("deleteUser");
    expect(exchange.contentType).toMatch(/^text\/plain/);
    expect(error).toMatchObject({
      code: GATEWAY_FORBIDDEN,
      httpStatus: 403,
      isAuthError: true,
      vendorMessage: "You do not have permission to perform this operation",
    });
  });
});

describe("optional headers", () => {
  it("sends x-request-id and x-channel-id from the client, overridable per call; Prism accepts them", async () => {
    const recorder = recordingFetch();
    const c = createSunbirdClient({
      baseUrl: mock.url,
      apiKey: SECRETS.apiKey,
      userToken: SECRETS.userToken,
      fetch: recorder.fetch,
      channelId: "sunbird",
      requestId: () => "req-from-factory",
    });
    await c.deleteUser({ request: { userId: "u1" } });
    await c.readUser({ userId: "u1" }, { requestId: "req-per-call", channelId: "other" });
    const [first, second] = recorder.exchanges;
    expect(first?.requestHeaders.get("x-request-id")).toBe("req-from-factory");
    expect(first?.requestHeaders.get("x-channel-id")).toBe("sunbird");
    expect(second?.requestHeaders.get("x-request-id")).toBe("req-per-call");
    expect(second?.requestHeaders.get("x-channel-id")).toBe("other");
    for (const [exchange, operationId] of [
      [first, "deleteUser"],
      [second, "readUser"],
    ] as const) {
      expect(exchange?.status).toBe(200);
      expect(exchange?.violations).toBeNull();
      expect(checkResponse(operationId, 200, exchange?.contentType ?? "", exchange?.body).errors).toBe("");
    }
  });
});
