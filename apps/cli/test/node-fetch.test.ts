import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeFetch } from "../src/runtime/node-fetch.js";

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A server on 127.0.0.1 that records each request and answers by path. */
function recordingServer(): { server: Server; seen: Seen[]; url: () => string } {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      const path = (req.url ?? "").split("?")[0];
      if (path === "/gzip") {
        const bytes = gzipSync('{"packed":true}');
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
        res.end(bytes);
      } else if (path?.startsWith("/redirect/")) {
        const [, , status, ...rest] = path.split("/");
        res.writeHead(Number(status), { location: decodeURIComponent(rest.join("/")) });
        res.end();
      } else if (path === "/slow") {
        setTimeout(() => res.end("late"), 2_000);
      } else if (path === "/empty") {
        res.writeHead(204);
        res.end();
      } else {
        res.writeHead(201, "Made", { "content-type": "application/json", "x-one": "1" });
        res.end('{"ok":true}');
      }
    });
  });
  return { server, seen, url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const a = recordingServer();
const b = recordingServer(); // another port: another origin
const listen = (s: Server) => new Promise<void>((done) => s.listen(0, "127.0.0.1", done));
const close = (s: Server) =>
  new Promise<void>((done) => {
    s.closeAllConnections();
    s.close(() => done());
  });
beforeAll(async () => {
  await Promise.all([listen(a.server), listen(b.server)]);
});
afterAll(async () => {
  await Promise.all([close(a.server), close(b.server)]);
});

const nodeFetch = createNodeFetch();
const init = (): RequestInit => ({
  method: "POST",
  headers: new Headers({
    "Content-Type": "application/json",
    Authorization: "Bearer t",
    "User-Agent": "u/1",
  }),
  body: '{"userName":"x"}',
});

describe("fetch over node:http", () => {
  it("sends what Node's fetch sends and answers with the same Response", async () => {
    a.seen.length = 0;
    const viaFetch = await fetch(`${a.url()}/v?q=1`, init());
    const viaNode = await nodeFetch(`${a.url()}/v?q=1`, init());
    const [fromFetch, fromNode] = a.seen;
    expect(fromNode?.method).toBe(fromFetch?.method);
    expect(fromNode?.url).toBe("/v?q=1");
    expect(fromNode?.body).toBe(fromFetch?.body);
    const { connection: _c1, ...fetchHeaders } = fromFetch?.headers ?? {};
    const { connection: _c2, ...nodeHeaders } = fromNode?.headers ?? {};
    expect(nodeHeaders).toEqual(fetchHeaders);
    expect(viaNode).toBeInstanceOf(Response);
    expect([viaNode.status, viaNode.statusText, viaNode.ok]).toEqual([
      viaFetch.status,
      viaFetch.statusText,
      viaFetch.ok,
    ]);
    expect(viaNode.headers.get("x-one")).toBe("1");
    expect(await viaNode.text()).toBe(await viaFetch.text());
  });

  it("gives a 204 a null body and decodes a gzip answer", async () => {
    const empty = await nodeFetch(`${a.url()}/empty`, { method: "POST", body: "{}" });
    expect([empty.status, empty.body]).toEqual([204, null]);
    const packed = await nodeFetch(`${a.url()}/gzip`);
    expect(await packed.json()).toEqual({ packed: true });
  });

  it("follows redirects as fetch does: 302 turns POST into GET, 307 keeps method and body", async () => {
    a.seen.length = 0;
    const to = encodeURIComponent("/v");
    const r302 = await nodeFetch(`${a.url()}/redirect/302/${to}`, init());
    expect(r302.status).toBe(201);
    expect(a.seen.map((s) => [s.method, s.url, s.body])).toEqual([
      ["POST", `/redirect/302/${to}`, '{"userName":"x"}'],
      ["GET", "/v", ""],
    ]);
    expect(a.seen[1]?.headers["content-type"]).toBeUndefined();
    a.seen.length = 0;
    await nodeFetch(`${a.url()}/redirect/307/${to}`, init());
    expect(a.seen.map((s) => [s.method, s.body])).toEqual([
      ["POST", '{"userName":"x"}'],
      ["POST", '{"userName":"x"}'],
    ]);
    const manual = await nodeFetch(`${a.url()}/redirect/302/${to}`, { redirect: "manual" });
    expect(manual.status).toBe(302);
  });

  it("drops credentials on a redirect to another origin", async () => {
    b.seen.length = 0;
    await nodeFetch(`${a.url()}/redirect/307/${encodeURIComponent(`${b.url()}/v`)}`, init());
    expect(b.seen).toHaveLength(1);
    expect(b.seen[0]?.headers.authorization).toBeUndefined();
    expect(b.seen[0]?.headers["user-agent"]).toBe("u/1");
  });

  it("rejects like fetch: TypeError with the socket error as cause, or the signal's reason", async () => {
    const port = (a.server.address() as AddressInfo).port;
    const refused = await new Promise<Server>((done) => {
      const s = createServer();
      s.listen(0, "127.0.0.1", () => done(s));
    });
    const deadPort = (refused.address() as AddressInfo).port;
    await close(refused);
    const error = await nodeFetch(`http://127.0.0.1:${deadPort}/`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe("fetch failed");
    expect(((error as Error).cause as { code?: string }).code).toBe("ECONNREFUSED");

    const controller = new AbortController();
    const reason = new DOMException("The operation timed out.", "TimeoutError");
    setTimeout(() => controller.abort(reason), 50);
    await expect(nodeFetch(`http://127.0.0.1:${port}/slow`, { signal: controller.signal })).rejects.toBe(
      reason,
    );
  });

  it("with maxSockets, keeps at most that many connections, reused, and close() ends them", async () => {
    const sockets = new Set<unknown>();
    let open = 0;
    let most = 0;
    const server = createServer((req, res) => {
      open++;
      most = Math.max(most, open);
      setTimeout(() => {
        open--;
        res.end("{}");
      }, 20);
      req.resume();
    });
    server.on("connection", (socket) => sockets.add(socket));
    await listen(server);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const limited = createNodeFetch(fetch, { maxSockets: 3 });
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => limited(url, { method: "POST", body: "{}" })),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(most).toBe(3);
    expect(sockets.size).toBe(3);
    await limited.close();
    await close(server); // would wait for kept-alive connections if close() had left any open
  });

  it("hands anything else (a Request, a dispatcher) to the fallback fetch", async () => {
    const calls: unknown[] = [];
    const fallback = (async (input: unknown) => {
      calls.push(input);
      return new Response("fallback");
    }) as typeof fetch;
    const viaFallback = createNodeFetch(fallback);
    const request = new Request(`${a.url()}/v`);
    expect(await (await viaFallback(request)).text()).toBe("fallback");
    expect(await (await viaFallback(`${a.url()}/v`, { dispatcher: {} } as RequestInit)).text()).toBe(
      "fallback",
    );
    expect(calls).toHaveLength(2);
  });
});
