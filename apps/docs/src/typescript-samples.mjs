// The TypeScript samples are real files in samples/<api>/<operationId>.ts, compiled against the client
// packages on every build: a spec change that breaks a sample breaks the build.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { Worker } from "node:worker_threads";

const require = createRequire(import.meta.url);
// Required, not imported, as tools/emit does and for its reason: from ESM, Node first sniffs the format of
// TypeScript's 9 MB CommonJS file and lexes it for export names (0.6 s of this build, measured with --cpu-prof).
// And only on first use: the build loads this module on its main thread but type-checks on a worker.
const typescript = () => require("typescript");

/** Reads every sample; names both the missing samples and the ones whose operation no longer exists. */
export function loadTypeScriptSamples(samplesDir, operationsByApi) {
  const samples = new Map();
  const problems = [];
  for (const [apiId, operations] of operationsByApi) {
    const dir = join(samplesDir, apiId);
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".ts")) : [];
    const ids = new Set(operations.map((o) => o.operationId));
    for (const op of operations) {
      const file = join(dir, `${op.operationId}.ts`);
      if (!existsSync(file))
        problems.push(`${apiId}.${op.operationId}: no TypeScript sample (${relative(process.cwd(), file)})`);
      else samples.set(`${apiId}.${op.operationId}`, { file, source: readFileSync(file, "utf8").trimEnd() });
    }
    for (const f of files)
      if (!ids.has(f.slice(0, -3)))
        problems.push(`${apiId}/${f}: sample for an operation the spec does not have`);
  }
  return { samples, problems };
}

/**
 * Type-checks the sample files with the repo's shared compiler settings. `clientOverrides` maps a client
 * package name to a source entry point (the build test points one at a client regenerated from a changed spec).
 * Returns formatted diagnostics, empty when everything compiles.
 */
export function typeCheckSamples(files, clientOverrides = {}) {
  const ts = typescript();
  const basePath = require.resolve("@userctl/tsconfig/base.json");
  const config = ts.readConfigFile(basePath, ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, join(basePath, ".."));
  const paths = Object.fromEntries(Object.entries(clientOverrides).map(([pkg, entry]) => [pkg, [entry]]));
  const options = {
    ...parsed.options,
    noEmit: true,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    // A client's source includes its generated validators (Ajv standalone JS), typed by JSDoc, as in its own build.
    allowJs: true,
    paths,
  };
  const program = ts.createProgram(files, options);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  return diagnostics.map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, " ");
    if (!d.file || d.start === undefined) return text;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${relative(process.cwd(), d.file.fileName)}:${line + 1}:${character + 1} TS${d.code}: ${text}`;
  });
}

/**
 * typeCheckSamples on a worker thread: the type-check is most of the portal build's CPU time, and the build runs
 * last and alone in a cold `pnpm build`, so the rest of the site is rendered on the other core meanwhile.
 */
export function typeCheckSamplesInWorker(files, clientOverrides = {}) {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(new URL("./typescript-samples-worker.mjs", import.meta.url), {
      workerData: { files, clientOverrides },
    });
    worker.once("message", resolvePromise);
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`the samples' type-check worker exited with ${code}`));
    });
  });
}
