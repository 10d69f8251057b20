// --state-file: the state survives a restart, and a kill -9 in the middle of a burst of writes leaves a
// state file that parses and holds a consistent state (the previous or the new one, never a torn file).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { call, start } from "./helpers.mjs";

const bin = resolve(dirname(fileURLToPath(import.meta.url)), "../bin/userctl-sim.mjs");
const dir = mkdtempSync(join(tmpdir(), "userctl-sim-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ROOT = { authorization: "Bearer root:Milvus" };
const list = async (sim) =>
  (await call(sim, "POST", "/v2/vectordb/users/list", { headers: ROOT, body: {} })).json.data;

/** Start the CLI as a user would; resolves with the child and its URL once it prints the endpoint. */
function launch(args) {
  const child = spawn(process.execPath, [bin, ...args, "--port", "0", "--quiet"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolveStart, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolveStart({ child, url: m[1] });
    });
    child.stderr.on("data", (chunk) => {
      out += chunk;
    });
    child.on("exit", (code) => reject(new Error(`userctl-sim exited with ${code}: ${out}`)));
  });
}

describe("--state-file", () => {
  it("keeps the state across a restart, and reset is persisted too", async () => {
    const stateFile = join(dir, "restart.json");
    let sim = await start("milvus", { stateFile });
    await call(sim, "POST", "/v2/vectordb/users/create", {
      headers: ROOT,
      body: { userName: "alice", password: "secret1" },
    });
    await sim.stop();
    sim = await start("milvus", { stateFile });
    expect(await list(sim)).toEqual(["root", "alice"]);
    // The password survived too (stored hashed, never in clear).
    const alice = await call(sim, "POST", "/v2/vectordb/users/describe", {
      headers: { authorization: "Bearer alice:secret1" },
      body: { userName: "alice" },
    });
    expect([alice.status, alice.json.code]).toEqual([200, 0]);
    expect(readFileSync(stateFile, "utf8")).not.toContain("secret1");
    await call(sim, "POST", "/__sim/reset");
    await sim.stop();
    sim = await start("milvus", { stateFile });
    expect(await list(sim)).toEqual(["root"]);
    await sim.stop();
  });

  it("refuses a state file of another API with a clear error", async () => {
    const stateFile = join(dir, "ehpc.json");
    const ehpc = await start("qingcloud-ehpc", { stateFile });
    await ehpc.stop();
    await expect(start("milvus", { stateFile })).rejects.toThrow(/not a milvus simulator state file/);
  });

  it("survives kill -9 during a burst of writes: the file parses and holds every acknowledged user", async () => {
    const stateFile = join(dir, "burst.json");
    const { child, url } = await launch(["milvus", "--state-file", stateFile]);
    const sim = { url };
    const acknowledged = [];
    let stop = false;
    // Four writers create users as fast as they can; each success is acknowledged only after its write.
    const writer = async (w) => {
      for (let i = 0; !stop; i++) {
        const userName = `u${w}x${i}`;
        try {
          const res = await call(sim, "POST", "/v2/vectordb/users/create", {
            headers: ROOT,
            body: { userName, password: "secret1" },
          });
          if (res.json?.code === 0) acknowledged.push(userName);
          if (res.json?.code === 9 || res.json?.code === 65535) return; // the 100-user limit
        } catch {
          return; // the process is gone
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (acknowledged.length < 20) await new Promise((r) => setTimeout(r, 5));
    child.kill("SIGKILL");
    stop = true;
    await Promise.all(writers);
    await new Promise((r) =>
      child.exitCode !== null || child.signalCode !== null ? r() : child.once("exit", r),
    );

    const saved = JSON.parse(readFileSync(stateFile, "utf8"));
    const names = Object.keys(saved.state.users);
    expect(names[0]).toBe("root");
    for (const name of acknowledged) expect(names).toContain(name);

    const again = await launch(["milvus", "--state-file", stateFile]);
    try {
      const listed = await list({ url: again.url });
      expect(listed).toEqual(names);
    } finally {
      again.child.kill("SIGTERM");
    }
  });
});
