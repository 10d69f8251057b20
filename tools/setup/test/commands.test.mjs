// install.mjs and preflight.mjs as a user runs them, on this machine (after the set-up, as `pnpm test` runs).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const setup = fileURLToPath(new URL("..", import.meta.url));
const node = (script, args = [], env = process.env) =>
  spawnSync(process.execPath, [join(setup, script), ...args], { encoding: "utf8", env });
// A PATH holding only node: every Debian tool is missing.
const bare = mkdtempSync(join(tmpdir(), "userctl-setup-path-"));
symlinkSync(process.execPath, join(bare, "node"));
afterAll(() => rmSync(bare, { recursive: true, force: true }));

describe("install.mjs --check", () => {
  it("finds nothing to do once the set-up ran, one ok line per step", () => {
    const r = node("install.mjs", ["--check"]);
    expect(r.stderr).toBe("");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(/^setup: ok {8}\S/);
    expect(r.status).toBe(0);
  });

  it("lists what it would install, and exits 1, when tools are missing", () => {
    const r = node("install.mjs", ["--check"], { ...process.env, PATH: bare });
    expect(r.stdout).toMatch(/^setup: (would run|blocked) +Debian packages \(chromium, .*zsh.*\): /m);
    expect(r.status).toBe(1);
  });

  it("rejects an unknown argument with exit 2", () => {
    const r = node("install.mjs", ["--dry"]);
    expect(r.stderr.trim()).toBe(
      "setup: unknown argument --dry (usage: node tools/setup/install.mjs [--check])",
    );
    expect(r.status).toBe(2);
  });
});

describe("preflight.mjs", () => {
  it("passes on this machine with one line", () => {
    const r = node("preflight.mjs");
    expect(r.stdout).toMatch(/^preflight: ok \(Debian packages, Python tools, Go tools.*\)\n$/);
    expect(r.status).toBe(0);
  });

  it("fails with one line per missing tool, naming it and the command that installs it", () => {
    const r = node("preflight.mjs", [], { ...process.env, PATH: bare });
    const lines = r.stderr.trimEnd().split("\n");
    // (chromium is proved by an absolute path, which a PATH cannot hide)
    for (const tool of ["zsh", "fish", "curl", "bsdutils"]) {
      expect(lines.filter((l) => l.startsWith(`preflight: missing ${tool} (`))).toHaveLength(1);
    }
    expect(r.stderr).toContain("preflight: missing zsh (no zsh on PATH; apps/cli completion tests");
    for (const line of lines.slice(0, -1))
      expect(line).toMatch(/^preflight: missing .+? \(.+\); install it with: \S/);
    expect(lines.at(-1)).toMatch(/^preflight: \d+ missing, so no test was run/);
    expect(r.status).toBe(1);
  });
});
