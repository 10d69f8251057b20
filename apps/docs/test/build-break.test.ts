// A spec change that breaks a TypeScript sample breaks the docs build. Done on temp copies: the bundled specs,
// a copy of the Milvus client regenerated from the changed spec by the repo's codegen, and a temp output folder.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM module without types
import { deref, listOperations, requestMedia } from "../src/openapi.mjs";
import { DOCS_DIR, REPO, SPECS_DIR } from "./helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "userctl-docs-break-"));
const specs = join(tmp, "specs");
const client = join(tmp, "milvus");

// The options the client's own `generate` script passes after its spec and output folder (e.g. --overlay …).
const generateOptions = (): string[] => {
  const script: string = JSON.parse(readFileSync(join(REPO, "packages/milvus/package.json"), "utf8")).scripts
    .generate;
  return script.split(/\s+/).slice(script.split(/\s+/).indexOf("src/generated") + 1);
};

function regenerateClient() {
  rmSync(join(client, "src", "generated"), { recursive: true, force: true });
  const r = spawnSync(
    process.execPath,
    [
      join(REPO, "tools/codegen/bin/codegen.mjs"),
      join(specs, "milvus.openapi.json"),
      join(client, "src/generated"),
      ...generateOptions(),
    ],
    { encoding: "utf8" },
  );
  expect(r.status, r.stderr).toBe(0);
}

function buildDocs() {
  return spawnSync(
    process.execPath,
    [
      join(DOCS_DIR, "scripts/build.mjs"),
      "--specs-dir",
      specs,
      "--out",
      join(tmp, "dist"),
      "--client",
      `@userctl/milvus=${join(client, "src/index.ts")}`,
    ],
    { encoding: "utf8", cwd: DOCS_DIR },
  );
}

beforeAll(() => {
  cpSync(SPECS_DIR, specs, { recursive: true });
  const pkg = join(REPO, "packages/milvus");
  cpSync(join(pkg, "src"), join(client, "src"), { recursive: true });
  cpSync(join(pkg, "package.json"), join(client, "package.json"));
  // the copy resolves openapi-fetch and @userctl/client-core exactly as the real package does
  symlinkSync(join(pkg, "node_modules"), join(client, "node_modules"), "dir");
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("docs build against a changed spec", () => {
  // One build, its own control: the errors must be exactly in the samples of the operations whose body uses the
  // changed schema. Without the override the build would pass; a copy broken in any other way adds other files.
  it("fails, naming exactly the samples that send a renamed request field, and the field, and leaves the previous site", () => {
    // the previous site: a passing build of the same copies, before the change
    const before = buildDocs();
    expect(before.status, before.stderr).toBe(0);
    const site = () =>
      readdirSync(join(tmp, "dist"), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => {
          const path = join(e.parentPath, e.name);
          return [path, readFileSync(path, "utf8")];
        });
    const previous = site();
    const file = join(specs, "milvus.openapi.json");
    const doc = JSON.parse(readFileSync(file, "utf8"));
    const bodySchema = (o: { requestBody?: unknown }) =>
      o.requestBody ? deref(doc, requestMedia(o.requestBody)[1].schema) : undefined;
    const operations: { operationId: string; requestBody?: unknown }[] = listOperations(doc);
    const op = operations.find((o) => o.operationId === "dropUser");
    if (!op) throw new Error("milvus.openapi.json has no dropUser");
    const schema = bodySchema(op);
    const field: string = schema.required[0];
    const renamed = `${field}Renamed`;
    // rename the property in the body schema (and its required list), as a spec author would
    schema.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k === field ? renamed : k, v]),
    );
    schema.required = schema.required.map((k: string) => (k === field ? renamed : k));
    writeFileSync(file, JSON.stringify(doc, null, 2));
    regenerateClient();

    const r = buildDocs();
    expect(r.status, r.stdout).toBe(1);
    const header = /(\d+) type error\(s\) in the TypeScript samples/.exec(r.stderr);
    expect(header, r.stderr).not.toBeNull();
    const diagnostics = r.stderr.split("\n").filter((line) => line.startsWith("  "));
    expect(diagnostics).toHaveLength(Number(header?.[1]));
    const failing = new Set(diagnostics.map((line) => line.trim().split(":")[0]));
    const sharing = operations.filter((o) => bodySchema(o) === schema).map((o) => o.operationId);
    expect(sharing).toContain("dropUser");
    expect([...failing].sort()).toEqual(sharing.map((id) => `samples/milvus/${id}.ts`).sort());
    for (const line of diagnostics) expect(line).toContain(field);
    // the failed build wrote nothing where the site is served from, and took its staging folder away
    expect(site()).toEqual(previous);
    expect(readdirSync(tmp).filter((name) => name.startsWith("dist.staging-"))).toEqual([]);
  });
});
