// The pymilvus facade against Prism serving specs/milvus (request validation on), plus its alias and
// timeout semantics.
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { mockUrl } from "@userctl/mock/vitest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  ConnectionConfigException,
  ConnectionNotExistException,
  connections,
  MilvusException,
  ParamError,
  utility,
} from "../src/index.js";

interface Seen {
  path: string;
  authorization: string | null;
  timeout: string | null;
  body: unknown;
  status: number;
}

/** Prism for this API, started once for the package run by test/global-setup.ts. */
const MOCK_URL = mockUrl("milvus");
let seen: Seen[] = [];
/** Prism's Prefer header, added to requests whose Authorization matches (to make one step fail). */
let preferFor: { authorization: string; prefer: string } | undefined;

/** Records every request and lets a test pick a Prism example for one set of credentials. */
const recordingFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const authorization = request.headers.get("authorization");
  if (preferFor && authorization === preferFor.authorization) request.headers.set("Prefer", preferFor.prefer);
  const text = await request.clone().text();
  const response = await fetch(request);
  seen.push({
    path: new URL(request.url).pathname,
    authorization,
    timeout: request.headers.get("request-timeout"),
    body: text ? JSON.parse(text) : undefined,
    status: response.status,
  });
  return response;
};

const ADMIN_TOKEN = "root:Adm1n-Secret";
const USER_PASSWORD = "Us3r-Secret!";

afterEach(() => {
  expect(
    seen.filter((s) => s.status === 422),
    "Prism rejected a request",
  ).toEqual([]);
  for (const [alias] of connections.listConnections()) connections.disconnect(alias);
  seen = [];
  preferFor = undefined;
});

const connectDefault = (extra: object = {}) =>
  connections.connect({ uri: MOCK_URL, token: ADMIN_TOKEN, fetch: recordingFetch, ...extra });

describe("utility.deleteUser", () => {
  it("runs the seed example: connect(), then delete_user(user='admin', password='123456')", async () => {
    // The seed's password is only verified by logging in, so it is not held to the create-user password policy.
    connections.connect({ uri: MOCK_URL, user: "root", password: "Milvus", fetch: recordingFetch });
    await utility.deleteUser({ user: "admin", password: "123456" });
    expect(seen.map((s) => [s.path, s.authorization])).toEqual([
      ["/v2/vectordb/users/describe", "Bearer admin:123456"],
      ["/v2/vectordb/users/drop", "Bearer root:Milvus"],
    ]);
  });

  it("without a password drops the user with the connection's credentials, like real pymilvus", async () => {
    connectDefault();
    await expect(utility.deleteUser({ user: "milvusAdmin" })).resolves.toBeUndefined();
    expect(seen).toEqual([
      {
        path: "/v2/vectordb/users/drop",
        authorization: `Bearer ${ADMIN_TOKEN}`,
        timeout: null,
        body: { userName: "milvusAdmin" },
        status: 200,
      },
    ]);
  });

  it("with a password first authenticates as that user, then drops with the connection's credentials", async () => {
    connectDefault();
    await utility.deleteUser({ user: "milvusAdmin", password: USER_PASSWORD, timeout: 5 });
    expect(seen.map((s) => [s.path, s.authorization, s.body])).toEqual([
      ["/v2/vectordb/users/describe", `Bearer milvusAdmin:${USER_PASSWORD}`, { userName: "milvusAdmin" }],
      ["/v2/vectordb/users/drop", `Bearer ${ADMIN_TOKEN}`, { userName: "milvusAdmin" }],
    ]);
    // Both calls share the one 5 s budget, sent as Request-Timeout in whole seconds rounded up: each gets what is
    // left of it (5 on a fast machine, less on a loaded one), never more, and the drop never more than the describe.
    const [describeTimeout, dropTimeout] = seen.map((s) => Number(s.timeout));
    expect(describeTimeout).toBeGreaterThanOrEqual(1);
    expect(describeTimeout).toBeLessThanOrEqual(5);
    expect(dropTimeout).toBeGreaterThanOrEqual(1);
    expect(dropTimeout).toBeLessThanOrEqual(describeTimeout as number);
  });

  it("a wrong password raises MilvusException 1800 and drops nothing", async () => {
    connectDefault();
    preferFor = {
      authorization: `Bearer milvusAdmin:${USER_PASSWORD}`,
      prefer: "code=401, example=needAuthenticate",
    };
    const error = await utility.deleteUser({ user: "milvusAdmin", password: USER_PASSWORD }).catch((e) => e);
    expect(error).toBeInstanceOf(MilvusException);
    expect(error.code).toBe(1800);
    expect(error.message).toBe("incorrect password for user milvusAdmin: user hasn't authenticated");
    expect(String(error)).toBe(`<MilvusException: (code=1800, message=${error.message})>`);
    expect(error.message).not.toContain(USER_PASSWORD);
    expect(seen.map((s) => s.path)).toEqual(["/v2/vectordb/users/describe"]);
  });

  it("a server error on drop raises MilvusException with the Milvus code and message", async () => {
    connectDefault();
    preferFor = { authorization: `Bearer ${ADMIN_TOKEN}`, prefer: "code=200, example=privilegeNotPermitted" };
    const error = await utility.deleteUser({ user: "root" }).catch((e) => e);
    expect(error).toBeInstanceOf(MilvusException);
    expect(error).toMatchObject({
      code: 1401,
      message: "root user cannot be deleted: privilege not permitted",
    });
  });

  it("an RBAC deny (403) on drop raises MilvusException 65535", async () => {
    connectDefault();
    preferFor = { authorization: `Bearer ${ADMIN_TOKEN}`, prefer: "code=403" };
    await expect(utility.deleteUser({ user: "milvusAdmin" })).rejects.toMatchObject({ code: 65535 });
  });

  it.each([
    ["a user name the spec rejects", { user: "1bad" }, "userName: must start with a letter"],
    ["a non-string user", { user: 42 }, "user: must be a string"],
    ["an empty password", { user: "bob", password: "" }, "password: must not be empty"],
    ["a user containing ':' with a password", { user: "a:b", password: "x" }, "user: must not contain ':'"],
  ])("%s raises ParamError before sending", async (_label, args, message) => {
    connectDefault();
    const error = await utility.deleteUser(args as never).catch((e) => e);
    expect(error).toBeInstanceOf(ParamError);
    expect(error.message).toContain(message);
    expect(seen).toEqual([]);
  });
});

describe("alias semantics", () => {
  it("an unknown alias raises ConnectionNotExistException before any request", async () => {
    connectDefault();
    const error = await utility.deleteUser({ user: "bob", using: "other" }).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionNotExistException);
    expect(error).toBeInstanceOf(MilvusException);
    expect(error.message).toBe("should create connection first.");
    expect(seen).toEqual([]);
  });

  it("using picks the named connection and its credentials", async () => {
    connectDefault();
    connections.connect({
      alias: "analytics",
      uri: MOCK_URL,
      user: "ops",
      password: "0ps-Secret",
      fetch: recordingFetch,
    });
    await utility.deleteUser({ user: "bob", using: "analytics" });
    expect(seen[0]?.authorization).toBe("Bearer ops:0ps-Secret");
  });

  it("credentials in the uri are used as user and password, and not kept in the address", async () => {
    connections.connect({
      alias: "uri",
      uri: `${MOCK_URL.replace("http://", "http://ops:0ps%40Secret@")}/`,
      fetch: recordingFetch,
    });
    expect(connections.getConnectionAddr("uri")).toEqual({
      alias: "uri",
      uri: MOCK_URL,
      user: "ops",
      dbName: undefined,
    });
    await utility.listUsernames({ using: "uri" });
    expect(seen[0]?.authorization).toBe("Bearer ops:0ps@Secret");
  });

  it("hasConnection / disconnect / reconnect", async () => {
    expect(connections.hasConnection("default")).toBe(false);
    connectDefault();
    expect(connections.hasConnection("default")).toBe(true);
    connectDefault(); // same configuration again: no-op
    expect(() => connectDefault({ token: "someone:else" })).toThrow(ConnectionConfigException);
    connections.disconnect("default");
    connections.disconnect("never-connected"); // ignored, as in pymilvus
    expect(connections.hasConnection("default")).toBe(false);
    await expect(utility.listUsernames()).rejects.toThrow("should create connection first.");
    connectDefault({ token: "someone:else" }); // a disconnected alias may be reconnected differently
    await utility.listUsernames();
    expect(seen.map((s) => s.authorization)).toEqual(["Bearer someone:else"]);
  });

  it.each([
    ["alias not a string", { alias: 7 }, ConnectionConfigException, "alias: Alias should be string"],
    ["uri not http(s)", { uri: "localhost:19530" }, ParamError, "uri: must look like http[s]://"],
    [
      "uri with a query",
      { uri: "http://localhost:19530/?db=x" },
      ParamError,
      "uri: must not contain a query",
    ],
    ["user without password", { user: "bob" }, ParamError, "password: is required when user is given"],
    ["password without user", { password: "x" }, ParamError, "user: is required when password is given"],
    ["negative timeout", { timeout: -1 }, ParamError, "timeout: must be a positive number"],
  ])("connect rejects %s", (_label, options, type, message) => {
    expect(() => connections.connect({ uri: MOCK_URL, ...options } as never)).toThrow(type);
    expect(() => connections.connect({ uri: MOCK_URL, ...options } as never)).toThrow(message);
    expect(connections.hasConnection("default")).toBe(false);
  });

  it("connect defaults to alias default and http://localhost:19530", () => {
    connections.connect();
    expect(connections.getConnectionAddr("default")).toEqual({
      alias: "default",
      uri: "http://localhost:19530",
      user: undefined,
      dbName: undefined,
    });
  });
});

describe("timeout semantics (seconds; null/undefined = no client timeout)", () => {
  it.each([
    ["undefined", undefined, null],
    ["null", null, null],
    ["2.5 s", 2.5, "3"],
    ["0.2 s", 0.2, "1"],
    ["60 s", 60, "60"],
  ])("timeout %s sends Request-Timeout %s", async (_label, timeout, header) => {
    connectDefault();
    await utility.listUsernames({ timeout });
    expect(seen[0]?.timeout).toBe(header);
  });

  it.each([
    ["zero", 0],
    ["negative", -3],
    ["NaN", Number.NaN],
    ["a string", "5"],
  ])("timeout %s raises ParamError before sending", async (_label, timeout) => {
    connectDefault();
    const error = await utility.deleteUser({ user: "bob", timeout: timeout as never }).catch((e) => e);
    expect(error).toBeInstanceOf(ParamError);
    expect(error.message).toContain("timeout: must be a positive number of seconds");
    expect(seen).toEqual([]);
  });

  describe("against a server that never answers", () => {
    let server: Server;
    let url: string;
    const pending: ServerResponse[] = [];
    beforeAll(async () => {
      server = createServer((_req, res) => pending.push(res));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      for (const res of pending) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it("a timeout raises MilvusException 10001 within the budget", async () => {
      connections.connect({ alias: "slow", uri: url, token: ADMIN_TOKEN });
      const error = await utility
        .deleteUser({ user: "bob", password: USER_PASSWORD, using: "slow", timeout: 0.3 })
        .catch((e) => e);
      expect(error).toBeInstanceOf(MilvusException);
      expect(error.code).toBe(10001);
      // the 0.3 s budget is what stopped the call (the server never answers), whatever the machine's speed
      expect(error.message).toContain("no response within 300 ms (waiting for describeUser)");
      expect(error.message).not.toContain(USER_PASSWORD);
    });
  });

  it("an unreachable server raises MilvusException 2", async () => {
    connections.connect({ alias: "down", uri: "http://127.0.0.1:1", token: ADMIN_TOKEN });
    await expect(utility.listUsernames({ using: "down" })).rejects.toMatchObject({
      name: "MilvusException",
      code: 2,
    });
  });
});

describe("answers that are not Milvus envelopes", () => {
  it("a proxy's plain-text 500 raises MilvusException with code HTTP_500, not Milvus code 500", async () => {
    const proxyFetch: typeof fetch = async () =>
      new Response(`proxy failure, token ${ADMIN_TOKEN}`, {
        status: 500,
        headers: { "content-type": "text/plain" },
      });
    connections.connect({
      alias: "proxied",
      uri: "http://127.0.0.1:1",
      token: ADMIN_TOKEN,
      fetch: proxyFetch,
    });
    const error = await utility.listUsernames({ using: "proxied" }).catch((e) => e);
    expect(error).toBeInstanceOf(MilvusException);
    expect(error.code).toBe("HTTP_500");
    expect(error.message).toBe("proxy failure, token ***");
  });
});

describe("other utility functions against Prism", () => {
  it("createUser, listUsernames, updatePassword", async () => {
    connectDefault();
    await utility.createUser({ user: "milvusAdmin", password: "P@ssw0rd" });
    await expect(utility.listUsernames()).resolves.toEqual(["root", "milvusAdmin"]);
    await utility.updatePassword({
      user: "milvusAdmin",
      oldPassword: "P@ssw0rd",
      newPassword: "N3w-P@ssw0rd",
    });
    expect(seen.map((s) => [s.path, s.body])).toEqual([
      ["/v2/vectordb/users/create", { userName: "milvusAdmin", password: "P@ssw0rd" }],
      ["/v2/vectordb/users/list", {}],
      [
        "/v2/vectordb/users/update_password",
        { userName: "milvusAdmin", password: "P@ssw0rd", newPassword: "N3w-P@ssw0rd" },
      ],
    ]);
  });

  it("createUser with a password under the server's 6 bytes raises ParamError before sending", async () => {
    connectDefault();
    await expect(utility.createUser({ user: "bob", password: "12345" })).rejects.toThrow(ParamError);
    expect(seen).toEqual([]);
  });

  it('createUser with a weak password raises ParamError only under passwordPolicy "zilliz-cloud"', async () => {
    connectDefault({ passwordPolicy: "zilliz-cloud" });
    await expect(utility.createUser({ user: "bob", password: "password" })).rejects.toThrow(ParamError);
    expect(seen).toEqual([]);
  });

  it("resetPassword switches the connection to the new password when it is the connection's own user", async () => {
    connections.connect({ uri: MOCK_URL, user: "milvusAdmin", password: "P@ssw0rd", fetch: recordingFetch });
    await utility.resetPassword({
      user: "milvusAdmin",
      oldPassword: "P@ssw0rd",
      newPassword: "N3w-P@ssw0rd",
    });
    await utility.listUsernames();
    expect(seen.map((s) => s.authorization)).toEqual([
      "Bearer milvusAdmin:P@ssw0rd",
      "Bearer milvusAdmin:N3w-P@ssw0rd",
    ]);
  });
});
