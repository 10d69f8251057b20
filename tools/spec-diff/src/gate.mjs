// The gate for one API: its current bundle against its base; every breaking change must be accepted by a reviewed
// entry, or the pending changesets must bump every affected package by a major.
import { existsSync } from "node:fs";
import { relative } from "node:path";
import { loadAccepted, matches } from "./accepted.mjs";
import { resolveBase } from "./base.mjs";
import { pendingMajors } from "./changesets.mjs";
import { diffDocuments, readSpec } from "./diff.mjs";
import { SpecDiffError } from "./errors.mjs";
import { acceptedPath, bundlePath, packagesOf, REPO_ROOT } from "./repo.mjs";

export async function gateApi(api, { ref, root = REPO_ROOT, revisionFile } = {}) {
  const packages = packagesOf(api, root);
  const revision = revisionFile ?? bundlePath(api, root);
  if (!existsSync(revision))
    throw new SpecDiffError(
      `${relative(root, revision)} is missing: bundle it first (pnpm turbo run @userctl/specs#bundle:${api})`,
    );
  const accepted = loadAccepted(api, root);
  const report = {
    api,
    revision: relative(root, revision),
    packages,
    acceptedFile: relative(root, acceptedPath(api, root)),
  };
  const base = resolveBase(api, { ref, root, shipper: packages.shipper });
  if (base.none)
    return { ...report, status: "nothing-to-compare", message: base.none, gate: "pass", exitCode: 0 };

  const { breaking, warnings, changes } = diffDocuments(base.doc, readSpec(revision));
  const used = new Set();
  for (const finding of breaking) {
    const entry = accepted.find((e) => matches(e, finding));
    if (entry) {
      finding.accepted = { name: entry.name, reason: entry.reason, reviewedBy: entry.reviewedBy };
      used.add(entry.name);
    }
  }
  const open = breaking.filter((f) => !f.accepted);
  const majors = open.length ? await pendingMajors(root) : new Map();
  const missingMajor = open.length ? packages.affected.filter((name) => !majors.has(name)) : [];
  const gate = open.length && missingMajor.length ? "fail" : "pass";
  return {
    ...report,
    status: "compared",
    base: { label: base.label, kind: base.kind, ...(base.version ? { version: base.version } : {}) },
    counts: {
      breaking: breaking.length,
      accepted: breaking.length - open.length,
      warnings: warnings.length,
      changes: changes.length,
    },
    breaking,
    warnings,
    changes,
    majorChangesets: Object.fromEntries([...majors].filter(([name]) => packages.affected.includes(name))),
    missingMajor,
    unusedAcceptances: accepted.filter((e) => !used.has(e.name)).map((e) => e.name),
    gate,
    exitCode: gate === "fail" ? 1 : 0,
  };
}
