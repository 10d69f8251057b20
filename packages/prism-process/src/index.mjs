// Runs Stoplight Prism as a child process, the one way every userctl tool does it (tools/mock serves the specs,
// `userctl-sim --validate` puts Prism's validation proxy in front of a simulator). Readiness is an HTTP answer
// on the port, not a log line: Prism's wording is not an interface, and an answer is what callers need.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { connect, createServer } from "node:net";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/**
 * How long a Prism may take to answer its first request. Prism needs about 2 s on an idle 2-core machine and
 * several times that when other work runs beside it: this ceiling only stops a hang.
 */
export const STARTUP_CEILING_MS = 120_000;
const PROBE_INTERVAL_MS = 250;
const OUTPUT_KEPT = 8_000; // characters of Prism's output kept for error messages
const STOP_GRACE_MS = 10_000;
// biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ANSI colours of Prism's log lines
const ANSI = /\u001b\[[0-9;]*m/g;

/** A port nobody listens on right now on `host`, chosen by the OS. */
export function freePort(host = "127.0.0.1") {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** The entry script of the installed @stoplight/prism-cli; a one-line error if it is not installed. */
export function prismBin() {
  let pkgFile;
  try {
    pkgFile = require.resolve("@stoplight/prism-cli/package.json");
  } catch {
    const error = new Error(
      "@stoplight/prism-cli is not installed (npm install @stoplight/prism-cli@5.14.2)",
    );
    error.code = "PRISM_NOT_INSTALLED";
    throw error;
  }
  const pkg = require(pkgFile);
  return join(dirname(pkgFile), typeof pkg.bin === "string" ? pkg.bin : pkg.bin.prism);
}

/**
 * Resolves true once an HTTP server answers on host:port (any status), false if nothing does yet. The probe is a
 * request line no server accepts, so the HTTP server answers it (400) before any request handler runs: Prism
 * neither logs it nor, as a validation proxy, forwards it upstream and reports it as a violation.
 */
export function answersHttp(host, port) {
  return new Promise((resolveProbe) => {
    const socket = connect({ host, port, timeout: 5_000 });
    let answer = "";
    socket.on("connect", () => socket.write("PROBE / HTTP/1.1\r\n\r\n"));
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
      if (answer.length >= 5) socket.destroy();
    });
    socket.on("timeout", () => socket.destroy());
    socket.on("error", () => {});
    socket.on("close", () => resolveProbe(answer.startsWith("HTTP/")));
  });
}

// Prism children still running; killed if this process exits without stopping them (a crashed run).
const running = new Set();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Start `prism <command> --host <host> --port <port> <...args>` and wait until it answers HTTP on its port.
 * @param {import("./index.d.ts").StartPrismOptions} options
 * @returns {Promise<import("./index.d.ts").PrismProcess>}
 */
export async function startPrism(options) {
  const host = options.host ?? "127.0.0.1";
  // A server already on a given port would answer the readiness probe in Prism's place.
  if (options.port && (await answersHttp(host, options.port))) {
    const error = new Error(
      `cannot start ${options.name}: port ${options.port} is already in use on ${host}`,
    );
    Object.assign(error, { code: "EADDRINUSE", address: host, port: options.port });
    throw error;
  }
  try {
    return await launch(options, host, options.port || (await freePort(host)));
  } catch (error) {
    // An OS-chosen port can be taken by another process between freePort() and Prism's bind: pick again once.
    if (!options.port && /EADDRINUSE/.test(String(error?.message))) {
      return launch(options, host, await freePort(host));
    }
    throw error;
  }
}

async function launch(options, host, port) {
  const ceilingMs = options.startupTimeoutMs ?? STARTUP_CEILING_MS;
  const args = [
    ...(options.nodeArgs ?? []),
    prismBin(),
    options.command,
    "--host",
    host,
    "--port",
    String(port),
    ...options.args,
  ];
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let output = "";
  let pending = "";
  // Always drained (Prism logs every request): the tail is kept for errors, whole lines go to onLine.
  const onData = (chunk) => {
    const text = chunk.toString("utf8").replace(ANSI, "");
    output = (output + text).slice(-OUTPUT_KEPT);
    if (!options.onLine) return;
    const lines = (pending + text).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) options.onLine(line);
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const url = `http://${host}:${port}`;
  const what = `${options.name}${options.source ? ` (${options.source})` : ""} to answer HTTP on ${url}`;
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
      throw new Error(`${options.name} exited (${exited}) before answering on ${url}. ${printed()}`);
    if (await answersHttp(host, port)) {
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
    url,
    port,
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
