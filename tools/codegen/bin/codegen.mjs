#!/usr/bin/env node
import { parseArgs } from "node:util";
import { generate } from "../src/codegen.mjs";

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { overlay: { type: "string", multiple: true } } });
} catch (error) {
  console.error(`userctl-codegen: ${error.message}`);
  process.exit(2);
}
const [specFile, outDir] = parsed.positionals;
if (!specFile || !outDir || parsed.positionals.length > 2) {
  console.error("usage: userctl-codegen <bundled spec .json> <out dir> [--overlay <schema extension>]...");
  process.exit(2);
}
try {
  const files = await generate(specFile, outDir, undefined, parsed.values.overlay ?? []);
  console.log(`generated ${files.join(", ")}`);
} catch (error) {
  console.error(`codegen: ${specFile}: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
