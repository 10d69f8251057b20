// --validate: Prism's validation proxy in front of the simulator reports violations on stderr and changes no
// answer; EHPC signatures still verify through it for clients that send compact JSON (as userctl does).
import { spawn, spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createEhpcClient } from "@userctl/qingcloud-ehpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "./helpers.mjs";

const bin = resolve(dirname(fileURLToPath(import.meta.url)), "../bin/userctl-sim.mjs");

function launch(args) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const logs = { out: "", err: "" };
  child.stderr.on("data", (c) => {
    logs.err += c;
  });
  return new Promise((resolveStart, reject) => {
    child.stdout.on("data", (c) => {
      logs.out += c;
      const m = /(http:\/\/127\.0\.0\.1:\d+) \(Prism validation proxy → (http:\/\/127\.0\.0\.1:\d+)\)/.exec(
        logs.out,
      );
      if (m) resolveStart({ child, logs, url: m[1], upstream: m[2] });
    });
    child.on("exit", (code) => reject(new Error(`userctl-sim exited with ${code}: ${logs.out}${logs.err}`)));
  });
}
const stop = (child) =>
  new Promise((r) => {
    if (child.exitCode !== null) return r();
    child.once("exit", r);
    child.kill("SIGTERM");
  });

describe("userctl-sim --validate", () => {
  let milvus;
  let ehpc;
  beforeAll(async () => {
    [milvus, ehpc] = await Promise.all([
      launch(["milvus", "--validate", "--port", "0"]),
      launch([
        "qingcloud-ehpc",
        "--validate",
        "--port",
        "0",
        "--access-key-id",
        "QYVALIDATE",
        "--secret-access-key",
        "validate-secret",
      ]),
    ]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([milvus, ehpc].filter(Boolean).map((x) => stop(x.child)));
  });

  it("reports nothing before the first request: its readiness probe never reaches Prism's handler", () => {
    expect(milvus.logs.err).toBe("");
    expect(ehpc.logs.err).toBe("");
  });

  it("a proxy port already answering → exit 4 with the address, as for the simulator's own port", () => {
    const { port } = new URL(milvus.url);
    const run = spawnSync(process.execPath, [bin, "milvus", "--validate", "--port", port], {
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(run.status).toBe(4);
    expect(run.stderr.trim()).toBe(
      `userctl-sim: cannot listen on 127.0.0.1:${port} (EADDRINUSE): choose another --port or USERCTL_SIM_*_PORT`,
    );
  });

  it("answers through the proxy exactly as the simulator answers directly", async () => {
    const headers = { authorization: "Bearer root:Milvus" };
    const body = { userName: "alice", password: "secret1" };
    const viaProxy = await call({ url: milvus.url }, "POST", "/v2/vectordb/users/create", { headers, body });
    expect(viaProxy.json).toEqual({ code: 0, data: {} });
    const direct = await call({ url: milvus.upstream }, "POST", "/v2/vectordb/users/list", {
      headers,
      body: {},
    });
    expect(direct.json.data).toEqual(["root", "alice"]);
  });

  it("reports a request that breaks the spec on stderr, and still gives the simulator's answer", async () => {
    const res = await call({ url: milvus.url }, "POST", "/v2/vectordb/users/create", {
      headers: { authorization: "Bearer root:Milvus", "content-type": "application/json" },
      body: { userName: "bob" },
    });
    expect(res.json.code).toBe(1802);
    await expect
      .poll(() => milvus.logs.err, { timeout: 10_000 })
      .toMatch(
        /\[validate milvus\] .*Violation: request\.body Request body must have required property 'password'/,
      );
  });

  it("lets signed EHPC requests through: the simulator verifies them from the decoded query", async () => {
    const client = createEhpcClient({
      endpoint: ehpc.url,
      accessKeyId: "QYVALIDATE",
      secretAccessKey: "validate-secret",
      zone: "jn1a",
    });
    await client.addUser({ cluster_id: "ehpc-8jqdq0mz", username: "isa bel~x", password: "Ehpc2024!Pass" });
    const listed = await client.listUsers({ search_word: "isa bel~" });
    expect(listed.users_set.map((u) => u.username)).toEqual(["isa bel~x"]);
  });
});
