// Turbo starts every task as `pnpm run <script>`, with the first `pnpm` on PATH. Starting pnpm costs 0.9 s of CPU
// (its npm package, one large JavaScript bundle) or 0.3 s (its native build) per task, to run one script; a cold
// `pnpm build` runs 21 tasks and `pnpm test` 60. So the turbo started here finds ../on-path/pnpm first on PATH, which
// runs the script itself through npm's script runner and hands any other command to the user's pnpm
// (src/run-task.mjs). It is on PATH only for this turbo: a `pnpm` in the root's node_modules/.bin would shadow the
// user's own in every script, and `pnpm exec` lists that folder by a relative path that turbo cannot spawn from a
// package's directory (vercel/turborepo#5976).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { exitStatus } from "./run-task.mjs";

const require = createRequire(import.meta.url);

/** The directory of the `pnpm` that turbo's tasks start. */
export const onPathDir = join(dirname(fileURLToPath(import.meta.url)), "..", "on-path");

/** `env` with `dir` (the task runner's `pnpm`) first on PATH. */
export function turboEnv(env = process.env, dir = onPathDir) {
  const key = Object.keys(env).find((k) => k.toUpperCase() === "PATH") ?? "PATH";
  return { ...env, [key]: env[key] ? `${dir}${delimiter}${env[key]}` : dir };
}

/** turbo's own launcher (a Node script that starts the platform binary). */
const turboBin = join(dirname(require.resolve("turbo/package.json")), "bin", "turbo");

/**
 * Runs turbo with `args` (the task runner's `pnpm` first on PATH) and resolves to its exit code. Ctrl-C reaches turbo directly (same process group), so
 * this process only waits for it to finish its own shutdown and passes the code or signal on.
 */
export function runTurbo(args, { cwd = process.cwd(), env = process.env, stdio = "inherit" } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [turboBin, ...args], { cwd, env: turboEnv(env), stdio });
    const ignore = () => {};
    for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, ignore);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      for (const s of ["SIGINT", "SIGTERM"]) process.off(s, ignore);
      resolve(exitStatus(code, signal));
    });
  });
}
