// The exact commands that generate and check the Python clients: run by scripts/generate.mjs and typecheck.mjs,
// and shown verbatim on the portal's "Other languages" page (one source for both).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const packageDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(packageDir, "../..");

/** The pinned version of a tool in tools/python/requirements.txt. */
export function pinnedVersion(name) {
  const line = readFileSync(join(repoRoot, "tools/python/requirements.txt"), "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}==`));
  if (!line) throw new Error(`tools/python/requirements.txt: no exact pin for ${name}`);
  return line.slice(name.length + 2).trim();
}

export const APIS = ["milvus", "qingcloud-ehpc", "sunbird-user"];
export const pythonPackage = (api) => `${api.replaceAll("-", "_")}_client`;

export const generator = {
  name: "openapi-python-client",
  version: pinnedVersion("openapi-python-client"),
  bundle: "3.1",
  install: `pip install openapi-python-client==${pinnedVersion("openapi-python-client")}`,
};

/** Paths relative to this package; `openapi-python-client` and `python` are the tools/python/.venv ones. */
export function generateCommand(api) {
  return [
    "openapi-python-client",
    "generate",
    "--path",
    `../../specs/dist/${api}.openapi.json`,
    "--output-path",
    `generated/${api}`,
    "--meta",
    "setup",
    "--config",
    `config/${api}.yaml`,
    "--overwrite",
  ];
}

/** Byte-compiles the generated package: a syntax error in generated code fails the build. */
export function compileCommand(api) {
  return ["python", "-m", "compileall", "-q", `generated/${api}/${pythonPackage(api)}`];
}
