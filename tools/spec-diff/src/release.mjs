// The release flow's half of the gate: after `changeset version` has bumped the packages, each API's bundle is
// committed as specs/releases/<api>/<version>.openapi.yaml (byte for byte the YAML bundle the package ships)
// with <version>.changes.yaml, its changelog against the previous release, which the portal renders.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { parse, stringify } from "yaml";
import { loadAccepted, matches } from "./accepted.mjs";
import { listReleases } from "./base.mjs";
import { diffDocuments, readSpec } from "./diff.mjs";
import { SpecDiffError } from "./errors.mjs";
import { listApis, packagesOf, REPO_ROOT, releasesDir } from "./repo.mjs";
import { plural } from "./report.mjs";

export function recordRelease({
  root = REPO_ROOT,
  apis = listApis(root),
  bundle = true,
  date = new Date(),
} = {}) {
  const lines = [];
  for (const api of apis) {
    if (bundle)
      execFileSync(process.execPath, [join(root, "specs/scripts/bundle.mjs"), api], {
        cwd: root,
        stdio: "ignore",
      });
    const { shipper } = packagesOf(api, root);
    const current = join(root, "specs/dist", `${api}.openapi.yaml`);
    if (!existsSync(current))
      throw new SpecDiffError(`${relative(root, current)} is missing: bundle the specs first`);
    const doc = readSpec(current);
    const latest = listReleases(api, root).at(-1);
    const previous = latest ? readSpec(latest.file) : null;
    if (previous && isDeepStrictEqual(previous, doc)) {
      lines.push(`${api}: unchanged since ${latest.version}`);
      continue;
    }
    if (latest?.version === shipper.version) {
      lines.push(
        `${api}: changed, but ${shipper.name} is still ${shipper.version}; recorded with its next release`,
      );
      continue;
    }
    const dir = releasesDir(api, root);
    mkdirSync(dir, { recursive: true });
    const snapshot = join(dir, `${shipper.version}.openapi.yaml`);
    copyFileSync(current, snapshot);
    const diff = previous ? diffDocuments(previous, doc) : null;
    // the portal says which breaking changes shipped as accepted spec fixes, and why
    const accepted = loadAccepted(api, root);
    for (const change of diff?.breaking ?? []) {
      const entry = accepted.find((e) => matches(e, change));
      if (entry) change.accepted = { name: entry.name, reason: entry.reason, reviewedBy: entry.reviewedBy };
    }
    const record = {
      api,
      package: shipper.name,
      version: shipper.version,
      previous: latest?.version ?? null,
      date: date.toISOString().slice(0, 10),
      changes: diff?.changes ?? [],
    };
    writeFileSync(join(dir, `${shipper.version}.changes.yaml`), stringify(record));
    lines.push(
      `${api}: recorded ${relative(root, snapshot)}${diff ? ` (${diff.breaking.length} breaking, ${plural(diff.changes.length, "change")} since ${latest.version})` : " (first release)"}`,
    );
  }
  return lines;
}

/** Every recorded release of an API, newest first, each with its changelog against the one before. */
export function releaseHistory(api, root = REPO_ROOT) {
  return listReleases(api, root)
    .map(({ version, file }) => {
      const changesFile = file.replace(/\.openapi\.yaml$/, ".changes.yaml");
      const record = existsSync(changesFile) ? parse(readFileSync(changesFile, "utf8")) : {};
      return {
        version,
        previous: record.previous ?? null,
        date: record.date ?? null,
        changes: record.changes ?? [],
      };
    })
    .reverse();
}
