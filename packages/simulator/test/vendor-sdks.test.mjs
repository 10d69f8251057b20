// QingCloud's own EHPC SDK (PyPI qingcloud-hpc 0.0.1, in tools/python/requirements.txt) against the EHPC
// simulator: its signatures (Python `quote`, single-encoded, trailing-slash uri, MD5 of its JSON body) verify,
// and its POSTs carry `zone` only in the body, which the simulator accepts as the server must.
// (The official Milvus Node SDK runs against the simulator in clients.test.mjs.)
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { start } from "./helpers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const python = resolve(here, "../../../tools/python/.venv/bin/python");

function run(env) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(python, [join(here, "fixtures/ehpc_vendor_sdk.py")], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
    });
    child.stderr.on("data", (c) => {
      out += c;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("RESULT "));
      if (code !== 0 || !line) reject(new Error(`the SDK script exited with ${code}:\n${out}`));
      else resolveRun(JSON.parse(line.slice("RESULT ".length)));
    });
  });
}

describe("QingCloud's EHPC Python SDK (qingcloud-hpc) against the simulator", () => {
  let sim;
  beforeAll(async () => {
    sim = await start("qingcloud-ehpc", {
      options: { accessKeyId: "QYVENDORSDK", secretAccessKey: "vendor-sdk-secret", acceptZoneInBody: true },
    });
  });
  afterAll(() => sim?.stop());

  it("is installed by the set-up (tools/python/requirements.txt); without it this check fails", () => {
    expect(existsSync(python), `${python} is missing: run the set-up (node tools/setup/install.mjs)`).toBe(
      true,
    );
  });

  it("lists, adds, modifies and deletes with the SDK's own signatures; a second delete answers 1610", async () => {
    const results = await run({
      SIM_PORT: String(sim.port),
      SIM_ACCESS_KEY_ID: "QYVENDORSDK",
      SIM_SECRET_ACCESS_KEY: "vendor-sdk-secret",
    });
    expect(results.map((r) => [r.step, r.status, r.body.ret_code])).toEqual([
      ["list", 200, 0],
      ["add", 200, 0],
      ["list", 200, 0],
      ["modify", 200, 0],
      ["delete", 200, 0],
      ["delete again", 200, 1610],
    ]);
    expect(results[0].body.users_set.map((u) => u.username)).toEqual(["admin"]);
    expect(results[2].body.users_set.map((u) => u.username)).toEqual(["admin", "pyuser"]);
  });

  it("is refused with 1200 when the SDK signs with another secret (the check is real)", async () => {
    const results = await run({
      SIM_PORT: String(sim.port),
      SIM_ACCESS_KEY_ID: "QYVENDORSDK",
      SIM_SECRET_ACCESS_KEY: "not-the-secret",
    });
    expect(new Set(results.map((r) => r.body.ret_code))).toEqual(new Set([1200]));
  });
});
