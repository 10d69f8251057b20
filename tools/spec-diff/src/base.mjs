// What a bundle is compared with. By default its last release: the release flow (`pnpm version-packages`) commits
// each released bundle as specs/releases/<api>/<version>.openapi.yaml, so the base is in every clone (tags may
// not be) and needs neither the network nor a published tarball. `--base REF` bundles the spec as it was at a
// git commit instead.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import semver from "semver";
import { readSpec } from "./diff.mjs";
import { SpecDiffError } from "./errors.mjs";
import { releasesDir } from "./repo.mjs";

const SNAPSHOT = /^(.+)\.openapi\.yaml$/;

/** The recorded releases of one API, oldest first: [{ version, file }]. */
export function listReleases(api, root) {
  const dir = releasesDir(api, root);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => ({ name, version: SNAPSHOT.exec(name)?.[1] }))
    .filter((r) => r.version && semver.valid(r.version))
    .sort((a, b) => semver.compare(a.version, b.version))
    .map((r) => ({ version: r.version, file: join(dir, r.name) }));
}

const git = (root, args) =>
  execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

/** A git ref as a full commit id, or a usage error naming the flag. */
export function resolveRef(ref, root) {
  try {
    return git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new SpecDiffError(`--base: "${ref}" is not a commit of this repository`);
  }
}

/** Bundles specs/<api> as it is at `commit` with the pinned Redocly, in a temp folder. */
function bundleAt(api, commit, root) {
  try {
    git(root, ["cat-file", "-e", `${commit}:specs/${api}/openapi.yaml`]);
  } catch {
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), "userctl-spec-base-"));
  try {
    const tar = execFileSync("git", ["archive", "--format=tar", commit, "specs/"], {
      cwd: root,
      maxBuffer: 256 * 1024 * 1024,
    });
    execFileSync("tar", ["-x", "-C", dir], { input: tar });
    const require = createRequire(import.meta.url);
    const redocly = join(dirname(require.resolve("@redocly/cli/package.json")), "bin", "cli.js");
    const out = join(dir, "base.openapi.yaml");
    try {
      execFileSync(process.execPath, [redocly, "bundle", api, "--output", out], {
        cwd: join(dir, "specs"),
        stdio: ["ignore", "ignore", "pipe"],
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      });
    } catch (error) {
      const why = String(error.stderr ?? "")
        .trim()
        .split("\n")
        .pop();
      throw new SpecDiffError(`--base: specs/${api} at ${commit.slice(0, 12)} does not bundle (${why})`);
    }
    return readSpec(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * { doc, label } to compare with, or { none: message } when there is nothing to compare (no release yet, or the
 * API did not exist at the ref).
 */
export function resolveBase(api, { ref, root, shipper }) {
  if (ref) {
    const commit = resolveRef(ref, root);
    const doc = bundleAt(api, commit, root);
    if (!doc) return { none: `specs/${api} does not exist at ${ref}; nothing to compare` };
    const label = ref === commit ? `commit ${commit.slice(0, 12)}` : `${ref} (${commit.slice(0, 12)})`;
    return { doc, label, kind: "ref", commit };
  }
  const latest = listReleases(api, root).at(-1);
  if (!latest) return { none: `no release of ${shipper.name} yet; nothing to compare` };
  return {
    doc: readSpec(latest.file),
    label: `release ${latest.version} of ${shipper.name}`,
    kind: "release",
    version: latest.version,
  };
}
