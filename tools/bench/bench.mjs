#!/usr/bin/env node
// `pnpm bench`: every number is a ratio against a baseline measured in this same run, on this machine,
// so results compare across machines and runs. Absolute times are printed for context only.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "@userctl/codegen";
import { createMilvusClient } from "@userctl/milvus";
import { startMock } from "@userctl/mock";
import { createEhpcClient } from "@userctl/qingcloud-ehpc";
import { createSunbirdClient } from "@userctl/sunbird-user";
import openapiTS, { astToString } from "openapi-typescript";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const APIS = ["milvus", "qingcloud-ehpc", "sunbird-user"];
const quick = process.argv.includes("--quick");
const rows = [];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
async function timeIt(fn, runs) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}
const ms = (x) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
function report(name, measured, baseline, baselineName, unit = ms) {
  const ratio = measured / baseline;
  rows.push({
    name,
    measured: unit(measured),
    baseline: `${unit(baseline)} (${baselineName})`,
    ratio: `${ratio.toFixed(2)}×`,
  });
  console.log(`  ${name}: ${unit(measured)} vs ${baselineName} ${unit(baseline)} → ${ratio.toFixed(2)}×`);
}

// 1. Codegen for all three specs vs openapi-typescript alone (our extra: the operation table).
async function benchCodegen() {
  console.log("codegen (all specs)");
  const out = mkdtempSync(join(tmpdir(), "userctl-bench-"));
  const specs = APIS.map((api) => join(root, "specs/dist", `${api}.openapi.json`));
  const runs = quick ? 5 : 11;
  const ours = async () => {
    for (const spec of specs) await generate(spec, join(out, "g"));
  };
  const bare = async () => {
    for (const spec of specs) astToString(await openapiTS(JSON.parse(readFileSync(spec, "utf8"))));
  };
  // Warm both paths (module loading, JIT) before timing, then alternate so neither gets the warmer machine.
  await ours();
  await bare();
  const oursSamples = [];
  const bareSamples = [];
  for (let i = 0; i < runs; i++) {
    oursSamples.push(await timeIt(ours, 1));
    bareSamples.push(await timeIt(bare, 1));
  }
  rmSync(out, { recursive: true, force: true });
  report(
    "codegen, 3 specs (types + operation table)",
    median(oursSamples),
    median(bareSamples),
    "openapi-typescript types only",
  );
}

// 2. A no-op `pnpm build` (everything from turbo's cache) vs a cold one (`--force`: every task runs).
function benchBuild() {
  console.log("turbo build");
  const turbo = join(root, "node_modules/.bin/turbo");
  const run = (args) => {
    const t = performance.now();
    execFileSync(turbo, ["run", "build", "--output-logs=none", ...args], { cwd: root, stdio: "ignore" });
    return performance.now() - t;
  };
  const cold = run(["--force"]);
  const noop = median([run([]), run([]), run([])]);
  report("no-op build (cache hit)", noop, cold, "cold build");
}

// 3. Client overhead per request vs a bare fetch loop, against the same local server.
async function benchClients() {
  console.log("client per-request time (sequential, local server)");
  const bodies = {
    "/v2/vectordb/users/describe": '{"code":0,"data":["admin"]}',
    "/api/user/deleteUser": '{"action":"HpcUserDeleteUserResponse","job_id":"j-nmxc59kep40","ret_code":0}',
    "/api/user/v1/delete":
      '{"id":"api.user.delete","ver":"v1","ts":"2024-05-20 10:08:56:812+0000","params":{"resmsgid":"e413d019f31bcb2d3736b7054f1fd6e2","msgid":"e413d019f31bcb2d3736b7054f1fd6e2","err":null,"status":"SUCCESS","errmsg":null},"responseCode":"OK","result":{"response":"SUCCESS"}}',
  };
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const body = bodies[new URL(req.url, "http://x").pathname] ?? "{}";
      res.writeHead(200, { "content-type": "application/json" }).end(body);
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}`;
  const n = quick ? 300 : 2000;
  // Warm both sides, then alternate rounds so neither gets a warmer process or a quieter machine.
  const perCall = async (fn, count) => {
    const t = performance.now();
    for (let i = 0; i < count; i++) await fn();
    return (performance.now() - t) / count;
  };
  const compare = async (clientCall, fetchCall) => {
    for (let i = 0; i < 100; i++) {
      await clientCall();
      await fetchCall();
    }
    const rounds = 5;
    const c = [];
    const b = [];
    for (let r = 0; r < rounds; r++) {
      b.push(await perCall(fetchCall, n / rounds));
      c.push(await perCall(clientCall, n / rounds));
    }
    return [median(c), median(b)];
  };
  const bare =
    (path, body, headers = {}) =>
    () =>
      fetch(`${url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      }).then((r) => r.json());

  const milvus = createMilvusClient({ endpoint: url, token: "root:Milvus" });
  const ehpc = createEhpcClient({
    endpoint: url,
    accessKeyId: "QYACCESSKEYIDEXAMPLE",
    secretAccessKey: "SECRETEXAMPLE",
    zone: "jn1a",
  });
  const sunbird = createSunbirdClient({ baseUrl: url, apiKey: "gateway-token", userToken: "user-token" });
  const cases = [
    [
      "milvus describeUser",
      () => milvus.describeUser({ userName: "alice" }),
      bare("/v2/vectordb/users/describe", '{"userName":"alice"}', { authorization: "Bearer root:Milvus" }),
    ],
    [
      "ehpc deleteUser (signed)",
      () => ehpc.deleteUser({ cluster_id: "ehpc-8jqdq0mz", username: "isabel", zone: "jn1a" }),
      bare("/api/user/deleteUser", '{"cluster_id":"ehpc-8jqdq0mz","username":"isabel","zone":"jn1a"}'),
    ],
    [
      "sunbird deleteUser",
      () => sunbird.deleteUser({ request: { userId: "5a0e8e5e-7c1c-4a0e-9f2a-0c3f0d6c1b11" } }),
      bare("/api/user/v1/delete", '{"request":{"userId":"5a0e8e5e-7c1c-4a0e-9f2a-0c3f0d6c1b11"}}', {
        authorization: "Bearer gateway-token",
        "x-authenticated-user-token": "user-token",
      }),
    ],
  ];
  for (const [name, client, fetchLoop] of cases) {
    const [c, b] = await compare(client, fetchLoop);
    report(name, c, b, "bare fetch", (x) => `${(x * 1000).toFixed(0)} µs`);
  }
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
}

// 4. CLI start-up: `userctl --version` vs `node -e 0`.
function benchStartup() {
  console.log("CLI start-up");
  const cli = join(root, "apps/cli/dist/userctl.mjs");
  const runs = quick ? 7 : 21;
  const spawnTime = (args) => {
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const r = spawnSync(process.execPath, args, { stdio: "ignore" });
      if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}`);
      samples.push(performance.now() - t);
    }
    return median(samples);
  };
  spawnTime(["-e", "0"]); // warm the file cache
  const base = spawnTime(["-e", "0"]);
  const ours = spawnTime([cli, "--version"]);
  report("userctl --version", ours, base, "node -e 0");
}

// 5. Bulk drop through the CLI vs a bare fetch loop with the same concurrency, both against the Prism mock.
async function benchBulk() {
  console.log("bulk drop throughput against the Prism mock (concurrency 8)");
  const mock = await startMock("milvus");
  const dir = mkdtempSync(join(tmpdir(), "userctl-bulk-"));
  try {
    const n = quick ? 100 : 400;
    const names = Array.from({ length: n }, (_, i) => `bench_user_${i}`);
    const file = join(dir, "names.txt");
    writeFileSync(file, `${names.join("\n")}\n`);
    const env = {
      ...process.env,
      NO_COLOR: "1",
      XDG_CONFIG_HOME: dir,
      MILVUS_URI: mock.url,
      MILVUS_TOKEN: "root:Milvus",
    };
    const cli = join(root, "apps/cli/dist/userctl.mjs");
    const runCli = (args) =>
      new Promise((resolveTime, reject) => {
        const t = performance.now();
        const child = spawn(process.execPath, [cli, ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
        let err = "";
        child.stderr.on("data", (c) => {
          err += c;
        });
        child.on("exit", (code) =>
          code === 0
            ? resolveTime(performance.now() - t)
            : reject(new Error(`CLI drop exited ${code}: ${err}`)),
        );
      });
    const cliTime = await runCli([
      "milvus",
      "user",
      "drop",
      "--from-file",
      file,
      "--yes",
      "--concurrency",
      "8",
      "-o",
      "json",
    ]);
    // One drop: process start, module loading, first connection; subtracted to show the steady-state rate.
    const oneCall = await runCli(["milvus", "user", "drop", "bench_user_0", "--yes"]);
    const queue = [...names];
    const t = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let name = queue.shift(); name; name = queue.shift()) {
          const res = await fetch(`${mock.url}/v2/vectordb/users/drop`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: "Bearer root:Milvus" },
            body: JSON.stringify({ userName: name }),
          });
          await res.text();
        }
      }),
    );
    const fetchTime = performance.now() - t;
    const perSec = (x) => `${((n / x) * 1000).toFixed(0)} drops/s`;
    report(
      `userctl milvus user drop --from-file (${n} names, incl. start-up)`,
      cliTime,
      fetchTime,
      "bare fetch loop",
      perSec,
    );
    report(
      `same, without start-up (minus a one-drop run of ${oneCall.toFixed(0)} ms)`,
      Math.max(cliTime - oneCall, 1),
      fetchTime,
      "bare fetch loop",
      perSec,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await mock.stop();
  }
}

await benchCodegen();
if (!quick) benchBuild();
await benchClients();
benchStartup();
await benchBulk();

console.log(
  "\nsummary (ratio = measured / baseline; lower is better, except drops/s where higher throughput shows as a lower time ratio)",
);
console.table(rows);
