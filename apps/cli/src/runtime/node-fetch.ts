// fetch(url, init) over node:http / node:https: what every userctl request is sent with.
//
// Why not Node's own fetch: its undici parses HTTP with llhttp compiled to WebAssembly, and compiling that module
// on a process's first request costs more than everything else a one-item `userctl … drop x` does (start-up,
// argument parsing, validation and the request itself); node:http parses with the same llhttp built into Node,
// and costs less CPU per request too, which is what bounds a bulk run (its Agent: `maxSockets` = --concurrency).
//
// What the client sees is unchanged: a WHATWG Response (the global class), the request headers undici's fetch adds
// (accept, accept-language, sec-fetch-mode, accept-encoding, user-agent), compressed answers decoded, redirects
// followed as fetch does (`redirect: "follow"`, at most 20, 303 and POST-after-301/302 turned into GET, credentials
// dropped across origins), rejections as `TypeError: fetch failed` with the socket error as `cause`, and the
// signal's reason when aborted. Anything this does not cover (a Request object, a stream or form body, an undici
// dispatcher) is handed to Node's fetch unchanged.
//
// Why not a library (node-fetch 3.3.2, tried on issue-12c with its classes as the bundle's globals and loaded only
// on a run's first request): one-item drop CPU (user+sys, 21 interleaved rounds, median) 121-123 ms vs this file's
// 104-108 ms, i.e. 1.73-1.80x `--version` vs 1.49-1.59x (target 1.5x); a bulk drop of 1000 names took 1.8-2.8 s
// vs 0.7-0.8 s here (bench: 0.76-1.13x a bare fetch loop vs 0.44-0.56x, target 1.10x). It also keeps credentials
// on a redirect to another port of the same host, which fetch (and this file) drops.
import type { Agent, IncomingMessage } from "node:http";

// Node's own fetch type (undici, via @types/node): the CLI compiles without the browser's lib.dom.
type BodyInit = NonNullable<RequestInit["body"]>;

const MAX_REDIRECTS = 20;
const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
/** Dropped when a redirect leaves the origin (fetch spec, "HTTP-redirect fetch"; undici does the same). */
const CROSS_ORIGIN_DROPPED = ["authorization", "cookie", "proxy-authorization", "host"];
/** Dropped when a redirect turns the request into a body-less GET. */
const BODY_HEADERS = [
  "content-type",
  "content-length",
  "content-encoding",
  "content-language",
  "content-location",
];

type Body = string | Uint8Array | undefined;

function handledBody(body: unknown): body is Body {
  return body === undefined || body === null || typeof body === "string" || body instanceof Uint8Array;
}

export type NodeFetch = typeof fetch & {
  /** Closes the connections this fetch keeps open (only with `maxSockets`; Node's global agents otherwise). */
  close(): Promise<void>;
};

type AgentFor = (secure: boolean) => Promise<Agent | undefined>;

/**
 * `fetch` that sends plain string/bytes requests with node:http(s) and everything else with `fallback`.
 * `maxSockets`: at most that many keep-alive connections per origin, reused by every request (bulk runs);
 * without it, Node's global agents (keep-alive too).
 */
export function createNodeFetch(
  fallback: typeof fetch = globalThis.fetch,
  { maxSockets }: { maxSockets?: number } = {},
): NodeFetch {
  // One agent per protocol, made once: requests started together wait for the same one.
  const agents = new Map<boolean, Promise<Agent>>();
  const agentFor: AgentFor = (secure) => {
    if (maxSockets === undefined) return Promise.resolve(undefined);
    let agent = agents.get(secure);
    if (!agent) {
      agent = (secure ? import("node:https") : import("node:http")).then(
        ({ Agent: AgentClass }) => new AgentClass({ keepAlive: true, maxSockets }),
      );
      agents.set(secure, agent);
    }
    return agent;
  };
  const nodeFetch: typeof fetch = (input, init = {}) => {
    const plain = typeof input === "string" || input instanceof URL;
    if (!plain || !handledBody(init.body) || "dispatcher" in init) return fallback(input, init);
    return send(new URL(String(input)), init, agentFor);
  };
  return Object.assign(nodeFetch, {
    async close() {
      const made = await Promise.all(agents.values());
      agents.clear();
      for (const agent of made) agent.destroy();
    },
  });
}

async function send(first: URL, init: RequestInit, agentFor: AgentFor): Promise<Response> {
  const signal = init.signal ?? undefined;
  const mode = init.redirect ?? "follow";
  let url = first;
  let method = (init.method ?? "GET").toUpperCase();
  let body = (init.body ?? undefined) as Body;
  const headers = new Headers(init.headers);
  for (let redirects = 0; ; redirects++) {
    const response = await exchange(url, method, headers, body, signal, agentFor);
    const location = response.headers.get("location");
    if (!REDIRECT_STATUS.has(response.status) || location === null || mode === "manual") return response;
    await response.body?.cancel();
    if (mode === "error") throw new TypeError("fetch failed", { cause: new Error("unexpected redirect") });
    const next = new URL(location, url);
    if (redirects >= MAX_REDIRECTS || !/^https?:$/.test(next.protocol)) {
      throw new TypeError("fetch failed", { cause: new Error("redirect count exceeded or bad scheme") });
    }
    if (
      (response.status === 303 && method !== "GET" && method !== "HEAD") ||
      ((response.status === 301 || response.status === 302) && method === "POST")
    ) {
      method = "GET";
      body = undefined;
      for (const name of BODY_HEADERS) headers.delete(name);
    }
    if (next.origin !== url.origin) for (const name of CROSS_ORIGIN_DROPPED) headers.delete(name);
    url = next;
  }
}

async function exchange(
  url: URL,
  method: string,
  given: Headers,
  body: Body,
  signal: AbortSignal | undefined,
  agentFor: AgentFor,
): Promise<Response> {
  if (signal?.aborted) throw signal.reason;
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError("fetch failed", { cause: new Error(`unsupported scheme ${url.protocol}`) });
  }
  const secure = url.protocol === "https:";
  // node:https (and with it tls) is loaded only for an https endpoint.
  const { request } = secure ? await import("node:https") : await import("node:http");
  const agent = await agentFor(secure);
  const headers: Record<string, string> = {};
  // The headers undici's fetch sends when the caller gave none of its own.
  headers.accept = "*/*";
  headers["accept-language"] = "*";
  headers["sec-fetch-mode"] = "cors";
  headers["user-agent"] = "node";
  headers["accept-encoding"] = secure ? "br, gzip, deflate" : "gzip, deflate";
  for (const [name, value] of given) headers[name] = value;
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  if (bytes !== undefined) {
    headers["content-length"] = String(bytes.byteLength);
    headers["content-type"] ??= "text/plain;charset=UTF-8";
  } else if (method === "POST" || method === "PUT") headers["content-length"] = "0";

  const answer = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(url, { method, headers, ...(agent ? { agent } : {}) }, resolve);
    const onAbort = () => {
      req.destroy();
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    req.once("close", () => signal?.removeEventListener("abort", onAbort));
    req.once("error", (error) => reject(new TypeError("fetch failed", { cause: error })));
    req.end(bytes);
  });
  const chunks = await readAll(answer, signal);
  const responseHeaders = new Headers();
  for (let i = 0; i < answer.rawHeaders.length; i += 2) {
    responseHeaders.append(answer.rawHeaders[i] as string, answer.rawHeaders[i + 1] as string);
  }
  const status = answer.statusCode ?? 0;
  const nullBody = NULL_BODY_STATUS.has(status) || method === "HEAD";
  const content = nullBody ? null : await decode(chunks, responseHeaders.get("content-encoding"));
  return new Response(content, { status, statusText: answer.statusMessage ?? "", headers: responseHeaders });
}

function readAll(answer: IncomingMessage, signal: AbortSignal | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onAbort = () => {
      answer.destroy();
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    answer.on("data", (chunk: Buffer) => chunks.push(chunk));
    answer.once("end", () => {
      signal?.removeEventListener("abort", onAbort);
      resolve(Buffer.concat(chunks));
    });
    answer.once("error", (error) => {
      signal?.removeEventListener("abort", onAbort);
      reject(new TypeError("fetch failed", { cause: error }));
    });
  });
}

/** Undoes `content-encoding` (gzip, deflate, br; last applied first), as fetch does. */
async function decode(bytes: Buffer, encoding: string | null): Promise<BodyInit> {
  const codings = (encoding ?? "")
    .toLowerCase()
    .split(",")
    .map((c) => c.trim())
    .filter((c) => c !== "" && c !== "identity");
  if (codings.length === 0) return bytes as unknown as BodyInit;
  const zlib = await import("node:zlib");
  const { promisify } = await import("node:util");
  let out: Buffer = bytes;
  for (const coding of codings.reverse()) {
    try {
      if (coding === "gzip" || coding === "x-gzip") out = await promisify(zlib.gunzip)(out);
      else if (coding === "deflate") out = await promisify(zlib.inflate)(out);
      else if (coding === "br") out = await promisify(zlib.brotliDecompress)(out);
      else return bytes as unknown as BodyInit; // an unknown coding: fetch hands the bytes on as they came
    } catch (error) {
      throw new TypeError("fetch failed", { cause: error });
    }
  }
  return out as unknown as BodyInit;
}
