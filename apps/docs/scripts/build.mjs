#!/usr/bin/env node
// Builds the static portal into dist/ (see README.md). Options, all for tests and special builds:
//   --out <dir>            output folder (default: apps/docs/dist)
//   --specs-dir <dir>      folder with <api>.openapi.{json,yaml} (default: the @userctl/specs bundles)
//   --client <pkg>=<file>  type-check the samples against this source entry of a client package
//   --cli <file>           the built CLI to read `__reference --json` from (default: @userctl/cli's bin)
import { parseArgs } from "node:util";
import { buildSite } from "../src/build.mjs";

let values;
try {
  ({ values } = parseArgs({
    options: {
      out: { type: "string" },
      "specs-dir": { type: "string" },
      client: { type: "string", multiple: true },
      cli: { type: "string" },
    },
  }));
} catch (error) {
  console.error(`docs build: ${error.message}`);
  process.exit(2);
}
const clientOverrides = {};
for (const entry of values.client ?? []) {
  const at = entry.indexOf("=");
  if (at < 1) {
    console.error(`docs build: --client must be <package>=<source file> (got "${entry}")`);
    process.exit(2);
  }
  clientOverrides[entry.slice(0, at)] = entry.slice(at + 1);
}

try {
  const summary = await buildSite({
    outDir: values.out,
    specsDir: values["specs-dir"],
    cliPath: values.cli,
    clientOverrides,
  });
  console.log(summary);
} catch (error) {
  console.error(`docs build: ${error.message}`);
  for (const line of error.details ?? []) console.error(`  ${line}`);
  process.exit(1);
}
