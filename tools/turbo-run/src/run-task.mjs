// What runs when turbo starts a task. Turbo spawns `pnpm run <script> [args]` in the package's directory with the first
// `pnpm` on PATH; userctl-turbo puts ../on-path/pnpm there, which lands here. Running one package script needs no
// package manager: npm's own script runner (@npmcli/run-script: the package's and every parent's node_modules/.bin
// on PATH, the npm_* variables, `sh -c`, signals passed on to the script) does it in a 30 ms import, where starting
// pnpm costs 0.3 s of CPU per task. Anything but a plain `run <script>` goes to the user's pnpm, unchanged.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { constants } from "node:os";
import { delimiter, join, resolve } from "node:path";

const require = createRequire(import.meta.url);

/** The script `argv` asks to run (turbo's form: `run <script> [args]`), or null for any other pnpm command. */
export function parseRun(argv) {
  const [command, script, ...args] = argv;
  if (command !== "run" || script === undefined || script.startsWith("-")) return null;
  return { script, args };
}

/** `env` without `dir` on PATH, so that a `pnpm` spawned with it is the user's, not this one. */
export function withoutOnPath(env, dir) {
  const key = Object.keys(env).find((k) => k.toUpperCase() === "PATH") ?? "PATH";
  const path = (env[key] ?? "").split(delimiter).filter((entry) => entry && resolve(entry) !== resolve(dir));
  return { ...env, [key]: path.join(delimiter) };
}

/** Exit status of a child that ended with `code` or `signal`: the shell's 128 + n for a signal (130 for Ctrl-C). */
export const exitStatus = (code, signal) => code ?? 128 + (constants.signals[signal] ?? 0);

/** Runs `argv` as `pnpm` would, from `cwd`, and resolves to the exit status. `onPathDir` is the directory of the shim. */
export async function runTask(argv, { cwd = process.cwd(), env = process.env, onPathDir }) {
  const run = parseRun(argv);
  if (run === null) {
    const pnpm = spawnSync("pnpm", argv, { cwd, env: withoutOnPath(env, onPathDir), stdio: "inherit" });
    if (pnpm.error) {
      console.error(`userctl-turbo: cannot start pnpm ${argv.join(" ")}: ${pnpm.error.message}`);
      return 1;
    }
    return exitStatus(pnpm.status, pnpm.signal);
  }
  const pkg = JSON.parse(readFileSync(join(cwd, "package.json"), "utf8"));
  if (typeof pkg.scripts?.[run.script] !== "string") {
    // run-script would quietly succeed on a missing script; pnpm fails, and so does this.
    console.error(`userctl-turbo: ${pkg.name ?? cwd} has no script "${run.script}"`);
    return 1;
  }
  // As pnpm does (enablePrePostScripts, on by default): `pre<script>` and `post<script>` around it, without its
  // arguments; the first that fails ends the run.
  for (const event of [`pre${run.script}`, run.script, `post${run.script}`]) {
    if (typeof pkg.scripts[event] !== "string") continue;
    const status = await runScript(event, event === run.script ? run.args : [], { cwd, pkg, onPathDir });
    if (status !== 0) return status;
  }
  return 0;
}

/** One script of `pkg` through npm's script runner; resolves to its exit status. */
async function runScript(event, args, { cwd, pkg, onPathDir }) {
  const npmRunScript = require("@npmcli/run-script");
  try {
    const { code, signal } = await npmRunScript({
      event,
      args,
      path: cwd,
      pkg,
      stdio: "inherit",
      // `$npm_execpath <command>` inside a script reaches pnpm again, through the shim.
      env: { npm_execpath: join(onPathDir, "pnpm") },
    });
    return exitStatus(code, signal);
  } catch (error) {
    // run-script rejects when the script fails, with its exit code or signal
    if (typeof error.code === "number" || error.signal) return exitStatus(error.code ?? null, error.signal);
    console.error(`userctl-turbo: cannot run ${event}: ${error.message}`);
    return 1;
  }
}
