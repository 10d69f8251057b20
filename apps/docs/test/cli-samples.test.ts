// Every userctl sample shown in the reference is run, as shown, against Prism (request validation on).
// Only the endpoint is redirected to the mock; credentials are recognisable fakes.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ApiId } from "@userctl/mock";
import { mockUrl } from "@userctl/mock/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeConnection } from "./fake-connection.js";
import { apis, DIST, operationsOf, requireBuiltSite } from "./helpers.js";

const require = createRequire(import.meta.url);
const cliPkg = require.resolve("@userctl/cli/package.json");
const cliBin = join(dirname(cliPkg), JSON.parse(readFileSync(cliPkg, "utf8")).bin.userctl);

const bin = mkdtempSync(join(tmpdir(), "userctl-docs-bin-"));
const home = mkdtempSync(join(tmpdir(), "userctl-docs-home-"));

beforeAll(async () => {
  requireBuiltSite();
  // `userctl` on PATH runs the built CLI, so a sample runs exactly as a reader would paste it
  writeFileSync(join(bin, "userctl"), `#!/bin/sh\nexec "${process.execPath}" "${cliBin}" "$@"\n`);
  chmodSync(join(bin, "userctl"), 0o755);
});
afterAll(async () => {
  rmSync(bin, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

function envFor(baseUrl: string): NodeJS.ProcessEnv {
  return {
    PATH: `${bin}:${process.env.PATH}`,
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    NO_COLOR: "1",
    ...fakeConnection(baseUrl),
  };
}

/** The sample as shown, with its endpoint flag (if any) pointed at the mock. */
const redirect = (sample: string, baseUrl: string) =>
  sample.replace(/(--(?:uri|base-url|endpoint))([ =])(\S+)/g, (_, flag, sep) => `${flag}${sep}${baseUrl}`);

describe.each(apis)("userctl samples of $title", (api) => {
  const spec = () => JSON.parse(readFileSync(join(DIST, api.id, "openapi.json"), "utf8"));
  it.each(operationsOf(api.id).map((o) => [o.operationId, o] as const))("%s", (_id, op) => {
    const samples = spec().paths[op.path][op.method]["x-codeSamples"] as { label: string; source: string }[];
    const sample = samples.find((s) => s.label === "userctl")?.source ?? "";
    expect(sample).toMatch(new RegExp(`(^|\\| )userctl ${api.cliGroup} `));
    const mock = mockUrl(api.id as ApiId);
    const command = `set -o pipefail; ${redirect(sample, mock)} -o json`;
    const r = spawnSync("bash", ["-c", command], {
      encoding: "utf8",
      env: envFor(mock),
      timeout: 30_000,
    });
    expect(r.status, `${command}\n${r.stderr}`).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(true);
    expect(out.api).toBe(api.id);
    expect(out.operation).toBe(op.operationId);
    for (const fake of [
      "fake-milvus-token",
      "fake-secret-access-key",
      "fake-gateway-token",
      "fake-user-token",
    ])
      expect(r.stdout + r.stderr).not.toContain(fake);
  });
});
