// The exact commands that generate and compile the Go clients: run by scripts/generate.mjs and typecheck.mjs,
// and shown verbatim on the portal's "Other languages" page (one source for both).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const packageDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(packageDir, "../..");

/** The version of a module pinned in a go.mod (tools/go for the generator, this module for the runtime). */
export function pinnedVersion(goMod, module) {
  const match = new RegExp(`^\\s*(?:require\\s+)?${module.replaceAll(".", "\\.")} (v\\S+)`, "m").exec(
    readFileSync(goMod, "utf8"),
  );
  if (!match) throw new Error(`${goMod}: no version for ${module}`);
  return match[1];
}

export const APIS = ["milvus", "qingcloud-ehpc", "sunbird-user"];
export const goPackage = (api) => api.replaceAll("-", "");

export const generator = {
  name: "oapi-codegen",
  version: pinnedVersion(join(repoRoot, "tools/go/go.mod"), "github.com/oapi-codegen/oapi-codegen/v2"),
  runtime: pinnedVersion(join(packageDir, "go.mod"), "github.com/oapi-codegen/runtime"),
  // oapi-codegen v2.8 reads 3.1 natively; the 3.1 bundle gives the better client (the 3.0 one turns
  // Sunbird's always-null `err` into a one-value enum and NewUser's email-or-phone rule into unions).
  bundle: "3.1",
};
generator.install = `go get -tool github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@${generator.version} && go get github.com/oapi-codegen/runtime@${generator.runtime}`;

/** Paths relative to this package; `oapi-codegen` is tools/go/bin/oapi-codegen (built by the set-up). */
export function generateCommand(api) {
  return ["oapi-codegen", "-config", `config/${api}.yaml`, `../../specs/dist/${api}.openapi.json`];
}

/** Type-checks and compiles every generated client with the hand-written signer. */
export const compileCommands = [
  ["go", "vet", "./..."],
  ["go", "build", "./..."],
];
