// Turbo starts every task as `pnpm run <script>`, with the first `pnpm` on PATH. The npm package `pnpm` is one
// large JavaScript bundle that Node compiles and evaluates on each start (0.9 s of CPU); `@pnpm/exe` is the same
// pnpm, same version, as a native executable (0.4 s). Over the 21 tasks of a cold build that is the difference
// between 71 and 50 s of CPU. It is not linked into the root's node_modules/.bin, where a `pnpm` would shadow the
// user's own for every script, and where `pnpm exec` lists it by a relative path that turbo cannot spawn from a
// package's directory (vercel/turborepo#5976); it goes on PATH only for the turbo started here.
import { spawn } from "node:child_process";
import { accessSync, constants as fsConstants } from "node:fs";
import { createRequire } from "node:module";
import { constants } from "node:os";
import { delimiter, dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** The directory holding the native pnpm (`@pnpm/exe` links its platform's binary there at install), or null. */
export function nativePnpmDir() {
  try {
    const dir = dirname(require.resolve("@pnpm/exe/package.json"));
    accessSync(join(dir, "pnpm"), fsConstants.X_OK);
    return dir;
  } catch {
    return null;
  }
}

/** `env` with the native pnpm's directory first on PATH (unchanged when there is none, e.g. an unsupported OS). */
export function turboEnv(env = process.env, dir = nativePnpmDir()) {
  if (dir === null) return { ...env };
  const key = Object.keys(env).find((k) => k.toUpperCase() === "PATH") ?? "PATH";
  return { ...env, [key]: env[key] ? `${dir}${delimiter}${env[key]}` : dir };
}

/** turbo's own launcher (a Node script that starts the platform binary). */
const turboBin = join(dirname(require.resolve("turbo/package.json")), "bin", "turbo");

/**
 * Runs turbo with `args` (the native pnpm first on PATH) and resolves to its exit code. Ctrl-C reaches turbo directly (same process group), so
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
      // killed by a signal: the shell's convention, 128 + its number (130 for Ctrl-C)
      resolve(code ?? 128 + (constants.signals[signal] ?? 0));
    });
  });
}
