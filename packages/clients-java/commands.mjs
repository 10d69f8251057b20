// The exact commands that generate and compile the Java clients: run by scripts/generate.mjs and typecheck.mjs,
// and shown verbatim on the portal's "Other languages" page (one source for both).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const packageDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(packageDir, "../..");

function pinnedVersion(name) {
  const line = readFileSync(join(repoRoot, "tools/python/requirements.txt"), "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}==`));
  if (!line) throw new Error(`tools/python/requirements.txt: no exact pin for ${name}`);
  return line.slice(name.length + 2).trim();
}

export const APIS = ["milvus", "qingcloud-ehpc", "sunbird-user"];
export const javaPackage = (api) => `dev.userctl.${api.replaceAll("-", "")}`;

export const generator = {
  name: "openapi-generator",
  version: pinnedVersion("openapi-generator-cli"),
  // Its 3.1 support is still beta (lost $ref siblings, ModelNull): it reads the 3.0 bundle.
  bundle: "3.0",
  install: `pip install openapi-generator-cli==${pinnedVersion("openapi-generator-cli")}`,
};

/** One JVM for the three clients; each config/<api>.yaml holds the -g java --library okhttp-gson settings. */
export const generateCommand = ["openapi-generator-cli", "batch", ...APIS.map((api) => `config/${api}.yaml`)];

/** Offline after the set-up resolved pom.xml (tools/setup/maven-projects.txt). */
export const compileCommand = ["mvn", "-o", "-B", "-q", "test-compile"];
export const testCommand = ["mvn", "-o", "-B", "-q", "test"];
