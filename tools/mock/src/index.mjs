// Starts Prism mock servers for the bundled specs. Used by `pnpm mock`, the main-job demo and every
// contract test, so all of them exercise the same validation settings.
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, STARTUP_CEILING_MS, startPrism } from "@userctl/prism-process";

export { freePort, STARTUP_CEILING_MS };

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../../..");

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
  const prism = await startPrism({
    command: "mock",
    args: ["--errors", ...(options.dynamic ? ["--dynamic"] : []), spec],
    name: `Prism for ${api}`,
    source: relative(repoRoot, spec),
    port: options.port,
    startupTimeoutMs: options.startupTimeoutMs,
    nodeArgs: ["--require", join(here, "keep-alive.cjs")],
  });
  return { api, url: prism.url, port: prism.port, spec, stop: prism.stop };
}
