// The curl and TypeScript samples shown in the reference work: each runs against Prism (request validation
// on, so a malformed request fails) with only the server address pointed at the mock.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ApiId } from "@userctl/mock";
import { mockUrl } from "@userctl/mock/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM module without types
import { serverUrl } from "../src/openapi.mjs";
import { fakeConnection } from "./fake-connection.js";
import { apis, DIST, DOCS_DIR, operationsOf, requireBuiltSite } from "./helpers.js";

// required, not imported: see src/typescript-samples.mjs
const ts: typeof import("typescript") = createRequire(import.meta.url)("typescript");
const work = mkdtempSync(join(tmpdir(), "userctl-docs-samples-"));
const SECRETS = ["fake-milvus-token", "fake-secret-access-key", "fake-gateway-token", "fake-user-token"];

beforeAll(async () => {
  requireBuiltSite();
  // compiled samples resolve @userctl/* exactly as apps/docs does
  symlinkSync(join(DOCS_DIR, "node_modules"), join(work, "node_modules"), "dir");
  writeFileSync(join(work, "package.json"), '{ "type": "module" }\n');
});
afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
});

function env(baseUrl: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    ...fakeConnection(baseUrl),
    // the per-request values a curl user computes (EHPC): any well-formed value passes the mock
    EHPC_TIMESTAMP: "2026-01-02T03:04:05Z",
    EHPC_SIGNATURE: "c2lnbmF0dXJl",
  };
}

const samplesOf = (apiId: string, path: string, method: string) =>
  JSON.parse(readFileSync(join(DIST, apiId, "openapi.json"), "utf8")).paths[path][method][
    "x-codeSamples"
  ] as {
    label: string;
    source: string;
  }[];

describe.each(apis)("samples of $title against the mock", (api) => {
  const server = (): string =>
    serverUrl(JSON.parse(readFileSync(join(DIST, "specs", `${api.id}.openapi.json`), "utf8")));

  it.each(operationsOf(api.id).map((o) => [o.operationId, o] as const))("curl: %s", (_id, op) => {
    const mock = mockUrl(api.id as ApiId);
    const sample = samplesOf(api.id, op.path, op.method).find((s) => s.label === "curl")?.source ?? "";
    expect(sample).not.toMatch(/fake-|secret/i);
    const command = sample.replace(`"${server()}`, `"${mock}`);
    expect(command).not.toBe(sample);
    const r = spawnSync("bash", ["-c", `${command} --silent --show-error --write-out '\\n%{http_code}'`], {
      encoding: "utf8",
      env: env(mock),
      timeout: 30_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const status = r.stdout.trim().split("\n").at(-1);
    expect(status, r.stdout).toBe("200");
  });

  it.each(operationsOf(api.id).map((o) => [o.operationId, o] as const))("TypeScript: %s", (_id, op) => {
    const mock = mockUrl(api.id as ApiId);
    const source = readFileSync(join(DOCS_DIR, "samples", api.id, `${op.operationId}.ts`), "utf8");
    // the file shown is the file run: the reference carries it verbatim
    expect(samplesOf(api.id, op.path, op.method).find((s) => s.label === "TypeScript")?.source).toBe(
      source.trimEnd(),
    );
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const file = join(work, `${api.id}-${op.operationId}.mjs`);
    writeFileSync(file, js);
    const r = spawnSync(process.execPath, [file], { encoding: "utf8", env: env(mock), timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    for (const s of SECRETS) expect(r.stdout + r.stderr).not.toContain(s);
  });
});
