#!/usr/bin/env node
// Generates the three Java clients into generated/<api> (git-ignored build output), in one JVM.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { python, run } from "@userctl/polyglot";
import { APIS, generateCommand, packageDir } from "../commands.mjs";

for (const api of APIS) rmSync(join(packageDir, "generated", api), { recursive: true, force: true });
const [tool, ...args] = generateCommand;
// The PyPI wheel carries the generator jar: nothing downloads at build time.
const { code } = await run(join(python, "..", tool), args, { cwd: packageDir });
if (code !== 0) {
  console.error(`openapi-generator-cli exited with ${code}`);
  process.exit(1);
}
