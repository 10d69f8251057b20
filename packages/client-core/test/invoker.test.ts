import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { compileValidators } from "../src/compile.js";
import {
  ApiError,
  createInvoker,
  type DirectSend,
  type Exchange,
  NetworkError,
  type OperationMeta,
  TimeoutError,
  ValidationError,
} from "../src/index.js";

// A local server whose behaviour each test picks by path; it counts the requests that reach it.
let hits = 0;
const behaviours: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  "/ok": (_req, res) =>
    res.writeHead(200, { "content-type": "application/json" }).end('{"code":0,"data":{}}'),
  "/text": (_req, res) =>
    res.writeHead(403, { "content-type": "text/plain" }).end("You do not have permission"),
  "/unavailable": (_req, res) => res.writeHead(503).end(),
  "/reset": (req) => req.socket.destroy(),
  "/hang": () => {},
  "/slow-unavailable": (_req, res) => {
    setTimeout(() => res.writeHead(503).end(), 60);
  },
  "/echo-error": (req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    // A server that quotes the request back in its error, as real ones sometimes do.
    req.on("end", () => res.writeHead(400, { "content-type": "text/plain" }).end(`bad request: ${body}`));
  },
  "/echo-request": (req, res) => {
    req.resume();
    req.on("end", () =>
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers })),
    );
  },
  "/echo": (req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(body || "null"));
  },
};
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    const behaviour =
      behaviours[pathname] ??
      (pathname.startsWith("/echo-request/") ? behaviours["/echo-request"] : undefined);
    if (behaviour) behaviour(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  hits = 0;
});

const op = (path: string, idempotent: boolean, extra: Partial<OperationMeta> = {}): OperationMeta => ({
  operationId: `${idempotent ? "read" : "write"}${path.replace("/", "_")}`,
  method: "post",
  path,
  idempotent,
  summary: "",
  tags: [],
  bodyRequired: false,
  security: [],
  secretFields: [],
  clientManagedParams: [],
  ...extra,
});

const operations = {
  ok: op("/ok", false),
  text: op("/text", true),
  unavailableRead: op("/unavailable", true),
  unavailableWrite: op("/unavailable", false),
  resetRead: op("/reset", true),
  resetWrite: op("/reset", false),
  hang: op("/hang", true),
  slowUnavailable: op("/slow-unavailable", true),
  echoError: op("/echo-error", false, {
    bodySchema: {
      type: "object",
      properties: {
        user: { type: "string" },
        auth: { type: "object", properties: { password: { type: "string" } } },
      },
    },
    secretFields: ["auth.password"],
  }),
  echo: op("/echo", false, {
    bodyRequired: true,
    bodySchema: {
      type: "object",
      required: ["name"],
      properties: { name: { type: "string", minLength: 1 } },
    },
  }),
  echoRequest: op("/echo-request/{id}", true),
} satisfies Record<string, OperationMeta>;

/** Every createInvoker test runs twice: through openapi-fetch, and on the direct path (`direct`). */
let direct: DirectSend | undefined;

interface InvokerOptions {
  retries?: number;
  timeoutMs?: number;
  secrets?: string[];
  /** Default: the test server. */
  url?: string;
  /** Default: record the exchange and return its body. */
  interpret?: (exchange: Exchange) => unknown;
}

function makeInvoker(options: InvokerOptions = {}) {
  const exchanges: Exchange[] = [];
  const url = options.url ?? baseUrl;
  const invoke = createInvoker({
    api: "test",
    operations,
    validators: compileValidators({ $id: "urn:userctl:test" }, operations),
    client: createClient({ baseUrl: url }),
    baseUrl: url,
    retries: options.retries ?? 2,
    timeoutMs: options.timeoutMs ?? 5000,
    secrets: options.secrets ?? [],
    ...(direct ? { direct } : {}),
    interpret:
      options.interpret ??
      ((exchange) => {
        exchanges.push(exchange);
        return exchange.body;
      }),
  });
  return { invoke, exchanges };
}

describe.each(["openapi-fetch", "direct"] as const)("createInvoker (%s)", (path) => {
  beforeAll(() => {
    direct = path === "direct" ? {} : undefined;
  });

  it("hands parsed JSON to interpret", async () => {
    const { invoke } = makeInvoker();
    await expect(invoke("ok")).resolves.toEqual({ code: 0, data: {} });
    expect(hits).toBe(1);
  });

  it("passes a plain-text error body through as text", async () => {
    const { invoke, exchanges } = makeInvoker();
    await expect(invoke("text")).resolves.toBe("You do not have permission");
    expect(exchanges[0]?.status).toBe(403);
  });

  it("sends the JSON body", async () => {
    const { invoke, exchanges } = makeInvoker();
    await expect(invoke("echo", { body: { name: "alice" } })).resolves.toEqual({ name: "alice" });
    // interpret also sees what the caller sent (to scrub user-supplied secrets from vendor messages)
    expect(exchanges[0]?.input).toEqual({ body: { name: "alice" } });
  });

  it("rejects invalid input before anything is sent", async () => {
    const { invoke } = makeInvoker();
    await expect(invoke("echo", { body: { name: "" } })).rejects.toThrow(ValidationError);
    await expect(invoke("echo", {})).rejects.toThrow("(body): is required");
    expect(hits).toBe(0);
  });

  it.each([
    ["idempotent call retried on 503", "unavailableRead", 3],
    ["non-idempotent call not retried on 503", "unavailableWrite", 1],
  ] as const)("%s", async (_name, operationId, expectedHits) => {
    const { invoke, exchanges } = makeInvoker({ retries: 2 });
    await invoke(operationId);
    expect(hits).toBe(expectedHits);
    expect(exchanges[0]?.status).toBe(503);
  });

  it.each([
    ["idempotent call retried on a reset connection", "resetRead", 3],
    ["non-idempotent call not retried on a reset connection", "resetWrite", 1],
  ] as const)("%s", async (_name, operationId, expectedHits) => {
    const { invoke } = makeInvoker({ retries: 2 });
    await expect(invoke(operationId)).rejects.toThrow(NetworkError);
    expect(hits).toBe(expectedHits);
  });

  it("reports a refused connection as NetworkError naming the URL and cause", async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise((resolve) => probe.close(resolve));
    const { invoke } = makeInvoker({ url: closedUrl, retries: 0 });
    await expect(invoke("ok")).rejects.toThrow(`ok: cannot reach ${closedUrl}/ok: ECONNREFUSED`);
  });

  it("times out with TimeoutError and does not retry a timed-out call", async () => {
    const { invoke } = makeInvoker({ timeoutMs: 150, retries: 2 });
    await expect(invoke("hang")).rejects.toThrow(TimeoutError);
    await expect(invoke("hang", {}, { timeoutMs: 100 })).rejects.toThrow("no response within 100 ms");
    expect(hits).toBe(2);
  });

  it("keeps one deadline across retries and back-off", async () => {
    const { invoke } = makeInvoker({ timeoutMs: 250, retries: 10 });
    await expect(invoke("slowUnavailable")).rejects.toThrow(TimeoutError);
    // Each attempt takes 60 ms plus back-off (100, 200, ...): a fresh timeout per attempt would allow 11 attempts.
    // A slower machine only makes fewer attempts fit, so this bound holds under any load.
    expect(hits).toBeLessThanOrEqual(3);
  });

  it("redacts client secrets and password fields from errors raised by interpret", async () => {
    const { invoke } = makeInvoker({
      secrets: ["client-token-123"],
      interpret: ({ body, op }) => {
        throw new ApiError({
          api: "test",
          operationId: op.operationId,
          httpStatus: 400,
          code: "X",
          vendorMessage: `${body} client-token-123`,
        });
      },
    });
    const error = (await invoke("echoError", {
      body: { user: "alice", auth: { password: "Hunter2-secret" } },
    }).catch((e) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toContain('bad request: {"user":"alice","auth":{"password":"***"}} ***');
    expect(error.vendorMessage).not.toContain("Hunter2-secret");
    expect(error.vendorMessage).not.toContain("client-token-123");
  });

  it("redacts secrets from the body before interpret can reshape it", async () => {
    let seen: unknown;
    const { invoke } = makeInvoker({
      secrets: ["client-token-123"],
      interpret: ({ body }) => {
        seen = body;
        // An interpreter that collapses spaces would break a secret containing two of them.
        return String(body).replace(/\s+/g, " ");
      },
    });
    const result = await invoke("echoError", {
      body: { user: "client-token-123", auth: { password: "two  spaces" } },
    });
    expect(seen).toBe('bad request: {"user":"***","auth":{"password":"***"}}');
    expect(result).not.toContain("two");
  });

  it("redacts a 2xx the vendor calls a failure before interpret can reshape it", async () => {
    const { invoke } = makeInvoker({
      secrets: ["tok  en-123"],
      // Milvus-style: HTTP 200 with an error envelope; this interpreter collapses spaces in the message.
      interpret: ({ body, op }) => {
        throw new ApiError({
          api: "test",
          operationId: op.operationId,
          httpStatus: 200,
          code: 1,
          vendorMessage: String((body as { name: string }).name).replace(/\s+/g, " "),
        });
      },
    });
    const error = (await invoke("echo", { body: { name: "tok  en-123" } }).catch((e) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.vendorMessage).toBe("***");
    expect(inspect(error)).not.toContain("en-123");
  });

  it("hands a successful answer over as the server sent it (no redaction work on success)", async () => {
    const { invoke } = makeInvoker({ secrets: ["client-token-123"] });
    await expect(invoke("echo", { body: { name: "client-token-123" } })).resolves.toEqual({
      name: "client-token-123",
    });
  });

  it("redacts secrets from the stack and the cause chain too", async () => {
    const { invoke } = makeInvoker({
      secrets: ["client-token-123"],
      interpret: () => {
        const cause = new TypeError('Headers.set: "Bearer client-token-123" is an invalid header value');
        throw new ApiError(
          { api: "test", operationId: "ok", httpStatus: 200, code: "X", vendorMessage: "client-token-123" },
          { cause },
        );
      },
    });
    const error = (await invoke("ok").catch((e) => e)) as Error;
    expect(error).toBeInstanceOf(ApiError);
    const printed = inspect(error, { depth: 5 });
    expect(printed).toContain("invalid header value");
    expect(printed).not.toContain("client-token-123");
  });

  it.each([
    ["a negative timeout", { timeoutMs: -1 }, "timeoutMs: must be a whole number ≥ 0"],
    ["a fractional timeout", { timeoutMs: 1.5 }, "timeoutMs: must be a whole number ≥ 0"],
    ["NaN retries", { retries: Number.NaN }, "retries: must be a whole number ≥ 0"],
  ])("refuses %s when the client is created", (_name, options, message) => {
    expect(() => makeInvoker(options)).toThrow(ValidationError);
    expect(() => makeInvoker(options)).toThrow(message);
  });

  it("refuses a bad per-call timeout before sending", async () => {
    const { invoke } = makeInvoker();
    await expect(invoke("ok", {}, { timeoutMs: -5 })).rejects.toThrow(
      "timeoutMs: must be a whole number ≥ 0",
    );
    expect(hits).toBe(0);
  });

  it("honours the caller's AbortSignal", async () => {
    const { invoke } = makeInvoker({ timeoutMs: 0 });
    const controller = new AbortController();
    const pending = invoke("hang", {}, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user cancelled")), 50);
    await expect(pending).rejects.toThrow("user cancelled");
  });
});

describe("createInvoker, direct path", () => {
  it("sends what openapi-fetch would: path and query serialized, headers merged, the client's hook last", async () => {
    const seen: string[] = [];
    direct = {
      headers: { "User-Agent": "base", "X-Base": "1" },
      prepare: (_op, request) => {
        request.headers.authorization = "Bearer t";
        seen.push(request.url);
        return undefined;
      },
      onResponse: (_request, response) => seen.push(String(response.status)),
    };
    const viaDirect = makeInvoker().invoke;
    direct = undefined;
    const viaOpenapiFetch = makeInvoker().invoke;
    const input = {
      params: {
        path: { id: "a b/c" },
        query: { q: "x y", n: 2, list: ["1", "2"] },
        header: { "X-Param": "p" },
      },
    };
    const options = { headers: { "user-agent": "call", "X-Call": "2" } };
    const sent = (await viaDirect("echoRequest", input, options)) as {
      url: string;
      headers: Record<string, string>;
    };
    const reference = (await viaOpenapiFetch("echoRequest", input, options)) as { url: string };
    expect(sent.url).toBe(reference.url);
    expect(sent.url).toBe("/echo-request/a%20b%2Fc?q=x%20y&n=2&list=1&list=2");
    expect(sent.headers).toMatchObject({
      "user-agent": "call",
      "x-base": "1",
      "x-call": "2",
      "x-param": "p",
      authorization: "Bearer t",
    });
    expect(seen).toEqual([`${baseUrl}/echo-request/a%20b%2Fc`, "200"]);
  });

  it("sends to the URL the client's hook returns (a signed one)", async () => {
    direct = { prepare: (_op, request) => `${request.url}?signature=abc` };
    const { invoke } = makeInvoker();
    direct = undefined;
    const sent = (await invoke("echoRequest", {
      params: { path: { id: "1" }, query: { q: "dropped" } },
    })) as {
      url: string;
    };
    expect(sent.url).toBe("/echo-request/1?signature=abc");
  });
});

describe("createInvoker, validators imported at the first call", () => {
  it("loads the table once and validates with it", async () => {
    let loads = 0;
    const invoke = createInvoker({
      api: "test",
      operations,
      validators: async () => {
        loads++;
        return compileValidators({ $id: "urn:userctl:test" }, operations);
      },
      client: createClient({ baseUrl }),
      baseUrl,
      interpret: (exchange) => exchange.body,
    });
    expect(loads).toBe(0);
    await expect(invoke("echo", { body: { name: "" } })).rejects.toBeInstanceOf(ValidationError);
    await expect(invoke("echo", { body: { name: "a" } })).resolves.toEqual({ name: "a" });
    expect(loads).toBe(1);
    expect(hits).toBe(1);
  });
});
