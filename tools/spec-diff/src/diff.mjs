// One comparison: base document -> revision document, as oasdiff's changelog plus userctl's extension rules,
// every finding with the operation it is in and a JSON pointer to where it is.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { SpecDiffError } from "./errors.mjs";
import { extensionFindings } from "./extension-rules.mjs";
import { oasdiffChangelog } from "./oasdiff.mjs";
import { pointerIndex } from "./pointer.mjs";

/** A spec file (JSON or YAML) as a parsed document. */
export function readSpec(file) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new SpecDiffError(`${file}: cannot read the spec`);
  }
  try {
    return parse(text);
  } catch (error) {
    throw new SpecDiffError(`${file}: not valid JSON or YAML (${error.message.split("\n")[0]})`);
  }
}

/**
 * Compares two parsed OpenAPI documents. Returns { breaking, warnings, changes }: `changes` is the whole changelog
 * (breaking first), `breaking` and `warnings` the parts of it with that level.
 */
export function diffDocuments(base, revision) {
  const dir = mkdtempSync(join(tmpdir(), "userctl-spec-diff-"));
  try {
    // written by us as pretty JSON, so oasdiff's line/column map to JSON pointers exactly
    const texts = { base: JSON.stringify(base, null, 2), revision: JSON.stringify(revision, null, 2) };
    writeFileSync(join(dir, "base.json"), texts.base);
    writeFileSync(join(dir, "revision.json"), texts.revision);
    const index = { base: pointerIndex(texts.base), revision: pointerIndex(texts.revision) };
    const fromOasdiff = oasdiffChangelog(join(dir, "base.json"), join(dir, "revision.json"), dir).map((c) => {
      const side = c.revisionSource ? "revision" : c.baseSource ? "base" : null;
      const source = side && c[`${side}Source`];
      return {
        id: c.id,
        source: "oasdiff",
        level: c.level,
        text: c.text,
        ...(c.comment ? { comment: c.comment } : {}),
        operation: c.operation && c.path ? `${c.operation} ${c.path}` : null,
        operationId: c.operationId ?? null,
        // oasdiff places a parameter at its `name` line: the pointer names the whole parameter
        pointer: source
          ? (index[side].at(source.line, source.column)?.replace(/(\/parameters\/\d+)\/name$/, "$1") ?? null)
          : null,
        pointerIn: side,
      };
    });
    const rank = { breaking: 0, warning: 1, info: 2 };
    const changes = [...fromOasdiff, ...extensionFindings(base, revision)].sort(
      (a, b) => rank[a.level] - rank[b.level] || String(a.operation).localeCompare(String(b.operation)),
    );
    return {
      breaking: changes.filter((c) => c.level === "breaking"),
      warnings: changes.filter((c) => c.level === "warning"),
      changes,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
