// One simulator = one vendor API module (src/apis/*) behind node:http, plus the control plane under /__sim/
// (reset, state snapshot, faults) and optional persistence of the state to a file.
import { createServer, STATUS_CODES } from "node:http";
import { checkFaultNames, faultInfo } from "./faults.mjs";
import { createPersister } from "./persist.mjs";
import { compileOperations, loadSpec, warm } from "./spec.mjs";

const CONTROL_PREFIX = "/__sim/";
const MAX_BODY_BYTES = 1024 * 1024;

function readBody(req) {
  return new Promise((resolveBody, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error("body too large"), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolveBody(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res, { status, headers = {}, json, text }) {
  let payload = "";
  const out = { ...headers };
  if (json !== undefined) {
    payload = JSON.stringify(json);
    out["content-type"] ??= "application/json; charset=utf-8";
  } else if (text !== undefined) {
    payload = text;
    out["content-type"] ??= "text/plain; charset=utf-8";
  }
  out["content-length"] = Buffer.byteLength(payload);
  res.writeHead(status, STATUS_CODES[status] ?? "Unknown", out);
  res.end(payload);
}

/**
 * @param {import("./index.d.ts").ApiModule} api
 * @param {import("./index.d.ts").StartOptions} options
 */
export async function startServer(api, options = {}) {
  const spec = loadSpec(api.name);
  const settings = api.settings(options.options ?? {});
  const operations = compileOperations(
    spec,
    typeof api.specOptions === "function" ? api.specOptions(settings) : api.specOptions,
  );
  const catalogue = api.faults;
  checkFaultNames(catalogue, options.faults ?? []);
  const enabled = new Set(options.faults ?? []);
  const persister = options.stateFile ? createPersister(options.stateFile, api.name) : undefined;

  let state = persister?.load() ?? api.seed(settings);
  const sim = {
    operations,
    settings,
    get state() {
      return state;
    },
    fault: (name) => enabled.has(name),
    now: () => new Date(),
    /** Called by a handler after it changed the state: resolves once the change is on disk (if persisted). */
    commit: () => (persister ? persister.save(state) : Promise.resolve()),
  };

  const faults = () => catalogue.map((f) => faultInfo(f, enabled.has(f.name)));
  const reset = async () => {
    state = api.seed(settings);
    enabled.clear();
    await sim.commit();
  };
  const setFault = (name, on) => {
    checkFaultNames(catalogue, [name]);
    if (on) enabled.add(name);
    else enabled.delete(name);
  };

  async function control(method, path, body) {
    const rest = path.slice(CONTROL_PREFIX.length);
    if (rest === "reset" && method === "POST") {
      await reset();
      return { status: 204 };
    }
    if (rest === "state" && method === "GET") return { status: 200, json: api.snapshot(state) };
    if (rest === "faults" && method === "GET") return { status: 200, json: faults() };
    if (rest.startsWith("faults/") && method === "PUT") {
      const name = decodeURIComponent(rest.slice("faults/".length));
      const fault = catalogue.find((f) => f.name === name);
      if (!fault) return { status: 404, json: { error: `unknown fault "${name}"` } };
      let parsed;
      try {
        parsed = JSON.parse(body.toString("utf8") || "null");
      } catch {
        parsed = undefined;
      }
      if (typeof parsed?.enabled !== "boolean") {
        return { status: 400, json: { error: 'body must be {"enabled": true|false}' } };
      }
      setFault(name, parsed.enabled);
      return { status: 200, json: faultInfo(fault, parsed.enabled) };
    }
    return { status: 404, json: { error: `no control endpoint ${method} ${path}` } };
  }

  const server = createServer(async (req, res) => {
    try {
      const url = req.url ?? "/";
      const q = url.indexOf("?");
      const path = q < 0 ? url : url.slice(0, q);
      const rawQuery = q < 0 ? "" : url.slice(q + 1);
      const rawBody = await readBody(req);
      if (path.startsWith(CONTROL_PREFIX)) {
        send(res, await control(req.method ?? "GET", path, rawBody));
        return;
      }
      const answer = await api.handle(
        { method: req.method ?? "GET", path, rawQuery, headers: req.headers, rawBody },
        sim,
      );
      send(res, answer);
    } catch (error) {
      // Never a stack trace on the wire: the vendor's own 500 shape, or a plain one.
      const status = error?.status ?? 500;
      send(res, api.internalError?.(status) ?? { status, text: STATUS_CODES[status] ?? "error" });
    }
  });
  server.keepAliveTimeout = 5000;

  await new Promise((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolveListen();
    });
  });
  const address = server.address();
  const host = options.host ?? "127.0.0.1";
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
  if (persister && !persister.existed) await sim.commit();
  // Compile the validators shortly after start, one per tick, so neither start-up nor early requests wait long.
  const warming = setTimeout(() => warm(operations), 250);
  warming.unref();

  return {
    api: api.name,
    url,
    port: address.port,
    credentials: api.credentials(settings),
    async stop() {
      await persister?.flush();
      await new Promise((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
    },
    reset,
    setFault,
    faults,
    snapshot: () => api.snapshot(state),
  };
}
