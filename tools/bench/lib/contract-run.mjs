#!/usr/bin/env node
// One `userctl contract` run in its own process, as suites/contract.mjs runs Schemathesis: the same start-up
// costs on both sides, timed by the parent from spawn. Prints one JSON line per finding as it is recorded, then
// a last line with the run's totals. Usage: contract-run.mjs '<json options>' where the options are
// { repoRoot, api, url, credentials, settings, seed, maxExamples, budgetMs, stopOn? }; with `stopOn`, the run is
// aborted at the first finding of that check (cleanup still runs).
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const options = JSON.parse(process.argv[2] ?? "{}");
const { contractTest } = await import(
  pathToFileURL(join(options.repoRoot, "packages/contract/dist/index.js")).href
);
const controller = new AbortController();
const write = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
const report = await contractTest(options.api, {
  url: options.url,
  credentials: options.credentials,
  settings: options.settings,
  seed: options.seed,
  maxExamples: options.maxExamples,
  timeBudgetMs: options.budgetMs,
  signal: controller.signal,
  onFinding: (finding) => {
    write({ finding: finding.check, operationId: finding.operationId, expected: finding.expected });
    if (finding.check === options.stopOn) controller.abort();
  },
});
write({ done: true, requests: report.requests, interrupted: report.interrupted ?? null });
