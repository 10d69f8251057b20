// The published workflows are plain Arazzo 1.0.1: `redocly respect`, a second and independent runner, passes them
// against each faithful simulator and fails them when a fault breaks a step.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { connection, type Simulator, startSimulator } from "./helpers.js";

const require = createRequire(import.meta.url);
const redocly = join(dirname(require.resolve("@redocly/cli/package.json")), "bin", "cli.js");
const dist = fileURLToPath(new URL("../../../specs/dist/", import.meta.url));

function respect(api: string, source: string, url: string, inputs: Record<string, string>) {
  const args = [
    redocly,
    "respect",
    join(dist, `${api}.workflows.arazzo.yaml`),
    "--server",
    `${source}=${url}`,
  ];
  for (const [k, v] of Object.entries(inputs)) args.push("--input", `${k}=${v}`);
  return new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      process.execPath,
      args,
      { timeout: 90_000, env: { ...process.env, NO_COLOR: "1" } },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

/** respect cannot sign EHPC requests, so EHPC's workflow runs with the simulator's signature check switched off. */
const CASES = [
  {
    api: "milvus" as const,
    source: "milvus",
    fault: "milvus-drop-missing-user-fails",
    faults: [] as string[],
    inputs: (s: Simulator) => ({
      userName: "ctrespect_u1",
      roleName: "ctrespect_r1",
      password: "Pw1ctrespect!x",
      token: String(connection(s).credentials.token),
    }),
  },
  {
    api: "qingcloud-ehpc" as const,
    source: "ehpc",
    fault: "ehpc-delete-twice-succeeds",
    faults: ["ehpc-signature-not-checked"],
    inputs: (s: Simulator) => ({
      accessKeyId: String(connection(s).credentials.accessKeyId),
      timestamp: `${new Date().toISOString().slice(0, 19)}Z`,
      signature: "unsigned",
      username: "ctrespect_u1",
      password: "Pw1ctrespect!x",
      newPassword: "Pw1ctrespect!y",
      clusterId: connection(s).settings.clusterId as string,
      zone: connection(s).settings.zone as string,
    }),
  },
  {
    api: "sunbird-user" as const,
    source: "sunbird",
    fault: "sunbird-delete-twice-succeeds",
    faults: [] as string[],
    inputs: (s: Simulator) => ({
      firstName: "ctrespect_u1",
      email: "ctrespect_u1@example.org",
      apiKey: String(connection(s).credentials.apiKey),
      userToken: String(connection(s).credentials.userToken),
    }),
  },
];

describe.each(CASES)("$api workflows under redocly respect", ({ api, source, fault, faults, inputs }) => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it("pass against the faithful simulator", async () => {
    sim = await startSimulator({ api, faults });
    const run = await respect(api, source, sim.url, inputs(sim));
    expect(run.output).toMatch(/Workflows:\s*1 passed/);
    expect(run.code, run.output).toBe(0);
  });

  it(`fail with ${fault}`, async () => {
    sim = await startSimulator({ api, faults: [...faults, fault] });
    const run = await respect(api, source, sim.url, inputs(sim));
    expect(run.code, run.output).not.toBe(0);
  });
});
