#!/usr/bin/env node
import { generate } from "../src/codegen.mjs";

const [specFile, outDir] = process.argv.slice(2);
if (!specFile || !outDir) {
  console.error("usage: userctl-codegen <bundled spec .json> <out dir>");
  process.exit(2);
}
try {
  const files = await generate(specFile, outDir);
  console.log(`generated ${files.join(", ")}`);
} catch (error) {
  console.error(`codegen: ${specFile}: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
