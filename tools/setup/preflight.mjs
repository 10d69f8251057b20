#!/usr/bin/env node
// Runs first in `pnpm test` and `pnpm check`: everything outside npm that the tests need, from the same manifests
// as the installer. A missing tool is one line naming it and the command that installs it, and exit 1: a test
// that cannot run fails here instead of being skipped or failing later with ENOENT.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readManifests } from "./src/manifests.mjs";
import { plan, preflightLines } from "./src/plan.mjs";
import { probe } from "./src/probe.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
try {
  const manifests = readManifests(root);
  const steps = plan(manifests, probe(root, manifests));
  const lines = preflightLines(steps);
  if (lines.length > 0) {
    for (const line of lines) console.error(line);
    console.error(
      `preflight: ${lines.length} missing, so no test was run (install everything: npm run setup)`,
    );
    process.exit(1);
  }
  console.log(`preflight: ok (${steps.map((s) => s.title.replace(/ \(.*/, "")).join(", ")})`);
} catch (error) {
  console.error(`preflight: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
