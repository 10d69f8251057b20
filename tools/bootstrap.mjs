#!/usr/bin/env node
// `npm run bootstrap` on a fresh machine with only Node and npm: get pnpm 10, install, then run the main job.
import { execSync, spawnSync } from "node:child_process";

const PNPM = "10.34.9";
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
run("pnpm start");
