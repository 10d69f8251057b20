// userctl-sim's command line: bad input is one clear line and exit 2 (a taken port: exit 4), never a stack trace;
// a good start prints each endpoint with the credentials it accepts.
import { spawn, spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { start } from "./helpers.mjs";

const bin = resolve(dirname(fileURLToPath(import.meta.url)), "../bin/userctl-sim.mjs");
const sim = (args) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", timeout: 30_000 });

describe("userctl-sim usage errors", () => {
  let taken;
  afterAll(() => taken?.stop());

  it.each([
    [
      "an unknown API",
      ["nope"],
      2,
      'api: must be one of milvus, qingcloud-ehpc, sunbird-user, all (got "nope")',
    ],
    ["a port out of range", ["milvus", "--port", "99999"], 2, "must be an integer 0-65535"],
    ["an unknown option", ["milvus", "--bogus"], 2, "unknown option '--bogus'"],
    [
      "an unknown Milvus version",
      ["milvus", "--milvus-version", "9"],
      2,
      "Allowed choices are 2.5, 2.6, 3.0",
    ],
    [
      "an unknown fault",
      ["milvus", "--port", "0", "--fault", "no-such"],
      2,
      '--fault: unknown fault "no-such"',
    ],
    ["--port with all", ["all", "--port", "0"], 2, "--port: not allowed with `all`"],
  ])("%s → exit %i and one line", (_label, args, code, message) => {
    const run = sim(args);
    expect(run.status).toBe(code);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("a port already taken → exit 4 with the address", async () => {
    taken = await start("milvus");
    const run = sim(["milvus", "--port", String(taken.port)]);
    expect(run.status).toBe(4);
    expect(run.stderr.trim()).toBe(
      `userctl-sim: cannot listen on 127.0.0.1:${taken.port} (EADDRINUSE): choose another --port or USERCTL_SIM_*_PORT`,
    );
  });

  it("prints every endpoint and what it accepts, and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, [bin, "all", "--sunbird-api-key", "cli-test-gateway"], {
      env: {
        ...process.env,
        USERCTL_SIM_MILVUS_PORT: "0",
        USERCTL_SIM_EHPC_PORT: "0",
        USERCTL_SIM_SUNBIRD_PORT: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    await new Promise((r) => {
      child.stdout.on("data", (c) => {
        out += c;
        if (out.includes("Ctrl-C stops")) r();
      });
    });
    expect(out).toMatch(/^milvus {10}http:\/\/127\.0\.0\.1:\d+$/m);
    expect(out).toMatch(/^qingcloud-ehpc {2}http:\/\/127\.0\.0\.1:\d+$/m);
    expect(out).toMatch(/^sunbird-user {4}http:\/\/127\.0\.0\.1:\d+$/m);
    expect(out).toContain('"token":"root:Milvus"');
    expect(out).toContain('"apiKey":"cli-test-gateway"');
    child.kill("SIGTERM");
    expect(await new Promise((r) => child.once("exit", r))).toBe(0);
  });
});
