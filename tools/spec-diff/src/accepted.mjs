// Reviewed acceptances: a breaking change that fixes a spec bug ships without a major bump only when
// specs/<api>/accepted-breaking-changes.yaml names it (check, operation, pointer) with a reason and a reviewer.
import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import { SpecDiffError } from "./errors.mjs";
import { acceptedPath } from "./repo.mjs";

const SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["accepted"],
  properties: {
    accepted: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "check", "operation", "pointer", "reason", "reviewedBy"],
        properties: {
          name: { type: "string", pattern: "^[a-z0-9][a-z0-9-]*$" },
          check: { type: "string", minLength: 1 },
          operation: { type: ["string", "null"] },
          pointer: { type: "string", pattern: "^#(/.*)?$" },
          reason: { type: "string", minLength: 10 },
          reviewedBy: { type: "string", minLength: 1 },
        },
      },
    },
  },
};
const validate = new Ajv({ allErrors: false }).compile(SCHEMA);

/** The entries of an API's acceptance file ([] when there is none); a malformed file is a usage error. */
export function loadAccepted(api, root) {
  const file = acceptedPath(api, root);
  if (!existsSync(file)) return [];
  const where = relative(root, file);
  let doc;
  try {
    doc = parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new SpecDiffError(`${where}: not valid YAML (${error.message.split("\n")[0]})`);
  }
  if (!validate(doc ?? {})) {
    const [e] = validate.errors;
    const field = e.instancePath.replace(/^\//, "").replaceAll("/", ".") || "(file)";
    const detail = e.params?.missingProperty ? ` "${e.params.missingProperty}"` : "";
    throw new SpecDiffError(`${where}: ${field}: ${e.message}${detail}`);
  }
  const seen = new Set();
  for (const entry of doc.accepted) {
    if (seen.has(entry.name)) throw new SpecDiffError(`${where}: name "${entry.name}" is used twice`);
    seen.add(entry.name);
  }
  return doc.accepted;
}

// `operation: "*"` accepts the same check at the same pointer in every operation: one edit of a shared component
// is one decision, however many operations use it.
export const matches = (entry, finding) =>
  entry.check === finding.id &&
  (entry.operation === "*" || (entry.operation ?? null) === finding.operation) &&
  entry.pointer === finding.pointer;

/** The entries to paste for some findings (one per check and pointer); reason and reviewer are for a person. */
export function acceptanceTemplates(findings) {
  const groups = new Map();
  for (const f of findings) {
    const key = `${f.id} ${f.pointer}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()].map((group) => ({
    name: "<short-name-of-the-fix>",
    check: group[0].id,
    operation: new Set(group.map((f) => f.operation)).size > 1 ? "*" : group[0].operation,
    pointer: group[0].pointer,
    reason: "<why this is a fix of a spec bug, and who it affects>",
    reviewedBy: "<reviewer>",
  }));
}
