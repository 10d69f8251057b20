#!/usr/bin/env node
import { parseArgs } from "node:util";
import { EmitError, emitProject } from "../src/emit.mjs";

let parsed;
try {
  parsed = parseArgs({
    options: { project: { type: "string", short: "p", default: "tsconfig.build.json" } },
  });
} catch (error) {
  console.error(`userctl-emit: ${error.message} (usage: userctl-emit [-p <tsconfig>])`);
  process.exit(2);
}
try {
  const files = emitProject(parsed.values.project);
  console.log(`emitted ${files.length} files from ${parsed.values.project}`);
} catch (error) {
  // EmitError carries the diagnostics, one per line; anything else (an unwritable outDir) is one line too.
  console.error(error instanceof EmitError ? error.message : `userctl-emit: ${error.message}`);
  process.exit(1);
}
