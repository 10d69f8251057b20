// Starts Prism mock servers for the bundled specs. Used by `pnpm mock`, the main-job demo and every
// contract test, so all of them exercise the same validation settings.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { request } from "node:http";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The three APIs, with the default port `pnpm mock` serves each on and the env var that overrides it. */
export const APIS = {
  milvus: { port: 4010, env: "USERCTL_MOCK_MILVUS_PORT" },
  "qingcloud-ehpc": { port: 4011, env: "USERCTL_MOCK_EHPC_PORT" },
  "sunbird-user": { port: 4012, env: "USERCTL_MOCK_SUNBIRD_PORT" },
};

/**
 * How long a Prism may take to answer its first request. Prism needs about 2 s on an idle 2-core machine and
 * several times that when turbo runs other suites beside it: this ceiling only stops a hang.
 */
export const STARTUP_CEILING_MS = 120_000;
const PROBE_INTERVAL_MS = 250;
const OUTPUT_KEPT = 8_000; // characters of Prism's output kept for error messages
const STOP_GRACE_MS = 10_000;

export function specPath(api) {
  if (!APIS[api]) throw new Error(`unknown API "${api}" (one of: ${Object.keys(APIS).join(", ")})`);
  return join(repoRoot, "specs", "dist", `${api}.openapi.json`);
}

/** A port nobody listens on right now, chosen by the OS. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function prismBin() {
  const pkgFile = require.resolve("@stoplight/prism-cli/package.json");
  const pkg = require(pkgFile);
  const bin = typeof pkg.bin === "string" ? pkg.bin : pkg.bin.prism;
  return join(dirname(pkgFile), bin);
}

/** Resolves true once anything answers HTTP on the port (any status), false if nothing does yet. */
function answersHttp(port) {
  return new Promise((resolveProbe) => {
    const req = request({ host: "127.0.0.1", port, path: "/", method: "GET", agent: false, timeout: 5_000 });
    req.on("response", (res) => {
      res.resume();
      resolveProbe(true);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolveProbe(false));
    req.end();
  });
}

// Prism children still running; killed if this process exits without stopping them (a crashed test run).
const running = new Set();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Start Prism for one API on 127.0.0.1 and wait until it answers HTTP on its port. Request validation is
 * Prism's default in mock mode: a request that breaks the spec gets a 422 instead of a mocked answer, which is
 * what contract tests look for.
 * @param {keyof typeof APIS} api
 * @param {{ port?: number, dynamic?: boolean, startupTimeoutMs?: number }} [options]
 */
export async function startMock(api, options = {}) {
  const spec = specPath(api);
  if (!existsSync(spec)) throw new Error(`${spec} does not exist: run the build first (pnpm build)`);
  // A server already on a given port would answer the readiness probe in Prism's place.
  if (options.port !== undefined && (await answersHttp(options.port))) {
    throw new Error(`cannot start Prism for ${api}: port ${options.port} is already in use on 127.0.0.1`);
  }
  try {
    return await launch(api, spec, options.port ?? (await freePort()), options);
  } catch (error) {
    // An OS-chosen port can be taken by another process between freePort() and Prism's bind: pick again once.
    if (options.port === undefined && /EADDRINUSE/.test(String(error?.message))) {
      return launch(api, spec, await freePort(), options);
    }
    throw error;
  }
}

async function launch(api, spec, port, options) {
  const ceilingMs = options.startupTimeoutMs ?? STARTUP_CEILING_MS;
  const keepAlive = join(dirname(fileURLToPath(import.meta.url)), "keep-alive.cjs");
  const args = [
    "--require",
    keepAlive,
    prismBin(),
    "mock",
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
    "--errors",
  ];
  if (options.dynamic) args.push("--dynamic");
  args.push(spec);
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let output = "";
  // Always drained (Prism logs every request), only the tail is kept.
  const keep = (chunk) => {
    output = (output + chunk).slice(-OUTPUT_KEPT);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const what = `Prism for ${api} (${relative(repoRoot, spec)}) to answer HTTP on ${url}`;
  const printed = () => (output.trim() ? `Prism printed:\n${output.trimEnd()}` : "Prism printed nothing.");

  let exited = null;
  const exit = new Promise((resolveExit) => {
    child.once("exit", (code, signal) => {
      exited = signal ?? code;
      resolveExit();
    });
    child.once("error", (error) => {
      exited = error.message;
      resolveExit();
    });
  });
  const started = Date.now();
  while (true) {
    if (exited !== null)
      throw new Error(`Prism for ${api} exited (${exited}) before answering on ${url}. ${printed()}`);
    if (await answersHttp(port)) {
      // The answer must come from our child, not from a process that took the port first.
      if (exited === null) break;
      continue;
    }
    if (Date.now() - started > ceilingMs) {
      child.kill("SIGKILL");
      throw new Error(`Gave up after ${ceilingMs / 1000} s waiting for ${what}. ${printed()}`);
    }
    await Promise.race([exit, new Promise((r) => setTimeout(r, PROBE_INTERVAL_MS))]);
  }
  return {
    api,
    url,
    port,
    spec,
    /** SIGTERM, then SIGKILL if Prism has not exited after a grace period, so stopping never hangs a run. */
    async stop() {
      if (exited !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
      await exit;
      clearTimeout(timer);
    },
  };
}
