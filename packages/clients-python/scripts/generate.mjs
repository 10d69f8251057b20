#!/usr/bin/env node
// Generates the three Python clients into generated/<api> (git-ignored build output).
import { rmSync } from "node:fs";
import { join } from "node:path";
import { python, run } from "@userctl/polyglot";
import { APIS, generateCommand, packageDir } from "../commands.mjs";

const venvBin = join(python, "..");
for (const api of APIS) rmSync(join(packageDir, "generated", api), { recursive: true, force: true });
// One interpreter runs the three commands (generate_clients.py says why); each is generateCommand(api) as shown.
const commands = Object.fromEntries(APIS.map((api) => [api, generateCommand(api).slice(1)]));
// The generator's post-hooks call ruff, which the pinned venv provides; no cache in the output.
const driver = join(packageDir, "scripts/generate_clients.py");
const { code } = await run(python, [driver, JSON.stringify(commands)], {
  cwd: packageDir,
  env: { PATH: `${venvBin}:${process.env.PATH}`, RUFF_NO_CACHE: "true" },
});
if (code !== 0) process.exit(1);
