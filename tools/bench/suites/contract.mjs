// userctl contract vs Schemathesis 4.32.5, side by side against the same simulators: one catalogue fault at a
// time and the faithful simulator, the same wall-time budget and the same seeds for both tools. A fault counts as
// detected only when the check that names its class fires (Schemathesis: its own check of that name).
//
// Rows: per tool, detection rate (faults detected / faults run), false alarms (findings on the faithful
// simulator) and median time to a verdict. EHPC is run by userctl only: Schemathesis cannot sign its requests
// without a signing hook, which this suite does not ship.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function bench(ctx) {
  const { repoRoot, quick } = ctx;
  const { startSimulator } = await import(join(repoRoot, "packages/simulator/src/index.mjs"));
  const { contractTest } = await import(join(repoRoot, "packages/contract/dist/index.js"));
  const st = join(repoRoot, "tools/python/.venv/bin/st");
  const hasSt = existsSync(st);
  // Overridable for a partial measurement: CONTRACT_BENCH_SEEDS=3 CONTRACT_BENCH_BUDGET_MS=8000 CONTRACT_BENCH_APIS=milvus
  const env = process.env;
  const seeds = Array.from({ length: Number(env.CONTRACT_BENCH_SEEDS ?? (quick ? 1 : 5)) }, (_, i) => i + 1);
  const budgetMs = Number(env.CONTRACT_BENCH_BUDGET_MS ?? (quick ? 8_000 : 20_000));
  const apis =
    env.CONTRACT_BENCH_APIS?.split(",") ??
    (quick ? ["milvus"] : ["milvus", "sunbird-user", "qingcloud-ehpc"]);
  const allFaults = env.CONTRACT_BENCH_ALL_FAULTS === "1";
  const rows = [];
  for (const api of apis) {
    const sim = await startSimulator({ api });
    const faults = sim.faults();
    const picked = quick && !allFaults ? faults.slice(0, 4) : faults;
    const tally = { ours: newTally(), st: newTally() };
    try {
      for (const seed of seeds) {
        for (const fault of [undefined, ...picked]) {
          await sim.reset();
          if (fault) sim.setFault(fault.name, true);
          const started = Date.now();
          const report = await contractTest(api, {
            url: sim.url,
            ...connection(sim),
            seed,
            maxExamples: 10,
            timeBudgetMs: budgetMs,
          });
          record(tally.ours, fault, new Set(report.findings.map((f) => f.check)), Date.now() - started);
          if (!hasSt || api === "qingcloud-ehpc") continue;
          await sim.reset();
          if (fault) sim.setFault(fault.name, true);
          const t = Date.now();
          const fired = await schemathesis(st, repoRoot, api, sim, seed, budgetMs);
          record(tally.st, fault, fired, Date.now() - t);
        }
      }
    } finally {
      await sim.stop();
    }
    const n = picked.length * seeds.length;
    const note = `${picked.length} faults x ${seeds.length} seeds, budget ${budgetMs / 1000} s each`;
    rows.push(
      {
        name: `contract ${api}: detection rate, userctl vs Schemathesis`,
        measured: tally.ours.detected / n,
        baseline: api === "qingcloud-ehpc" || !hasSt ? Number.NaN : tally.st.detected / n,
        unit: "fraction",
        note: `${note}; missed by userctl: ${[...tally.ours.missed].join(", ") || "none"}; by Schemathesis: ${
          api === "qingcloud-ehpc" || !hasSt
            ? "not run (it cannot sign EHPC requests without a signing hook)"
            : [...tally.st.missed].join(", ") || "none"
        }`,
      },
      {
        name: `contract ${api}: false alarms on the faithful simulator`,
        measured: tally.ours.falseAlarms,
        baseline: api === "qingcloud-ehpc" || !hasSt ? Number.NaN : tally.st.falseAlarms,
        unit: "runs with findings",
        note: `of ${seeds.length} faithful runs; Schemathesis fired: ${[...tally.st.falseChecks].join(", ") || "nothing"}`,
      },
      {
        name: `contract ${api}: median time to a verdict`,
        measured: median(tally.ours.ms),
        baseline: api === "qingcloud-ehpc" || !hasSt ? Number.NaN : median(tally.st.ms),
        unit: "ms",
      },
    );
  }
  return rows;
}

function newTally() {
  return { detected: 0, missed: new Set(), falseAlarms: 0, falseChecks: new Set(), ms: [] };
}

function record(t, fault, fired, ms) {
  t.ms.push(ms);
  if (!fault) {
    if (fired.size > 0) t.falseAlarms++;
    for (const c of fired) t.falseChecks.add(c);
  } else if (fired.has(fault.check)) t.detected++;
  else t.missed.add(fault.name);
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : Number.NaN;
}

function connection(sim) {
  const c = sim.credentials;
  if (sim.api === "milvus") return { credentials: { token: c.token }, settings: {} };
  if (sim.api === "qingcloud-ehpc")
    return {
      credentials: { accessKeyId: c.keys[0].accessKeyId, secretAccessKey: c.keys[0].secretAccessKey },
      settings: { clusterId: c.clusters[0].clusterId, zone: c.zone },
    };
  return { credentials: { apiKey: c.apiKey, userToken: c.userToken }, settings: {} };
}

/** One Schemathesis run, stopped at the budget; the names of the checks that failed, from its NDJSON report. */
async function schemathesis(st, repoRoot, api, sim, seed, budgetMs) {
  const dir = mkdtempSync(join(tmpdir(), "st-bench-"));
  const c = sim.credentials;
  const headers =
    api === "milvus"
      ? ["-H", `Authorization: Bearer ${c.token}`]
      : ["-H", `Authorization: Bearer ${c.apiKey}`, "-H", `X-Authenticated-User-token: ${c.userToken}`];
  const args = [
    "run",
    join(repoRoot, "specs/dist", `${api}.openapi.json`),
    "--url",
    sim.url,
    ...headers,
    "--seed",
    String(seed),
    "--max-examples",
    "10",
    "--checks",
    "all",
    "--report",
    "ndjson",
    "--report-dir",
    dir,
  ];
  await new Promise((resolve) => {
    // cwd: the scratch dir, where Schemathesis also leaves its .schemathesis cache.
    const child = spawn(st, args, { cwd: dir, stdio: "ignore", env: { ...process.env, NO_COLOR: "1" } });
    const timer = setTimeout(() => child.kill("SIGINT"), budgetMs);
    child.on("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  const fired = new Set();
  for (const f of readdirSync(dir).filter((name) => name.endsWith(".ndjson"))) {
    for (const line of readFileSync(join(dir, f), "utf8").split("\n")) {
      if (!line.includes('"failure"')) continue;
      collectFailures(JSON.parse(line), fired);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return fired;
}

const NOT_CHECKS = new Set([
  "examples",
  "coverage",
  "fuzzing",
  "stateful",
  "probing",
  "schema_analysis",
  "auth_bootstrap",
]);

function collectFailures(node, into) {
  if (!node || typeof node !== "object") return;
  if (typeof node.name === "string" && node.status === "failure" && !NOT_CHECKS.has(node.name))
    into.add(node.name);
  for (const v of Object.values(node)) collectFailures(v, into);
}
