// `pnpm test`'s wall time in a fresh clone of the committed HEAD: cold (after install, empty turbo cache) and warm
// (one package changed afterwards). The baseline is a fixed CPU-bound workload of the same kind, timed in the same
// run (a type-check of packages/client-core), so the ratio compares across machines; the warm aim is < 120 s here.
// Expensive (two full test runs): `pnpm bench` runs it, `pnpm bench --quick` lists it as not run (fullOnly).
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The source file edited for the warm run: one client, so its build, tests and its dependents' tests re-run. */
const CHANGED = "packages/sunbird-user/src/index.ts";

function timed(command, args, cwd, log) {
  const started = performance.now();
  const r = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (log) appendFileSync(log, `${r.stdout ?? ""}${r.stderr ?? ""}`);
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ""}${r.stderr ?? ""}`.trimEnd().split("\n").slice(-30).join("\n");
    throw new Error(
      `test-walltime: \`${command} ${args.join(" ")}\` failed (${r.status ?? r.signal}) in ${cwd}:\n${tail}`,
    );
  }
  return seconds;
}

/** Too costly for `pnpm bench --quick`: bench.mjs lists this suite as not run there, with this reason. */
export const fullOnly = "two full `pnpm test` runs in a fresh clone";

export async function bench(ctx) {
  const clone = mkdtempSync(join(tmpdir(), "userctl-bench-walltime-"));
  const log = join(clone, "..", `${clone.split("/").at(-1)}.log`);
  try {
    timed("git", ["clone", "--quiet", ctx.repoRoot, clone], ctx.repoRoot);
    timed("pnpm", ["install", "--frozen-lockfile", "--prefer-offline"], clone, log);
    // The non-npm tools are the repository's own (same manifests); the installer then finds them present.
    for (const dir of ["tools/python/.venv", "tools/go/bin"]) {
      if (existsSync(join(ctx.repoRoot, dir))) symlinkSync(join(ctx.repoRoot, dir), join(clone, dir), "dir");
    }
    timed(process.execPath, ["tools/setup/install.mjs"], clone, log);

    // run after the cold test run, when the generated code it type-checks exists
    const reference = () =>
      timed(
        process.execPath,
        ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json", "--noEmit"],
        join(clone, "packages/client-core"),
      );
    const cold = timed("pnpm", ["test"], clone, log);
    const baseline = Math.min(reference(), reference(), reference());

    appendFileSync(join(clone, CHANGED), "\n// bench: a change, so this package and its dependents re-run\n");
    const warm = timed("pnpm", ["test"], clone, log);
    const note = `baseline: tsc --noEmit of packages/client-core (${baseline.toFixed(1)} s); log ${log}`;
    return [
      { name: "pnpm test, cold (fresh clone, empty turbo cache)", measured: cold, baseline, unit: "s", note },
      {
        name: `pnpm test, warm (${CHANGED} changed; aim < 120 s)`,
        measured: warm,
        baseline,
        unit: "s",
        note,
      },
    ];
  } finally {
    rmSync(clone, { recursive: true, force: true });
  }
}
