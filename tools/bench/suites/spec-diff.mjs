// The breaking-change gate's cost over its engine: one comparison of each real bundle with a changed copy through
// spec-diff's diffDocuments (temp files, oasdiff, JSON pointers, extension rules) against oasdiff alone on the
// same two files. Rounds interleaved so machine load hits both sides alike; medians reported.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
};

export async function bench({ repoRoot, quick }) {
  const lib = await import(pathToFileURL(join(repoRoot, "tools/spec-diff/src/index.mjs")).href);
  const rounds = quick ? 3 : 15;
  const dir = mkdtempSync(join(tmpdir(), "userctl-bench-spec-diff-"));
  const rows = [];
  try {
    for (const api of lib.listApis(repoRoot)) {
      const base = lib.readSpec(join(repoRoot, "specs/dist", `${api}.openapi.json`));
      const revision = structuredClone(base);
      const [path] = Object.keys(revision.paths);
      delete revision.paths[path];
      const files = [join(dir, "b.json"), join(dir, "r.json")];
      writeFileSync(files[0], JSON.stringify(base, null, 2));
      writeFileSync(files[1], JSON.stringify(revision, null, 2));
      const gate = [];
      const engine = [];
      for (let i = 0; i < rounds; i++) {
        gate.push(time(() => lib.diffDocuments(base, revision)));
        engine.push(time(() => execFileSync(lib.OASDIFF, ["changelog", ...files, "--format", "json"])));
      }
      rows.push({
        name: `spec-diff ${api}: one comparison`,
        measured: median(gate),
        baseline: median(engine),
        unit: "ms",
        note: `baseline: oasdiff changelog alone on the same files; ${rounds} interleaved rounds, medians`,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
