// userctl-turbo must hand turbo's tasks the native pnpm (same version as the repo's), and otherwise be turbo.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { nativePnpmDir, turboEnv } from "../src/turbo-run.mjs";

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
    ["prepends the directory", { PATH: "/usr/bin:/bin" }, "/x", `/x${delimiter}/usr/bin:/bin`],
    ["sets PATH when there is none", {}, "/x", "/x"],
    ["leaves PATH alone without a native pnpm", { PATH: "/usr/bin" }, null, "/usr/bin"],
  ])("%s", (_, env, dir, path) => {
    expect(turboEnv(env, dir).PATH).toBe(path);
  });
});

describe("the native pnpm", () => {
  it("is installed, is not a Node script, and is package.json#packageManager's version", () => {
    const dir = nativePnpmDir();
    expect(dir).not.toBeNull();
    expect(readFileSync(join(dir, "pnpm")).subarray(0, 2).toString()).not.toBe("#!");
    const version = spawnSync(join(dir, "pnpm"), ["--version"], { encoding: "utf8" });
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(repoPnpm);
  });

  it("is the version the bootstrap installs", () => {
    const bootstrap = readFileSync(join(repoRoot, "tools", "bootstrap.mjs"), "utf8");
    expect(bootstrap).toMatch(new RegExp(`const PNPM = "${repoPnpm.replaceAll(".", "\\.")}";`));
  });
});

describe("userctl-turbo", () => {
  // A one-package workspace whose task prints the pnpm that runs it (pnpm sets npm_execpath to itself).
  function workspace() {
    const dir = mkdtempSync(join(tmpdir(), "turbo-run-"));
    dirs.push(dir);
    mkdirSync(join(dir, "a"));
    const json = (file, value) => writeFileSync(join(dir, file), JSON.stringify(value));
    json("package.json", { name: "root", private: true, packageManager: `pnpm@${repoPnpm}` });
    writeFileSync(join(dir, "pnpm-workspace.yaml"), "packages:\n  - a\n");
    json("turbo.json", { tasks: { probe: { cache: false }, fail: { cache: false } } });
    json("a/package.json", {
      name: "a",
      scripts: {
        probe: "node -e \"console.log('runner=' + process.env.npm_execpath)\"",
        fail: 'node -e "process.exit(3)"',
      },
    });
    spawnSync("git", ["init", "-q"], { cwd: dir });
    return dir;
  }
  const run = (cwd, ...args) =>
    spawnSync(process.execPath, [bin, ...args, "--no-daemon"], { cwd, encoding: "utf8" });

  it("runs each task with the native pnpm", () => {
    const result = run(workspace(), "run", "probe");
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`runner=${join(nativePnpmDir(), "pnpm")}`);
  });

  it("passes turbo's exit code on when a task fails", () => {
    const result = run(workspace(), "run", "fail");
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/a#fail/);
  });
});
