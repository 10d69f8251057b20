// Generate + compile time of the Python, Go and Java clients (the build's own scripts in packages/clients-*),
// each against the TypeScript codegen of the same three bundles measured in the same run.
// quick: Python and Go only (the Java generator and Maven take minutes on a shared 2-core machine).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const APIS = ["milvus", "qingcloud-ehpc", "sunbird-user"];

function timed(label, command, args, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${label}: exit ${result.status}\n${result.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function bench(ctx) {
  const root = ctx.repoRoot;
  const out = mkdtempSync(join(tmpdir(), "userctl-bench-ts-"));
  let baseline = 0;
  try {
    for (const api of APIS)
      baseline += timed(
        `TypeScript codegen ${api}`,
        process.execPath,
        [
          join(root, "tools/codegen/bin/codegen.mjs"),
          join(root, "specs/dist", `${api}.openapi.json`),
          join(out, api),
        ],
        root,
      );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const languages = ctx.quick ? ["python", "go"] : ["python", "go", "java"];
  const rows = [];
  for (const lang of languages) {
    const dir = join(root, "packages", `clients-${lang}`);
    const generate = timed(`${lang} generate`, process.execPath, ["scripts/generate.mjs"], dir);
    const compile = timed(`${lang} build`, process.execPath, ["scripts/build.mjs"], dir);
    rows.push({
      name: `${lang} clients: generate + compile (3 APIs)`,
      measured: Math.round(generate + compile),
      baseline: Math.round(baseline),
      unit: "ms",
      note: `generate ${Math.round(generate)} ms, compile/pack ${Math.round(compile)} ms; baseline = TypeScript codegen of the same 3 bundles`,
    });
  }
  return rows;
}
