// Bench suite of @userctl/simulator: start-up, and throughput on the same request next to Prism (the mock the
// project used before), both measured in this run on this machine. Targets: start-up < 300 ms, >= 10x Prism.
import { spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Spawn a command and resolve with the ms until its output matches `ready`; the process is then stopped. */
function timeToReady(args, ready, env = {}) {
  return new Promise((resolveTime, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, FORCE_COLOR: "0", ...env },
    });
    let out = "";
    const onData = (chunk) => {
      out += chunk;
      if (ready(out)) {
        const elapsed = performance.now() - t;
        child.once("exit", () => resolveTime(elapsed));
        child.kill("SIGTERM");
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("error", reject);
  });
}

/** Requests answered per second by `url` for `durationMs`, from `connections` keep-alive connections. */
async function throughput(url, { method, headers, body }, durationMs, connections = 8) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const payload = Buffer.from(body);
  let done = 0;
  let failed = 0;
  const once = () =>
    new Promise((resolveOne) => {
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method,
          headers: { ...headers, "content-length": payload.length },
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            if (res.statusCode === 200) done++;
            else failed++;
            resolveOne();
          });
        },
      );
      req.on("error", () => {
        failed++;
        resolveOne();
      });
      req.end(payload);
    });
  const deadline = performance.now() + durationMs;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) await once();
    }),
  );
  const seconds = (performance.now() - t) / 1000;
  agent.destroy();
  if (failed > 0 && done === 0) throw new Error(`${url}: every request failed`);
  return done / seconds;
}

export async function bench(ctx) {
  const { repoRoot, quick } = ctx;
  const { startSimulator } = await import(
    pathToFileURL(join(repoRoot, "packages/simulator/src/index.mjs")).href
  );
  const { startMock, freePort } = await import(
    pathToFileURL(join(repoRoot, "tools/mock/src/index.mjs")).href
  );
  const rows = [];
  const runs = quick ? 2 : 5;

  // Start-up: spawn → every endpoint printed, for the CLI serving all three; bare `node` is the floor.
  const simBin = join(repoRoot, "packages/simulator/bin/userctl-sim.mjs");
  const ports = { USERCTL_SIM_MILVUS_PORT: "0", USERCTL_SIM_EHPC_PORT: "0", USERCTL_SIM_SUNBIRD_PORT: "0" };
  const simStart = [];
  const bare = [];
  const prismStart = [];
  const spec = join(repoRoot, "specs/dist/milvus.openapi.json");
  for (let i = 0; i < runs; i++) {
    bare.push(
      await timeToReady(["-e", "console.log('up'); setInterval(() => {}, 1000)"], (o) => o.includes("up")),
    );
    simStart.push(
      await timeToReady([simBin, "all", "--quiet"], (o) => (o.match(/http:\/\//g) ?? []).length === 3, ports),
    );
  }
  const prismCli = join(repoRoot, "tools/mock/node_modules/@stoplight/prism-cli/dist/index.js");
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    const port = await freePort();
    prismStart.push(
      await timeToReady(
        [prismCli, "mock", "--host", "127.0.0.1", "--port", String(port), "--errors", spec],
        (o) => o.includes("Prism is listening"),
      ),
    );
  }
  rows.push({
    name: "simulator start-up: userctl-sim all, spawn to 3 endpoints (vs Prism, one spec)",
    measured: median(simStart),
    baseline: median(prismStart),
    unit: "ms",
    note: `target < 300 ms beyond bare node; bare node here: ${median(bare).toFixed(0)} ms`,
  });
  rows.push({
    name: "simulator start-up beyond bare node (vs the 300 ms budget)",
    measured: Math.max(0, median(simStart) - median(bare)),
    baseline: 300,
    unit: "ms",
  });

  // Throughput on one request both serve: Milvus users/describe of root, interleaved rounds.
  const sim = await startSimulator({ api: "milvus" });
  const prism = await startMock("milvus");
  const call = {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer root:Milvus" },
    body: JSON.stringify({ userName: "root" }),
  };
  const path = "/v2/vectordb/users/describe";
  const durationMs = quick ? 1500 : 4000;
  const simRates = [];
  const prismRates = [];
  try {
    // Warm both (JIT, the simulator's lazily compiled validator, Prism's caches) before measuring.
    await throughput(`${sim.url}${path}`, call, 1000);
    await throughput(`${prism.url}${path}`, call, 1000);
    for (let round = 0; round < (quick ? 1 : 3); round++) {
      simRates.push(await throughput(`${sim.url}${path}`, call, durationMs));
      prismRates.push(await throughput(`${prism.url}${path}`, call, durationMs));
    }
  } finally {
    await sim.stop();
    await prism.stop();
  }
  rows.push({
    name: "simulator throughput, milvus users/describe (vs Prism mock, same request)",
    measured: median(simRates),
    baseline: median(prismRates),
    unit: "req/s",
    note: "target ratio >= 10; 8 keep-alive connections, load generator on the same machine",
  });
  return rows;
}
