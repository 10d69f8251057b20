#!/usr/bin/env node
// Generates the three Go clients into generated/<api>/client.gen.go (git-ignored build output).
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { goToolsDir, run } from "@userctl/polyglot";
import { APIS, generateCommand, packageDir } from "../commands.mjs";

for (const api of APIS) {
  const [tool, ...args] = generateCommand(api);
  rmSync(join(packageDir, "generated", api), { recursive: true, force: true });
  mkdirSync(join(packageDir, "generated", api), { recursive: true });
  const { code } = await run(join(goToolsDir, "bin", tool), args, { cwd: packageDir });
  if (code !== 0) {
    console.error(`${api}: oapi-codegen exited with ${code}`);
    process.exit(1);
  }
}
