// Starts Prism mock servers for the bundled specs. Used by `pnpm mock`, the main-job demo and every
// contract test, so all of them exercise the same validation settings.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The three APIs, with the default port `pnpm mock` serves each on and the env var that overrides it. */
export const APIS = {
  milvus: { port: 4010, env: "USERCTL_MOCK_MILVUS_PORT" },
  "qingcloud-ehpc": { port: 4011, env: "USERCTL_MOCK_EHPC_PORT" },
  "sunbird-user": { port: 4012, env: "USERCTL_MOCK_SUNBIRD_PORT" },
};

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

/**
 * Start Prism for one API on 127.0.0.1. Request validation is Prism's default in mock mode: a request that
 * breaks the spec gets a 422 instead of a mocked answer, which is what contract tests look for.
 * @param {keyof typeof APIS} api
 * @param {{ port?: number, dynamic?: boolean, startupTimeoutMs?: number }} [options]
 */
export async function startMock(api, options = {}) {
  const spec = specPath(api);
  if (!existsSync(spec)) throw new Error(`${spec} does not exist: run the build first (pnpm build)`);
  const port = options.port ?? (await freePort());
  const args = [prismBin(), "mock", "--host", "127.0.0.1", "--port", String(port), "--errors"];
  if (options.dynamic) args.push("--dynamic");
  args.push(spec);
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  let output = "";
  await new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(
        new Error(
          `Prism for ${api} did not start within ${options.startupTimeoutMs ?? 30000} ms:\n${output}`,
        ),
      );
    }, options.startupTimeoutMs ?? 30000);
    const onData = (chunk) => {
      output += chunk;
      if (output.includes("Prism is listening")) {
        clearTimeout(timer);
        resolveStart();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism for ${api} exited with ${code}:\n${output}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    api,
    url,
    port,
    spec,
    stop() {
      return new Promise((resolveStop) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
        child.once("exit", () => resolveStop());
        child.kill("SIGTERM");
      });
    },
  };
}
