// The human-readable report of one API's gate run.
import { stringify } from "yaml";
import { acceptanceTemplates } from "./accepted.mjs";

export const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

const indent = (text, by) =>
  text
    .trimEnd()
    .split("\n")
    .map((l) => `${by}${l}`)
    .join("\n");

function describe(f) {
  const where = [
    f.operation ? `${f.operation}${f.operationId ? ` (${f.operationId})` : ""}` : "the whole API",
  ];
  if (f.pointer) where.push(`at ${f.pointer}${f.pointerIn === "base" ? " in the base" : ""}`);
  return `[${f.id}] ${f.text}\n      ${where.join(" ")}`;
}

export function renderReport(r) {
  const lines = [];
  if (r.status === "nothing-to-compare") return `${r.api}: ${r.message}\n`;
  lines.push(`${r.api}: ${r.revision} against ${r.base.label}`);
  const { breaking, accepted, warnings, changes } = r.counts;
  lines.push(
    `  ${breaking} breaking (${accepted} accepted), ${plural(warnings, "warning")}, ${plural(changes, "change")} in all`,
  );
  for (const f of r.breaking) {
    lines.push(`  BREAKING ${describe(f)}`);
    if (f.accepted)
      lines.push(
        `      accepted as "${f.accepted.name}" (reviewed by ${f.accepted.reviewedBy}): ${f.accepted.reason}`,
      );
  }
  for (const f of r.warnings) lines.push(`  warning  ${describe(f)}`);
  const others = r.changes.filter((c) => c.level === "info");
  if (others.length) {
    lines.push("  changelog:");
    for (const f of others) lines.push(`    ${f.operation ?? "API"}: ${f.text}`);
  }
  for (const name of r.unusedAcceptances)
    lines.push(
      `  note: acceptance "${name}" in ${r.acceptedFile} matches no breaking change any more; remove it`,
    );
  const open = r.breaking.filter((f) => !f.accepted);
  if (r.gate === "fail") {
    lines.push(
      `  FAIL: ${open.length} breaking change(s) need a major bump of ${r.missingMajor.join(", ")} (no pending changeset bumps ${r.missingMajor.length > 1 ? "them" : "it"} by a major).`,
    );
    lines.push(`  Either add a changeset, e.g. .changeset/${r.api}-breaking.md:`);
    lines.push(
      indent(
        `---\n${r.packages.affected.map((p) => `"${p}": major`).join("\n")}\n---\n\n<what broke, and what users of the ${r.api} spec and clients must change>`,
        "      ",
      ),
    );
    lines.push(`  or, if a change fixes a spec bug, accept it by a reviewed entry in ${r.acceptedFile}:`);
    lines.push(indent(stringify({ accepted: acceptanceTemplates(open) }), "      "));
  } else if (open.length) {
    const ids = Object.values(r.majorChangesets).flat();
    lines.push(
      `  pass: the breaking changes ship as a major (pending changesets: ${[...new Set(ids)].join(", ")})`,
    );
  } else lines.push(breaking ? "  pass: every breaking change is accepted" : "  pass: no breaking change");
  return `${lines.join("\n")}\n`;
}
