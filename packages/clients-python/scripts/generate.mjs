#!/usr/bin/env node
// Generates the three Python clients into generated/<api> (git-ignored build output).
import { rmSync } from "node:fs";
import { join } from "node:path";
import { python, run } from "@userctl/polyglot";
import { APIS, generateCommand, packageDir } from "../commands.mjs";

const venvBin = join(python, "..");
for (const api of APIS) {
  const [tool, ...args] = generateCommand(api);
  rmSync(join(packageDir, "generated", api), { recursive: true, force: true });
  // The generator's post-hooks call ruff, which the pinned venv provides; no cache in the output.
  const { code } = await run(join(venvBin, tool), args, {
    cwd: packageDir,
    env: { PATH: `${venvBin}:${process.env.PATH}`, RUFF_NO_CACHE: "true" },
  });
  if (code !== 0) {
    console.error(`${api}: openapi-python-client exited with ${code}`);
    process.exit(1);
  }
}
