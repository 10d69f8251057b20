// The engine: oasdiff (pinned in tools/go/go.mod, built by the set-up into tools/go/bin). Its `changelog` lists
// every change with a level; the gate raises a few of its warnings and infos to errors (see SEVERITY_OVERRIDES).
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SpecDiffError } from "./errors.mjs";

// The binary next to this tool (tools/go/bin), whichever repository it compares; USERCTL_OASDIFF overrides it.
const BUILT = join(dirname(fileURLToPath(import.meta.url)), "../../go/bin/oasdiff");
export const OASDIFF = process.env.USERCTL_OASDIFF ?? BUILT;

// oasdiff check id -> why userctl calls it breaking although oasdiff only warns (or informs).
export const SEVERITY_OVERRIDES = {
  "request-parameter-removed":
    "GitHub: removing or renaming a parameter (clients still send it; strict servers reject it)",
  "request-property-removed":
    "GitHub: removing or renaming a parameter, here a body field (additionalProperties: false)",
  "request-parameter-pattern-changed":
    "GitHub: a new validation rule; oasdiff cannot tell a tightened pattern from a looser one",
  "request-property-pattern-changed":
    "GitHub: a new validation rule; oasdiff cannot tell a tightened pattern from a looser one",
  "request-parameter-property-type-changed": "GitHub: changing the type of a parameter",
  "response-optional-property-removed": "GitHub: removing a response field (generated types lose it)",
  "response-non-success-status-removed":
    "the issue: a status code removed (clients' typed error cases change)",
};
// Information only: the spec's info.version is the vendor's API version, not a userctl release.
const DROPPED = new Set(["api-version-not-bumped"]);
const LEVELS = { 3: "breaking", 2: "warning", 1: "info" };

export function requireOasdiff() {
  if (!existsSync(OASDIFF))
    throw new SpecDiffError(
      `oasdiff is not built (${OASDIFF} missing): run \`cd tools/go && GOBIN=$PWD/bin go install tool\``,
    );
  return OASDIFF;
}

/** oasdiff's changelog of base -> revision (both JSON files), each entry with `level` as a word. */
export function oasdiffChangelog(baseFile, revisionFile, workDir) {
  const bin = requireOasdiff();
  const levels = join(workDir, "severity-levels.txt");
  writeFileSync(
    levels,
    Object.keys(SEVERITY_OVERRIDES)
      .map((id) => `${id} ERR\n`)
      .join(""),
  );
  let out;
  try {
    out = execFileSync(
      bin,
      [
        "changelog",
        baseFile,
        revisionFile,
        "--format",
        "json",
        "--severity-levels",
        levels,
        "--allow-external-refs=false",
      ],
      { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] },
    );
  } catch (error) {
    const why = String(error.stderr ?? error.message)
      .trim()
      .split("\n")[0];
    throw new SpecDiffError(`oasdiff could not compare the specs: ${why}`);
  }
  const changes = out.trim() ? JSON.parse(out) : [];
  return changes.filter((c) => !DROPPED.has(c.id)).map((c) => ({ ...c, level: LEVELS[c.level] ?? "info" }));
}
