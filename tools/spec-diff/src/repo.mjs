// Where things are in the monorepo, and which published packages ship (or are generated from) each API's bundle.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { SpecDiffError } from "./errors.mjs";

// SPEC_DIFF_ROOT points the tool at another checkout (the tests build small repos in temp folders).
export const REPO_ROOT = resolve(
  process.env.SPEC_DIFF_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), "../../.."),
);

/** The API ids are the `apis:` of specs/redocly.yaml, the one list lint and bundle use too. */
export function listApis(root = REPO_ROOT) {
  const config = parse(readFileSync(join(root, "specs/redocly.yaml"), "utf8"));
  return Object.keys(config.apis ?? {});
}

export function checkApi(api, root = REPO_ROOT) {
  const apis = listApis(root);
  if (!apis.includes(api)) throw new SpecDiffError(`--api: unknown API "${api}" (one of ${apis.join(", ")})`);
  return api;
}

export const bundlePath = (api, root = REPO_ROOT) => join(root, "specs/dist", `${api}.openapi.json`);
export const acceptedPath = (api, root = REPO_ROOT) =>
  join(root, "specs", api, "accepted-breaking-changes.yaml");
export const releasesDir = (api, root = REPO_ROOT) => join(root, "specs/releases", api);

function workspacePackages(root) {
  const out = [];
  for (const group of ["specs", "packages", "apps"]) {
    const dirs = group === "specs" ? [join(root, "specs")] : listDirs(join(root, group));
    for (const dir of dirs) {
      const file = join(dir, "package.json");
      if (existsSync(file)) out.push(JSON.parse(readFileSync(file, "utf8")));
    }
  }
  return out;
}
const listDirs = (dir) =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => join(dir, e.name))
    : [];

/**
 * The published packages a breaking change of `api` breaks: the one whose exports ship the bundle (its version
 * names the releases) and every client generated from it. Read from the package.json files, so a new client is
 * covered without editing this tool.
 */
export function packagesOf(api, root = REPO_ROOT) {
  const bundle = `${api}.openapi.json`;
  const pkgs = workspacePackages(root).filter((p) => !p.private);
  const shipper = pkgs.find((p) => Object.keys(p.exports ?? {}).includes(`./${bundle}`));
  if (!shipper) throw new SpecDiffError(`no published package exports ./${bundle}`);
  const generated = pkgs.filter((p) => p.scripts?.generate?.includes(`specs/dist/${bundle}`));
  return {
    shipper: { name: shipper.name, version: shipper.version },
    affected: [shipper, ...generated].map((p) => p.name),
  };
}
