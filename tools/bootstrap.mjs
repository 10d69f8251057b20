#!/usr/bin/env node
// `npm run bootstrap` on a fresh machine with only Node and npm: get pnpm 10, install the npm dependencies, then
// everything outside npm with THE installer (tools/setup/install.mjs), then run the main job (`pnpm start`).
// `--no-start` (what `npm run setup` and .ci/run use) stops after installing.
import { execSync, spawnSync } from "node:child_process";

const PNPM = "10.34.9";
const args = process.argv.slice(2);
if (args.some((a) => a !== "--no-start")) {
  console.error(`bootstrap: unknown argument ${args.find((a) => a !== "--no-start")} (usage: [--no-start])`);
  process.exit(2);
}
const run = (cmd) => {
  const result = spawnSync(cmd, { stdio: "inherit", shell: true });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
let version = "";
try {
  version = execSync("pnpm --version", { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
} catch {}
if (!version.startsWith("10.")) {
  console.log(`bootstrap: installing pnpm ${PNPM} with npm (found: ${version || "none"})`);
  run(`npm install --global pnpm@${PNPM}`);
}
run("pnpm install --frozen-lockfile");
run(`"${process.execPath}" tools/setup/install.mjs`);
if (!args.includes("--no-start")) run("pnpm start");
