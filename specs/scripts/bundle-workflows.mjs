#!/usr/bin/env node
// Bundles each named API's workflows for publishing next to its spec:
//   <api>/workflows/*.arazzo.yaml -> dist/<api>.workflows.arazzo.yaml (one Arazzo 1.0.1 document, linted by
//   Redocly, whose source description points at the bundled spec, so `redocly respect` runs it from dist/), and
//   <api>/workflows/contract.yaml -> dist/<api>.contract.json (what `userctl contract` reads about the API).
// Kept apart from bundle.mjs: workflows change on their own and must not re-bundle the spec. All APIs go through one
// process and one Redocly lint (one turbo task): their only reader, packages/contract, embeds all three.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";

const apis = process.argv.slice(2);
const specsDir = join(dirname(fileURLToPath(import.meta.url)), "..");
if (apis.length === 0) {
  console.error("usage: bundle-workflows.mjs <api>...");
  process.exit(2);
}
const fail = (message) => {
  console.error(message);
  process.exit(1);
};

const sources = apis.map((api) => {
  const dir = join(specsDir, api, "workflows");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".arazzo.yaml"))
    .sort()
    .map((f) => join(dir, f));
  if (files.length === 0) fail(`${api}: no workflows in ${dir}`);
  return { api, dir, files };
});

const require = createRequire(import.meta.url);
const redocly = join(dirname(require.resolve("@redocly/cli/package.json")), "bin", "cli.js");
execFileSync(process.execPath, [redocly, "lint", ...sources.flatMap((s) => s.files)], {
  cwd: specsDir,
  stdio: ["ignore", "ignore", "inherit"],
});

mkdirSync(join(specsDir, "dist"), { recursive: true });
for (const { api, dir, files } of sources) {
  const docs = files.map((f) => parse(readFileSync(f, "utf8")));
  const first = docs[0];
  const ids = new Set();
  for (const wf of docs.flatMap((d) => d.workflows)) {
    if (ids.has(wf.workflowId)) fail(`${api}: workflowId ${wf.workflowId} is used twice`);
    ids.add(wf.workflowId);
  }
  const bundled = {
    ...first,
    sourceDescriptions: first.sourceDescriptions.map((s) => ({ ...s, url: `./${api}.openapi.yaml` })),
    workflows: docs.flatMap((d) => d.workflows),
  };
  writeFileSync(join(specsDir, "dist", `${api}.workflows.arazzo.yaml`), stringify(bundled, { lineWidth: 0 }));

  const contract = parse(readFileSync(join(dir, "contract.yaml"), "utf8"));
  if (contract["x-userctl-contract"] !== 1 || contract.api !== api)
    fail(`${api}: workflows/contract.yaml must say x-userctl-contract: 1 and api: ${api}`);
  writeFileSync(join(specsDir, "dist", `${api}.contract.json`), `${JSON.stringify(contract, null, 2)}\n`);
  console.log(`bundled ${api} workflows -> dist/${api}.workflows.arazzo.yaml, dist/${api}.contract.json`);
}
