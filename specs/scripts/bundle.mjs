#!/usr/bin/env node
// Bundles one API's split spec into self-contained dist/<api>.openapi.{yaml,json}.
// Redocly resolves every external $ref once (YAML); the JSON twin is converted from it
// so both artifacts are guaranteed identical and redocly starts only once.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const api = process.argv[2];
const specsDir = join(dirname(fileURLToPath(import.meta.url)), "..");
if (!api) {
  console.error("usage: bundle.mjs <api>");
  process.exit(2);
}
const require = createRequire(import.meta.url);
const redocly = join(dirname(require.resolve("@redocly/cli/package.json")), "bin", "cli.js");
const yamlOut = join(specsDir, "dist", `${api}.openapi.yaml`);
mkdirSync(dirname(yamlOut), { recursive: true });
execFileSync(process.execPath, [redocly, "bundle", api, "--output", yamlOut], {
  cwd: specsDir,
  stdio: ["ignore", "ignore", "inherit"],
});
const doc = parse(readFileSync(yamlOut, "utf8"));
const text = JSON.stringify(doc, null, 2);
if (text.includes('"$ref": "./') || text.includes('"$ref": "../')) {
  console.error(`${api}: bundle still has an external $ref`);
  process.exit(1);
}
writeFileSync(join(specsDir, "dist", `${api}.openapi.json`), `${text}\n`);
console.log(`bundled ${api} -> dist/${api}.openapi.{yaml,json}`);
