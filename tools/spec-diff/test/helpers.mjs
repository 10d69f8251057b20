// A small userctl-shaped repository in a temp folder: one API ("fixture"), the package that ships its bundle, a
// client generated from it, and (optionally) a recorded release. Tests never touch the real repo's state.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";

export const TOOL_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const FIXTURE = join(TOOL_DIR, "test/fixtures/base.openapi.yaml");
export const fixtureDoc = () => parse(readFileSync(FIXTURE, "utf8"));

const write = (file, text) => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
};
const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

export function makeRepo({ release, specsVersion = "1.0.0" } = {}) {
  const root = mkdtempSync(join(tmpdir(), "userctl-spec-diff-repo-"));
  write(join(root, "specs/redocly.yaml"), "apis:\n  fixture:\n    root: fixture/openapi.yaml\n");
  write(
    join(root, "specs/package.json"),
    json({
      name: "@fixture/specs",
      version: specsVersion,
      exports: { "./fixture.openapi.json": "./dist/fixture.openapi.json" },
    }),
  );
  write(
    join(root, "packages/fixture-client/package.json"),
    json({
      name: "@fixture/client",
      version: "1.0.0",
      scripts: { generate: "codegen ../../specs/dist/fixture.openapi.json src/generated" },
    }),
  );
  write(join(root, "packages/private-tool/package.json"), json({ name: "@fixture/tool", private: true }));
  write(join(root, ".changeset/config.json"), json({ baseBranch: "main" }));
  if (release)
    write(join(root, `specs/releases/fixture/${release.version}.openapi.yaml`), stringify(release.doc));
  const repo = {
    root,
    /** The current bundle (what `pnpm build` writes to specs/dist), as JSON and YAML like the real bundler. */
    setBundle(doc) {
      write(join(root, "specs/dist/fixture.openapi.json"), json(doc));
      write(join(root, "specs/dist/fixture.openapi.yaml"), stringify(doc));
    },
    /** The split source the bundler reads (one file is enough for Redocly). */
    setSource(doc) {
      write(join(root, "specs/fixture/openapi.yaml"), stringify(doc));
    },
    changeset(name, releases) {
      const head = Object.entries(releases)
        .map(([pkg, type]) => `"${pkg}": ${type}`)
        .join("\n");
      write(join(root, ".changeset", `${name}.md`), `---\n${head}\n---\n\nA change.\n`);
    },
    accept(text) {
      write(join(root, "specs/fixture/accepted-breaking-changes.yaml"), text);
    },
    git(...args) {
      return execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
    },
    commit(message) {
      repo.git("add", "-A");
      repo.git("-c", "user.name=t", "-c", "user.email=t@example.test", "commit", "-qm", message);
      return repo.git("rev-parse", "HEAD");
    },
    /** bin/spec-diff.mjs run against this repo. */
    cli(...args) {
      return spawnSync(process.execPath, [join(TOOL_DIR, "bin/spec-diff.mjs"), ...args], {
        encoding: "utf8",
        env: { ...process.env, SPEC_DIFF_ROOT: root, SPEC_DIFF_BASE: "" },
      });
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  return repo;
}
