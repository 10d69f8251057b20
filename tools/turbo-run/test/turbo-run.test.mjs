// userctl-turbo must run turbo's tasks through its own `pnpm` (npm's script runner, or the user's pnpm for anything
// but `run`), and otherwise be turbo.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { parseRun, withoutOnPath } from "../src/run-task.mjs";
import { onPathDir, turboEnv } from "../src/turbo-run.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..", "..", "..");
const bin = join(here, "..", "bin", "userctl-turbo.mjs");
const repoPnpm = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).packageManager.replace(
  "pnpm@",
  "",
);

const dirs = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("turboEnv", () => {
  it.each([
    ["prepends the directory", { PATH: "/usr/bin:/bin" }, `/x${delimiter}/usr/bin:/bin`],
    ["sets PATH when there is none", {}, "/x"],
  ])("%s", (_, env, path) => {
    expect(turboEnv(env, "/x").PATH).toBe(path);
  });

  it("puts the task runner's pnpm first by default", () => {
    expect(turboEnv({ PATH: "/usr/bin" }).PATH.split(delimiter)[0]).toBe(onPathDir);
  });
});

describe("parseRun", () => {
  it.each([
    ["turbo's form", ["run", "build"], { script: "build", args: [] }],
    [
      "with pass-through arguments",
      ["run", "test", "--watch", "a b"],
      { script: "test", args: ["--watch", "a b"] },
    ],
    ["another command", ["install"], null],
    ["a pnpm flag before the script", ["run", "--filter", "x", "build"], null],
    ["no script", ["run"], null],
    ["nothing", [], null],
  ])("%s", (_, argv, expected) => {
    expect(parseRun(argv)).toEqual(expected);
  });
});

describe("withoutOnPath", () => {
  it("drops the directory wherever it stands, and keeps the rest in order", () => {
    const env = { PATH: ["/shim", "/usr/bin", "/shim/", "/bin"].join(delimiter) };
    expect(withoutOnPath(env, "/shim").PATH).toBe(["/usr/bin", "/bin"].join(delimiter));
  });
});

describe("the pnpm the bootstrap installs", () => {
  it("is package.json#packageManager's version", () => {
    const bootstrap = readFileSync(join(repoRoot, "tools", "bootstrap.mjs"), "utf8");
    expect(bootstrap).toMatch(new RegExp(`const PNPM = "${repoPnpm.replaceAll(".", "\\.")}";`));
  });
});

describe("userctl-turbo", () => {
  // A one-package workspace whose tasks report what they were started with.
  function workspace() {
    const dir = mkdtempSync(join(tmpdir(), "turbo-run-"));
    dirs.push(dir);
    mkdirSync(join(dir, "a", "node_modules", ".bin"), { recursive: true });
    const json = (file, value) => writeFileSync(join(dir, file), JSON.stringify(value));
    json("package.json", { name: "root", private: true, packageManager: `pnpm@${repoPnpm}` });
    writeFileSync(join(dir, "pnpm-workspace.yaml"), "packages:\n  - a\n");
    json("turbo.json", {
      tasks: { probe: { cache: false }, fail: { cache: false }, "ask-pnpm": { cache: false } },
    });
    // a package's own bin, as pnpm links it: a script must find it by name
    const hello = join(dir, "a", "node_modules", ".bin", "hello-from-a");
    writeFileSync(hello, '#!/bin/sh\necho "hello-bin $*"\n');
    chmodSync(hello, 0o755);
    json("a/package.json", {
      name: "a",
      version: "1.2.3",
      scripts: {
        probe:
          "node -e \"console.log('event=' + process.env.npm_lifecycle_event + ' pkg=' + process.env.npm_package_name + ' runner=' + process.env.npm_execpath)\" && hello-from-a",
        fail: 'node -e "process.exit(3)"',
        "ask-pnpm": '"$npm_execpath" --version',
      },
    });
    spawnSync("git", ["init", "-q"], { cwd: dir });
    return dir;
  }
  const run = (cwd, ...args) =>
    spawnSync(process.execPath, [bin, ...args, "--no-daemon"], { cwd, encoding: "utf8" });

  it("runs the package's script with its bins on PATH and npm's variables, passing arguments through", () => {
    const result = run(workspace(), "run", "probe", "--", "x", "y z");
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
    // pnpm sets npm_execpath to itself: this one is the task runner's
    expect(result.stdout).toContain(`event=probe pkg=a runner=${join(onPathDir, "pnpm")}`);
    expect(result.stdout).toContain("hello-bin x y z");
  });

  it("hands any other pnpm command to the user's pnpm", () => {
    const user = spawnSync("pnpm", ["--version"], { encoding: "utf8" });
    expect(user.status).toBe(0);
    const result = run(workspace(), "run", "ask-pnpm");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`a:ask-pnpm: ${user.stdout.trim()}`);
  });

  it("passes turbo's exit code on when a task fails", () => {
    const result = run(workspace(), "run", "fail");
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/a#fail/);
  });
});

describe("the task runner's pnpm", () => {
  const pnpm = join(onPathDir, "pnpm");
  const pkgDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "run-task-"));
    dirs.push(dir);
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({
        name: "b",
        scripts: {
          exit7: 'node -e "process.exit(7)"',
          postexit7: "echo post-ran",
          prehooked: "echo pre-ran $*",
          hooked: "echo main-ran $*",
          posthooked: "echo post-ran $*",
          prestopped: "exit 4",
          stopped: "echo main-ran",
          poststopped: "echo post-ran",
        },
      }),
    );
    return dir;
  };
  const runIn = (argv) => spawnSync(pnpm, argv, { cwd: pkgDir(), encoding: "utf8" });

  it.each([
    ["the script's exit code", ["run", "exit7"], 7, ""],
    ["a missing script is a failure, as in pnpm", ["run", "nope"], 1, 'b has no script "nope"'],
  ])("returns %s", (_, argv, status, message) => {
    const result = runIn(argv);
    expect(result.status).toBe(status);
    expect(result.stderr).toContain(message);
  });

  // pnpm 10 runs pre<script> and post<script> (enablePrePostScripts defaults to true); a task must not lose them
  it("runs pre<script> and post<script> around the script, the arguments going to the script only", () => {
    const result = runIn(["run", "hooked", "x", "y"]);
    expect(result.status).toBe(0);
    const lines = result.stdout.split("\n").filter((line) => /^(pre|main|post)-ran/.test(line));
    expect(lines).toEqual(["pre-ran", "main-ran x y", "post-ran"]);
  });

  it.each([
    ["a failing pre<script> ends the task before the script and post<script>", "stopped", 4],
    ["a failing script ends the task before its post<script>", "exit7", 7],
  ])("%s, with its exit status", (_, script, status) => {
    const result = runIn(["run", script]);
    expect(result.status).toBe(status);
    expect(result.stdout).not.toMatch(/(main|post)-ran/);
  });
});
