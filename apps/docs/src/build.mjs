// The portal build: specs → samples (curl generated, TypeScript type-checked, userctl from the CLI's own
// reference) → a copy of each spec with x-codeSamples → Redoc pages, landing, CLI reference, search, downloads.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { APIS } from "./apis.mjs";
import { changelogPage } from "./changelog-page.mjs";
import {
  cliReferencePage,
  commandsByOperation,
  readCliReference,
  walkCommands,
  wrapCommand,
} from "./cli-reference.mjs";
import { curlSample } from "./curl.mjs";
import { downloadName, generateClientsPage, loadPolyglot } from "./generate-page.mjs";
import { listOperations } from "./openapi.mjs";
import { landingPage, referencePage, searchPage } from "./pages.mjs";
import { buildSearchIndex } from "./search-index.mjs";
import { loadTypeScriptSamples, typeCheckSamplesInWorker } from "./typescript-samples.mjs";

const require = createRequire(import.meta.url);
export const DOCS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");

class BuildError extends Error {
  constructor(message, details = []) {
    super(message);
    this.details = details;
  }
}

const defaultSpecsDir = () => dirname(require.resolve("@userctl/specs/milvus.openapi.json"));
const defaultCliPath = () => {
  const pkgPath = require.resolve("@userctl/cli/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8"));
  return join(dirname(pkgPath), pkg.bin.userctl);
};

function loadSpecs(specsDir) {
  return APIS.map((api) => {
    const json = join(specsDir, `${api.id}.openapi.json`);
    const yaml = join(specsDir, `${api.id}.openapi.yaml`);
    for (const f of [json, yaml])
      if (!existsSync(f))
        throw new BuildError(`${f} is missing — bundle the specs first (pnpm --filter @userctl/specs build)`);
    const doc = JSON.parse(readFileSync(json, "utf8"));
    return { api, doc, json, yaml, operations: listOperations(doc) };
  });
}

// Redoc's sidebar footer loads its logo from Redocly's CDN; the portal serves its own copy instead
// (reference pages live one folder below the site root, hence "../assets").
const REDOC_LOGO_URL = "https://cdn.redoc.ly/redoc/logo-mini.svg";
function selfHostedRedoc() {
  const bundle = readFileSync(require.resolve("redoc/bundles/redoc.standalone.js"), "utf8");
  const hits = bundle.split(REDOC_LOGO_URL).length - 1;
  if (hits !== 1)
    throw new BuildError(
      `redoc.standalone.js refers to ${REDOC_LOGO_URL} ${hits} times (expected 1): check the new Redoc for CDN assets`,
    );
  return bundle.replace(REDOC_LOGO_URL, "../assets/redoc-logo.svg");
}

export async function buildSite({ outDir, specsDir, cliPath, clientOverrides = {}, releasesRoot } = {}) {
  const out = resolve(outDir ?? join(DOCS_DIR, "dist"));
  const apis = loadSpecs(resolve(specsDir ?? defaultSpecsDir()));

  // 1. TypeScript samples: one per operation, and they must compile against the clients.
  const { samples, problems } = loadTypeScriptSamples(
    join(DOCS_DIR, "samples"),
    apis.map((a) => [a.api.id, a.operations]),
  );
  if (problems.length) throw new BuildError("TypeScript samples do not match the specs", problems);
  // The type-check runs beside everything else; the site is written to a staging folder that replaces `out` only
  // once the samples compile, so a failed build leaves the previous site as it was.
  const typeCheck = typeCheckSamplesInWorker(
    [...samples.values()].map((s) => s.file),
    clientOverrides,
  );
  typeCheck.catch(() => {}); // handled below; a rejection must not count as unhandled while the site is written
  const staging = `${out}.staging-${process.pid}`;
  try {
    const summary = await writeSite({ out, staging, apis, samples, cliPath, releasesRoot });
    const diagnostics = await typeCheck;
    if (diagnostics.length)
      throw new BuildError(
        `${diagnostics.length} type error(s) in the TypeScript samples (${samples.size} type-checked)`,
        diagnostics,
      );
    rmSync(out, { recursive: true, force: true });
    renameSync(staging, out);
    return summary;
  } catch (error) {
    await typeCheck.catch(() => {}); // the worker ends before the staging folder goes
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Steps 2 and 3: everything but the type-check, written into `staging`; returns the build's summary line. */
async function writeSite({ out, staging, apis, samples, cliPath, releasesRoot }) {
  // Imported here, not at the top: loading the gate's library (Ajv, YAML, changesets) overlaps the type-check.
  const { releaseHistory } = await import("@userctl/spec-diff");
  // 2. userctl samples: the first example of the CLI command that calls each operation.
  const reference = readCliReference(cliPath ?? defaultCliPath());
  if (![...walkCommands(reference.root)].some((c) => c.operationId))
    throw new BuildError(
      "the CLI reference (userctl __reference --json) names no operationId: each command that calls an operation must carry `operationId` and `api`",
    );
  const missing = [];
  for (const entry of apis) {
    const commands = commandsByOperation(reference, entry.api);
    entry.cliCommands = new Map();
    entry.cliExamples = new Map();
    for (const op of entry.operations) {
      const cmd = commands.get(op.operationId);
      if (!cmd?.examples?.length)
        missing.push(`${entry.api.id}.${op.operationId}: no userctl command with an example`);
      else {
        entry.cliCommands.set(op.operationId, cmd.path.join(" "));
        entry.cliExamples.set(op.operationId, cmd.examples[0]);
      }
    }
  }
  if (missing.length) throw new BuildError("the CLI reference does not cover every operation", missing);

  // 3. Write the site (into the staging folder).
  rmSync(staging, { recursive: true, force: true });
  for (const dir of ["assets", "specs", "downloads", ...APIS.map((a) => a.id)])
    mkdirSync(join(staging, dir), { recursive: true });
  writeFileSync(join(staging, "assets/redoc.standalone.js"), selfHostedRedoc());
  copyFileSync(join(DOCS_DIR, "static/redoc-logo.svg"), join(staging, "assets/redoc-logo.svg"));
  copyFileSync(
    join(dirname(require.resolve("minisearch")), "../umd/index.js"),
    join(staging, "assets/minisearch.js"),
  );
  for (const f of ["site.css", "search.js"])
    copyFileSync(join(DOCS_DIR, "static", f), join(staging, "assets", f));

  let sampleCount = 0;
  for (const entry of apis) {
    const { api, doc, operations } = entry;
    copyFileSync(entry.json, join(staging, "specs", `${api.id}.openapi.json`));
    copyFileSync(entry.yaml, join(staging, "specs", `${api.id}.openapi.yaml`));
    for (const ext of ["json", "yaml"]) {
      const file = `${api.id}.openapi-3.0.${ext}`;
      if (!existsSync(join(dirname(entry.json), file)))
        throw new BuildError(
          `${file} is missing — down-convert the specs first (pnpm --filter @userctl/specs build)`,
        );
      copyFileSync(join(dirname(entry.json), file), join(staging, "specs", file));
    }
    // x-codeSamples go into a copy; the downloadable bundles stay exactly as the specs package built them
    const withSamples = structuredClone(doc);
    withSamples.info.description = `**[Changelog](changelog.html)**: what changed in each release.\n\n${doc.info.description ?? ""}`;
    for (const op of listOperations(withSamples)) {
      op.op["x-codeSamples"] = [
        { lang: "Shell", label: "curl", source: curlSample(withSamples, api, op) },
        {
          lang: "TypeScript",
          label: "TypeScript",
          source: samples.get(`${api.id}.${op.operationId}`).source,
        },
        { lang: "Shell", label: "userctl", source: wrapCommand(entry.cliExamples.get(op.operationId)) },
      ];
      sampleCount += 3;
    }
    writeFileSync(join(staging, api.id, "openapi.json"), `${JSON.stringify(withSamples, null, 2)}\n`);
    writeFileSync(join(staging, api.id, "index.html"), referencePage({ api }));
    writeFileSync(
      join(staging, api.id, "changelog.html"),
      changelogPage({ api, shipper: "@userctl/specs", history: releaseHistory(api.id, releasesRoot) }),
    );
    entry.tsSample = samples.get(`${api.id}.${operations[0].operationId}`)?.source;
    entry.cliExample = entry.cliExamples.get(operations[0].operationId);
  }

  const index = buildSearchIndex(apis);
  writeFileSync(join(staging, "assets/search-index.json"), JSON.stringify(index));
  writeFileSync(join(staging, "index.html"), landingPage({ apis }));
  writeFileSync(join(staging, "search.html"), searchPage());
  // Other languages: the generated clients as downloads, from the client packages' own build output.
  const languages = await loadPolyglot();
  for (const lang of languages)
    for (const { api } of apis) {
      const file = join(lang.dir, "dist", downloadName(api.id, lang.id));
      if (!existsSync(file))
        throw new BuildError(`${file} is missing — build @userctl/clients-${lang.id} first`);
      copyFileSync(file, join(staging, "downloads", downloadName(api.id, lang.id)));
    }
  writeFileSync(join(staging, "generate-clients.html"), generateClientsPage({ apis, languages }));
  writeFileSync(join(staging, "cli.html"), cliReferencePage(reference, APIS));

  const opCount = apis.reduce((n, a) => n + a.operations.length, 0);
  return `docs: built ${out} — ${apis.length} APIs, ${opCount} operations, ${sampleCount} samples (${samples.size} type-checked), search over ${index.count} operations`;
}
