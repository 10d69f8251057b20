// Contract tests: every operation through the client against Prism serving the bundled spec with request
// validation on. A Prism 422 (request does not match the spec) or 401 (no signature) fails the call.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import { NetworkError, TimeoutError, ValidationError } from "@userctl/client-core";
import { freePort } from "@userctl/mock";
import { mockUrl } from "@userctl/mock/vitest";
import AjvModule from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AddUserInput,
  createEhpcClient,
  type DeleteUserInput,
  EHPC_ERROR_CODES,
  type EhpcClient,
  type EhpcClientOptions,
  EhpcError,
  type ListUsersInput,
  type ModifyUserInput,
  operations,
  signRequest,
} from "../src/index.js";

const Ajv2020 = AjvModule.default;
const addFormats = addFormatsModule.default;

// Read the bundle by relative path (the client must not depend on @userctl/specs).
const SPEC_FILE = fileURLToPath(new URL("../../../specs/dist/qingcloud-ehpc.openapi.json", import.meta.url));
// biome-ignore lint/suspicious/noExplicitAny: the bundled spec is walked as plain JSON.
const spec: any = JSON.parse(readFileSync(SPEC_FILE, "utf8"));
const SPEC_ID = "urn:test:qingcloud-ehpc";
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...spec, $id: SPEC_ID });
const pointer = (...parts: string[]) =>
  parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
const responseValidator = (path: string, method: string) =>
  ajv.compile({
    $ref: `${SPEC_ID}#/${pointer("paths", path, method, "responses", "200", "content", "application/json", "schema")}`,
  });
const componentValidator = (name: string) => ajv.compile({ $ref: `${SPEC_ID}#/components/schemas/${name}` });

const SECRET = "SECRETKEY-EHPC-CONTRACT-7c1e";
const AK = "QYACCESSKEYIDCONTRACT";

/** Prism for this API, started once for the package run by test/global-setup.ts. */
const MOCK_URL = mockUrl("qingcloud-ehpc");

/** Real fetch to Prism, recording each answer so tests can check status and body against the spec. */
function recordingFetch() {
  const exchanges: Array<{ url: string; status: number; body: unknown }> = [];
  const fetchSpy: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const response = await fetch(input, init);
    const text = await response.clone().text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    exchanges.push({ url, status: response.status, body });
    return response;
  };
  return { exchanges, fetchSpy };
}

function client(overrides: Partial<EhpcClientOptions> = {}): EhpcClient {
  return createEhpcClient({
    endpoint: MOCK_URL,
    accessKeyId: AK,
    secretAccessKey: SECRET,
    zone: "jn1a",
    ...overrides,
  });
}

type Call = (c: EhpcClient, headers?: Record<string, string>) => Promise<unknown>;
const OPERATIONS: Array<{ operationId: keyof typeof operations; success: string; call: Call }> = [
  {
    operationId: "addUser",
    success: "AddUserResponse",
    call: (c, headers) =>
      c.addUser(
        { cluster_id: "ehpc-8jqdq0mz", username: "isabel", password: "Ehpc2024!Pass", mod: "700" },
        { headers },
      ),
  },
  {
    operationId: "listUsers",
    success: "ListUsersResponse",
    call: (c, headers) =>
      c.listUsers({ cluster_id: "hpc-qig9xu97", search_word: "isa bel", limit: 10, offset: 0 }, { headers }),
  },
  {
    operationId: "modifyUser",
    success: "ModifyUserResponse",
    call: (c, headers) =>
      c.modifyUser(
        { cluster_id: "ehpc-8jqdq0mz", username: "isabel", new_password: "%e^S5kW1*&fR" },
        { headers },
      ),
  },
  {
    operationId: "deleteUser",
    success: "DeleteUserResponse",
    call: (c, headers) =>
      c.deleteUser({ cluster_id: "ehpc-8jqdq0mz", username: "isabel", zone: "jn1a" }, { headers }),
  },
];

function examplesOf(
  operationId: keyof typeof operations,
): Array<[string, { ret_code: number; message?: string }]> {
  const { path, method } = operations[operationId];
  const examples = spec.paths[path][method].responses["200"].content["application/json"].examples;
  return Object.entries(examples).map(([name, ex]) => {
    // biome-ignore lint/suspicious/noExplicitAny: resolving a local $ref in plain JSON.
    const resolved: any = (ex as { $ref?: string }).$ref
      ? spec.components.examples[
          String((ex as { $ref: string }).$ref)
            .split("/")
            .pop() as string
        ]
      : ex;
    return [name, resolved.value];
  });
}

describe("spec shape", () => {
  it("has exactly the four user operations, each with a success example first", () => {
    expect(Object.keys(operations).sort()).toEqual(["addUser", "deleteUser", "listUsers", "modifyUser"]);
    for (const { operationId } of OPERATIONS) {
      const [first] = examplesOf(operationId);
      expect(first?.[1].ret_code, operationId).toBe(0);
    }
  });

  it("documents the same error codes in the readable table and in x-error-codes (1100…8004)", () => {
    const description: string = spec.components.schemas.EhpcErrorResponse.description;
    const tableCodes = [...description.matchAll(/^\| (\d{4}) \|/gm)].map((m) => Number(m[1]));
    const exported = EHPC_ERROR_CODES.map((row) => row.code);
    expect(tableCodes).toEqual(exported);
    expect(exported).toHaveLength(43);
    expect(exported[0]).toBe(1100);
    expect(exported.at(-1)).toBe(8004);
  });
});

describe.each(OPERATIONS)("$operationId against Prism", ({ operationId, success, call }) => {
  const { path, method } = operations[operationId];
  const validate = responseValidator(path, method);
  const validateSuccess = componentValidator(success);

  it("succeeds with a signed request Prism accepts, and a response that matches the schema", async () => {
    const { exchanges, fetchSpy } = recordingFetch();
    const result = await call(client({ fetch: fetchSpy }));
    expect(exchanges.map((e) => e.status)).toEqual([200]);
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    expect(validateSuccess(result), JSON.stringify(validateSuccess.errors)).toBe(true);
    expect(result).toMatchObject({ ret_code: 0 });
    expect(exchanges[0]?.url).not.toContain(SECRET);
  });

  const errorExamples = examplesOf(operationId).filter(([, value]) => value.ret_code !== 0);
  it.each(errorExamples)("maps the %s example to EhpcError", async (exampleName, value) => {
    const { exchanges, fetchSpy } = recordingFetch();
    const error = await call(client({ fetch: fetchSpy }), {
      Prefer: `code=200, example=${exampleName}`,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EhpcError);
    const e = error as EhpcError;
    expect(e.code).toBe(value.ret_code);
    expect(e.httpStatus).toBe(200);
    expect(e.operationId).toBe(operationId);
    expect(e.api).toBe("qingcloud-ehpc");
    expect(e.vendorMessage).toBe(value.message);
    expect(e.meaning).toBe(EHPC_ERROR_CODES.find((row) => row.code === value.ret_code)?.meaning);
    expect(e.isAuthError).toBe([1200, 1300, 1400].includes(value.ret_code));
    expect(e.isNotFound).toBe([2100, 1610].includes(value.ret_code));
    expect(e.message).not.toContain(SECRET);
    expect(exchanges.map((x) => x.status)).toEqual([200]);
    expect(validate(exchanges[0]?.body), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe("input validation happens before anything is sent", () => {
  const BASE = { cluster_id: "ehpc-8jqdq0mz", username: "isabel" };
  const cases: Array<[string, (c: EhpcClient) => Promise<unknown>, string]> = [
    [
      "deleteUser without username",
      (c) => c.deleteUser({ cluster_id: "ehpc-1" } as unknown as DeleteUserInput),
      "username: is required",
    ],
    [
      "deleteUser with an empty cluster_id",
      (c) => c.deleteUser({ ...BASE, cluster_id: "" }),
      "cluster_id: must not be empty",
    ],
    ["deleteUser with an empty zone", (c) => c.deleteUser({ ...BASE, zone: "" }), "zone: must not be empty"],
    [
      "addUser without password",
      (c) => c.addUser({ ...BASE } as unknown as AddUserInput),
      "password: is required",
    ],
    [
      "addUser with a bad mod",
      (c) => c.addUser({ ...BASE, password: "x", mod: "77x" }),
      "mod: must match the pattern",
    ],
    [
      "modifyUser with 11 characters",
      (c) => c.modifyUser({ ...BASE, new_password: "Abcdef12345" }),
      "new_password: must be at least 12 characters",
    ],
    [
      "modifyUser with 31 characters",
      (c) => c.modifyUser({ ...BASE, new_password: `${"A1!".repeat(10)}x` }),
      "new_password: must be at most 30 characters",
    ],
    [
      "modifyUser with a space",
      (c) => c.modifyUser({ ...BASE, new_password: "Abcdef 123456" }),
      "new_password: must match the pattern",
    ],
    [
      "modifyUser with a '-'",
      (c) => c.modifyUser({ ...BASE, new_password: "Abcdef-123456" }),
      "new_password: must match the pattern",
    ],
    ["listUsers with limit 101", (c) => c.listUsers({ limit: 101 }), "limit: must be <= 100"],
    ["listUsers with limit 0", (c) => c.listUsers({ limit: 0 }), "limit: must be >= 1"],
    ["listUsers with offset -1", (c) => c.listUsers({ offset: -1 }), "offset: must be >= 0"],
    [
      "deleteUser with an unknown field (user_name instead of username)",
      (c) => c.deleteUser({ ...BASE, user_name: "x" } as unknown as DeleteUserInput),
      "user_name: is not a known field",
    ],
    [
      "addUser with an unknown field",
      (c) => c.addUser({ ...BASE, password: "Ehpc2024!Pass", home: "/x" } as unknown as AddUserInput),
      "home: is not a known field",
    ],
    [
      "modifyUser with the old password too",
      (c) =>
        c.modifyUser({
          ...BASE,
          new_password: "%e^S5kW1*&fR",
          password: "old",
        } as unknown as ModifyUserInput),
      "password: is not a known field",
    ],
    [
      "listUsers with an unknown query parameter",
      (c) => c.listUsers({ cluster: "ehpc-1" } as unknown as ListUsersInput),
      "cluster: is not a known field",
    ],
    [
      "listUsers with a text limit",
      (c) => c.listUsers({ limit: "ten" as unknown as number }),
      "limit: must be of type integer",
    ],
  ];
  it.each(cases)("%s", async (_name, call, expected) => {
    let sent = 0;
    const c = client({
      fetch: async () => {
        sent++;
        return Response.json({ ret_code: 0 });
      },
    });
    const error = await call(c).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message.startsWith(expected), (error as Error).message).toBe(true);
    expect((error as Error).message).not.toContain("\n");
    expect(sent).toBe(0);
  });

  const optionCases: Array<[string, Partial<EhpcClientOptions>, string]> = [
    ["no secret key", { secretAccessKey: "" }, "secretAccessKey: is required"],
    ["no access key id", { accessKeyId: " " }, "accessKeyId: is required"],
    ["no zone", { zone: "" }, "zone: is required"],
    [
      "a relative endpoint",
      { endpoint: "hpc-api.qingcloud.com" },
      "endpoint: must be an absolute http:// or https:// URL",
    ],
    [
      "an ftp endpoint",
      { endpoint: "ftp://hpc-api.qingcloud.com" },
      "endpoint: must be an absolute http:// or https:// URL",
    ],
    [
      "an endpoint with credentials",
      { endpoint: `https://ak:${SECRET}@hpc-api.qingcloud.com` },
      "endpoint: must not contain credentials (pass them as options instead)",
    ],
    [
      "an endpoint with a query",
      { endpoint: "https://hpc-api.qingcloud.com?zone=jn1a" },
      "endpoint: must not contain a query or fragment",
    ],
    ["a negative timeout", { timeoutMs: -1 }, "timeoutMs: must be a whole number ≥ 0"],
    ["fractional retries", { retries: 0.5 }, "retries: must be a whole number ≥ 0"],
  ];
  it.each(optionCases)("factory refuses %s", (_name, overrides, expected) => {
    expect(() => client(overrides)).toThrow(
      new ValidationError(...(expected.split(": ") as [string, string])),
    );
    try {
      client(overrides);
    } catch (e) {
      expect((e as Error).message).not.toContain(SECRET);
    }
  });
});

describe("what Prism enforces, and how the client reports answers that are not EHPC answers", () => {
  it("Prism refuses an unsigned request (401) and one missing a common parameter (422)", async () => {
    const signed = signRequest({
      accessKeyId: AK,
      secretAccessKey: SECRET,
      method: "GET",
      path: "/api/user",
      query: { zone: "jn1a" },
      timestamp: new Date(),
    });
    const unsigned = signed.canonicalQuery;
    expect((await fetch(`${MOCK_URL}/api/user?${unsigned}`)).status).toBe(401);
    const noTimestamp = signed.queryString.replace(/timestamp=[^&]*&/, "");
    expect((await fetch(`${MOCK_URL}/api/user?${noTimestamp}`)).status).toBe(422);
    expect((await fetch(`${MOCK_URL}${signed.pathAndQuery}`)).status).toBe(200);
  });

  it.each([
    ["signature", 401, true],
    ["timestamp", 422, false],
  ])("a request whose %s is stripped on the way becomes EhpcError HTTP_%i", async (param, status, auth) => {
    const tamper: typeof fetch = (input, init) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      const kept = url.search
        .slice(1)
        .split("&")
        .filter((pair) => !pair.startsWith(`${param}=`));
      return fetch(new Request(`${url.origin}${url.pathname}?${kept.join("&")}`, request));
    };
    const error = await client({ fetch: tamper })
      .deleteUser({ cluster_id: "c", username: "u" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EhpcError);
    expect(error).toMatchObject({
      code: `HTTP_${status}`,
      httpStatus: status,
      isAuthError: auth,
      operationId: "deleteUser",
    });
    expect((error as Error).message).not.toContain(SECRET);
  });
});

describe("transport failures, retries and secrets", () => {
  it("reports an unreachable endpoint as NetworkError without the secret", async () => {
    const port = await freePort(); // nobody listens here
    const error = await createEhpcClient({
      endpoint: `http://127.0.0.1:${port}`,
      accessKeyId: AK,
      secretAccessKey: SECRET,
      zone: "jn1a",
    })
      .listUsers()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).not.toContain(SECRET);
    expect(String((error as Error).stack)).not.toContain(SECRET);
  });

  it("gives up after timeoutMs with TimeoutError", async () => {
    const hang: typeof fetch = (input, init) =>
      new Promise((_resolve, reject) => {
        const signal = new Request(input, init).signal;
        signal.addEventListener("abort", () => reject(signal.reason));
      });
    const error = await client({ fetch: hang, timeoutMs: 50 })
      .deleteUser({ cluster_id: "c", username: "u" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).not.toContain(SECRET);
  });

  it("retries listUsers (idempotent) after a network error, but never deleteUser", async () => {
    const flaky = () => {
      let calls = 0;
      const f: typeof fetch = async (input, init) => {
        calls++;
        if (calls === 1) throw new TypeError("fetch failed");
        return fetch(input, init);
      };
      return { f, count: () => calls };
    };
    const list = flaky();
    await expect(client({ fetch: list.f, retries: 2 }).listUsers()).resolves.toMatchObject({ ret_code: 0 });
    expect(list.count()).toBe(2);
    const del = flaky();
    await expect(
      client({ fetch: del.f, retries: 2 }).deleteUser({ cluster_id: "c", username: "u" }),
    ).rejects.toBeInstanceOf(NetworkError);
    expect(del.count()).toBe(1);
  });

  it("keeps the secret out of the log and every request", async () => {
    const logs: string[] = [];
    const { exchanges, fetchSpy } = recordingFetch();
    const c = client({ fetch: fetchSpy, logger: (line) => logs.push(line) });
    for (const { call } of OPERATIONS) await call(c);
    await call_with_error(c);
    expect(exchanges).toHaveLength(5);
    for (const text of [...logs, ...exchanges.map((x) => x.url)]) expect(text).not.toContain(SECRET);
    expect(logs.filter((l) => l.startsWith("→ "))).toHaveLength(5);
  });

  it("accepts an endpoint with a trailing slash and sends to /api/…, not //api/…", async () => {
    const { exchanges, fetchSpy } = recordingFetch();
    await client({ endpoint: `${MOCK_URL}/`, fetch: fetchSpy }).listUsers();
    expect(new URL(exchanges[0]?.url ?? "").pathname).toBe("/api/user");
  });
});

describe("secrets in errors from a server that echoes the request", () => {
  const ADD_PASSWORD = "Ehpc2024!Pass";
  const NEW_PASSWORD = "%e^S5kW1*&fR";
  let server: Server;
  let url: string;
  beforeAll(async () => {
    // A server that knows the shared secret (it checks signatures) and puts the secret and the raw request body
    // into its error, in the three shapes a client meets: EHPC's envelope, a JSON error of a proxy, an HTML page.
    server = createServer((request, response) => {
      let raw = "";
      request.on("data", (chunk) => {
        raw += chunk;
      });
      request.on("end", () => {
        // Body first: a foreign answer is cut to its first 200 characters, and the password must be within them.
        const echo = `bad body ${raw} for key ${SECRET} at ${request.url}`;
        const mode = request.headers["x-echo"];
        if (mode === "envelope") {
          response.setHeader("content-type", "application/json");
          response.end(JSON.stringify({ ret_code: 1100, message: echo }));
        } else if (mode === "json") {
          response.statusCode = 400;
          response.setHeader("content-type", "application/json");
          response.end(JSON.stringify({ error: echo, body: JSON.parse(raw || "{}") }));
        } else {
          response.statusCode = 502;
          response.setHeader("content-type", "text/html");
          response.end(`<html><body><pre>${echo}</pre></body></html>`);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  const calls: Array<[string, string, (c: EhpcClient, headers: Record<string, string>) => Promise<unknown>]> =
    [
      [
        "addUser",
        ADD_PASSWORD,
        (c, headers) =>
          c.addUser({ cluster_id: "ehpc-1", username: "isabel", password: ADD_PASSWORD }, { headers }),
      ],
      [
        "modifyUser",
        NEW_PASSWORD,
        (c, headers) =>
          c.modifyUser({ cluster_id: "ehpc-1", username: "isabel", new_password: NEW_PASSWORD }, { headers }),
      ],
    ];
  const cases = calls.flatMap(([name, password, call]) =>
    (["envelope", "json", "html"] as const).map((mode) => [name, mode, password, call] as const),
  );
  it.each(cases)(
    "%s, answered as %s: neither the secret key nor the password is in the error",
    async (_name, mode, password, call) => {
      let sentBody = "";
      const spy: typeof fetch = async (input, init) => {
        sentBody = await (input instanceof Request ? input.clone() : new Request(input, init)).text();
        return fetch(input, init);
      };
      const error = await call(
        createEhpcClient({
          endpoint: url,
          accessKeyId: AK,
          secretAccessKey: SECRET,
          zone: "jn1a",
          fetch: spy,
        }),
        {
          "x-echo": mode,
        },
      ).catch((e: unknown) => e);
      // The server did see and echo both: otherwise this test would prove nothing.
      expect(sentBody).toContain(password);
      expect(error).toBeInstanceOf(EhpcError);
      const e = error as EhpcError;
      expect(e.code).toBe(mode === "envelope" ? 1100 : mode === "json" ? "HTTP_400" : "HTTP_502");
      // The echo reached the error (the body with its password field, and the key), redacted.
      expect(e.vendorMessage).toMatch(/bad body .*cluster_id/);
      expect(e.vendorMessage).toContain("for key ***");
      for (const text of [e.message, e.vendorMessage, String(e.stack), inspect(e), JSON.stringify(e)]) {
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain(password);
        expect(text).not.toContain(encodeURIComponent(password));
      }
    },
  );
});

async function call_with_error(c: EhpcClient) {
  await expect(
    c.deleteUser({ cluster_id: "c", username: "u" }, { headers: { Prefer: "code=200, example=authFailed" } }),
  ).rejects.toBeInstanceOf(EhpcError);
}
