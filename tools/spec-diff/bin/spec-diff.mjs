#!/usr/bin/env node
// spec-diff [--api <id>]... [--base <git ref>] [--json] [--report <file>]
// Compares each API's bundle with its base (default: its last recorded release; SPEC_DIFF_BASE or --base: a git
// ref) and gates breaking changes. Exit 0 pass, 1 an unaccepted breaking change without a major changeset,
// 2 usage or validation (bad flag, bad acceptance file, engine not built).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { gateApi } from "../src/gate.mjs";
import { checkApi, listApis } from "../src/repo.mjs";
import { renderReport } from "../src/report.mjs";

try {
  const { values } = parseArgs({
    options: {
      api: { type: "string", multiple: true },
      base: { type: "string" },
      json: { type: "boolean", default: false },
      report: { type: "string" },
    },
  });
  const envBase = process.env.SPEC_DIFF_BASE;
  const ref = values.base ?? (envBase && envBase !== "release" ? envBase : undefined);
  if (ref !== undefined && !ref.trim())
    throw Object.assign(new Error("--base: must name a git ref"), { exitCode: 2 });
  const apis = (values.api ?? listApis()).map((a) => checkApi(a));
  const reports = [];
  for (const api of apis) {
    const report = await gateApi(api, { ref });
    reports.push(report);
    if (!values.json) process.stdout.write(renderReport(report));
  }
  const exitCode = Math.max(0, ...reports.map((r) => r.exitCode));
  if (values.report) {
    const file = resolve(values.report);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ reports, exitCode }, null, 2)}\n`);
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ reports, exitCode }, null, 2)}\n`);
  process.exitCode = exitCode;
} catch (error) {
  console.error(`spec-diff: ${error.exitCode ? "" : "internal error: "}${error.message}`);
  process.exitCode = error.exitCode ?? 1;
}
