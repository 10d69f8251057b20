#!/usr/bin/env node
// `pnpm spec:diff [--base <git ref>] [--json]`: every API's gate as its own turbo task (cached on the bundle, the
// releases, the acceptances and the changesets). The ref is resolved to a commit first and handed to the tasks as
// SPEC_DIFF_BASE, so a moving branch name never replays a stale cached result.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runTurbo } from "@userctl/turbo-run";
import { resolveRef } from "../src/base.mjs";
import { listApis, REPO_ROOT } from "../src/repo.mjs";

const PKG_DIR = join(REPO_ROOT, "tools/spec-diff");
let values;
try {
  ({ values } = parseArgs({
    options: { base: { type: "string" }, json: { type: "boolean", default: false } },
  }));
} catch (error) {
  console.error(`spec:diff: ${error.message}`);
  process.exit(2);
}
let base = "release";
try {
  if (values.base !== undefined) base = resolveRef(values.base, REPO_ROOT);
} catch (error) {
  console.error(`spec:diff: ${error.message}`);
  process.exit(2);
}

const apis = listApis();
const reportFile = (api) => join(PKG_DIR, "reports", `${api}.json`);
for (const api of apis) rmSync(reportFile(api), { force: true });
const exitCode = await runTurbo(
  [
    "run",
    ...apis.map((api) => `@userctl/spec-diff#spec-diff:${api}`),
    "--log-prefix=none",
    `--output-logs=${values.json ? "errors-only" : "full"}`,
    "--log-order=grouped",
  ],
  {
    cwd: REPO_ROOT,
    // with --json, stdout carries only the JSON: turbo's own lines go to stderr
    stdio: ["ignore", values.json ? 2 : "inherit", "inherit"],
    env: { ...process.env, SPEC_DIFF_BASE: base },
  },
);
const reports = apis
  .filter((api) => existsSync(reportFile(api)))
  .flatMap((api) => JSON.parse(readFileSync(reportFile(api), "utf8")).reports);
if (values.json) process.stdout.write(`${JSON.stringify({ reports, exitCode }, null, 2)}\n`);
else if (reports.length < apis.length)
  console.error("spec:diff: some APIs could not be compared (see above)");
process.exitCode = exitCode;
