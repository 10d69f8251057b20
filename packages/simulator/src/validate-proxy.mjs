// `--validate`: Prism's validation proxy in front of a simulator. Without `--errors` Prism forwards every request
// and every answer unchanged in status and body, and only reports violations (request and response) — they are
// passed on line by line. Prism is an optional peer dependency: it is only loaded when asked for.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ANSI colours of Prism's log lines
const ANSI = /\u001b\[[0-9;]*m/g;

function prismBin() {
  let pkgFile;
  try {
    pkgFile = require.resolve("@stoplight/prism-cli/package.json");
  } catch {
    throw new Error("--validate needs @stoplight/prism-cli installed next to @userctl/simulator");
  }
  const pkg = require(pkgFile);
  return join(dirname(pkgFile), typeof pkg.bin === "string" ? pkg.bin : pkg.bin.prism);
}

function freePort(host) {
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

/**
 * @param {{ specFile: string, upstream: string, host?: string, port?: number,
 *           onViolation?: (line: string) => void, startupTimeoutMs?: number }} options
 */
export async function startValidationProxy(options) {
  const host = options.host ?? "127.0.0.1";
  const port = options.port || (await freePort(host));
  const args = [prismBin(), "proxy", "--host", host, "--port", String(port), "--cors", "false"];
  args.push(options.specFile, options.upstream);
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  let output = "";
  let pending = "";
  const onLines = (chunk) => {
    pending += chunk.toString("utf8").replace(ANSI, "");
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) if (/VALIDATOR/.test(line)) options.onViolation?.(line.trim());
  };
  await new Promise((resolveStart, reject) => {
    const timeoutMs = options.startupTimeoutMs ?? 60_000;
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`Prism proxy did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onStart = (chunk) => {
      output += chunk;
      if (output.includes("Prism is listening")) {
        clearTimeout(timer);
        resolveStart();
      }
    };
    child.stdout.on("data", onStart);
    child.stderr.on("data", onStart);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism proxy exited with ${code}:\n${output}`));
    });
  });
  child.stdout.removeAllListeners("data");
  child.stderr.removeAllListeners("data");
  child.stdout.on("data", onLines);
  child.stderr.on("data", onLines);
  return {
    url: `http://${host}:${port}`,
    port,
    stop() {
      return new Promise((resolveStop) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
        child.once("exit", () => resolveStop());
        child.kill("SIGTERM");
      });
    },
  };
}
