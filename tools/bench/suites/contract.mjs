// userctl contract vs Schemathesis 4.32.5, side by side against the same simulators (issue 9): for each API and
// seed, each tool runs against the faithful simulator and against each catalogue fault alone, with the same wall-
// time budget, each in its own process timed from spawn. A fault run stops at the first failure of the check that
// names the fault's class (`fault.check`; Schemathesis: its own check of that name, read from its NDJSON events as
// they are written); that moment is the time to first detection. A faithful run uses the whole budget, and any
// finding in it is a false alarm. EHPC requests are signed for Schemathesis by the auth hook
// packages/clients-python/src/userctl_ehpc_auth/schemathesis_auth.py (the Python client's signer).
//
// Budget: 7 s of wall time per run (the whole comparison, 450 runs, then takes about half an hour on 2 cores).
// Partial runs: CONTRACT_BENCH_SEEDS=2 CONTRACT_BENCH_BUDGET_MS=8000 CONTRACT_BENCH_APIS=milvus
// CONTRACT_BENCH_FAULTS=milvus-error-http-400,… (a name list; faithful runs always run).
import { spawn } from "node:child_process";
import { closeSync, existsSync, fstatSync, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { median } from "../lib/measure.mjs";

const TOOLS = ["userctl", "schemathesis"];
// Each tool is told a budget this much shorter than the wall time it gets (from spawn), so both have time to
// start (Python and Node, loading the spec) and to report what they found before they are stopped.
const MARGIN_MS = 2_000;
const toolBudgetMs = (budgetMs) => Math.max(1_000, budgetMs - MARGIN_MS);
/** The checks `st run --checks all` has (Schemathesis 4.32.5); a fault class outside it cannot be detected by it. */
const ST_CHECKS = new Set([
  "not_a_server_error",
  "status_code_conformance",
  "content_type_conformance",
  "response_headers_conformance",
  "response_schema_conformance",
  "negative_data_rejection",
  "positive_data_acceptance",
  "missing_required_header",
  "unsupported_method",
  "allow_header_conformance",
  "use_after_free",
  "ensure_resource_availability",
  "ignored_auth",
  "object_level_authorization",
]);

export async function bench(ctx) {
  const { repoRoot, quick } = ctx;
  const { startSimulator } = await import(join(repoRoot, "packages/simulator/src/index.mjs"));
  const st = join(repoRoot, "tools/python/.venv/bin/st");
  // A comparison that cannot run fails; it is never reported as userctl alone.
  if (!existsSync(st)) throw new Error(`${st} is missing: run node tools/setup/install.mjs`);
  const env = process.env;
  const seeds = Array.from({ length: Number(env.CONTRACT_BENCH_SEEDS ?? (quick ? 1 : 5)) }, (_, i) => i + 1);
  const budgetMs = Number(env.CONTRACT_BENCH_BUDGET_MS ?? 7_000);
  const apis =
    env.CONTRACT_BENCH_APIS?.split(",") ??
    (quick ? ["milvus"] : ["milvus", "sunbird-user", "qingcloud-ehpc"]);
  const only = env.CONTRACT_BENCH_FAULTS?.split(",");
  const rows = [];
  const tables = [];
  for (const api of apis) {
    const sim = await startSimulator({ api });
    const faults = sim.faults().filter((f) => !only || only.includes(f.name));
    const tally = Object.fromEntries(TOOLS.map((t) => [t, newTally()]));
    try {
      for (const seed of seeds) {
        for (const fault of [undefined, ...faults]) {
          // Alternate which tool goes first, so neither always runs on the warmer machine.
          const order = seed % 2 ? TOOLS : [...TOOLS].reverse();
          const line = [];
          for (const tool of order) {
            await sim.reset();
            if (fault) sim.setFault(fault.name, true);
            const run = { repoRoot, api, sim, seed, budgetMs, stopOn: fault?.check };
            const result = tool === "userctl" ? await runUserctl(run) : await runSchemathesis(st, run);
            record(tally[tool], fault, result, budgetMs);
            line.push(`${tool} ${outcome(fault, result, budgetMs)}`);
          }
          console.log(`  ${api} seed ${seed} ${fault?.name ?? "faithful"}: ${line.join("; ")}`);
        }
      }
    } finally {
      await sim.stop();
    }
    rows.push(...rowsFor(api, faults, tally, seeds.length, budgetMs));
    tables.push(markdownTable(api, faults, tally, seeds.length));
  }
  console.log(`\ncontract: ${seeds.length} seeds, budget ${budgetMs / 1000} s per run\n${tables.join("\n")}`);
  return rows;
}

/** One run in words, for the progress log. */
function outcome(fault, result, budgetMs) {
  if (!fault) return [...result.fired.keys()].join(",") || "no findings";
  const first = result.fired.get(fault.check);
  return first !== undefined && first <= budgetMs ? `detected in ${first} ms` : "missed";
}

function newTally() {
  return { faithful: { runs: 0, alarms: 0, checks: new Map() }, faults: new Map() };
}

function record(t, fault, result, budgetMs) {
  if (!fault) {
    t.faithful.runs++;
    const fired = [...result.fired].filter(([, ms]) => ms <= budgetMs);
    if (fired.length > 0) t.faithful.alarms++;
    for (const [check] of fired) t.faithful.checks.set(check, (t.faithful.checks.get(check) ?? 0) + 1);
    return;
  }
  const entry = t.faults.get(fault.name) ?? { detected: 0, ms: [] };
  const first = result.fired.get(fault.check);
  if (first !== undefined && first <= budgetMs) {
    entry.detected++;
    entry.ms.push(first);
  }
  t.faults.set(fault.name, entry);
}

function rowsFor(api, faults, tally, n, budgetMs) {
  const [ours, theirs] = [tally.userctl, tally.schemathesis];
  const rows = [];
  const falseFor = (t) => [...t.faithful.checks].map(([c, k]) => `${c} ${k}/${n}`).join(", ") || "none";
  for (const fault of faults) {
    const o = ours.faults.get(fault.name);
    const s = theirs.faults.get(fault.name);
    const label = `contract ${api} ${fault.name} (${fault.check})`;
    const caveat = !ST_CHECKS.has(fault.check)
      ? "Schemathesis has no check of this name"
      : theirs.faithful.checks.has(fault.check)
        ? "Schemathesis's check also fires on the faithful simulator"
        : undefined;
    rows.push({
      name: `${label}: seeds detected, userctl vs Schemathesis`,
      measured: o.detected,
      baseline: s.detected,
      unit: `of ${n}`,
      ...(caveat ? { note: caveat } : {}),
    });
    // No time row when neither tool detected it: the detection row already says 0 vs 0.
    if (o.ms.length + s.ms.length > 0)
      rows.push({
        name: `${label}: median time to first detection, userctl vs Schemathesis`,
        measured: o.ms.length ? median(o.ms) : null,
        baseline: s.ms.length ? median(s.ms) : null,
        unit: "ms",
        note: `undetected within ${budgetMs / 1000} s: userctl ${n - o.detected}/${n}, Schemathesis ${n - s.detected}/${n}`,
      });
  }
  const always = (t) => faults.filter((f) => t.faults.get(f.name).detected === n).length;
  rows.push(
    {
      name: `contract ${api}: fault classes detected with every seed, userctl vs Schemathesis`,
      measured: always(ours),
      baseline: always(theirs),
      unit: `of ${faults.length}`,
    },
    {
      name: `contract ${api}: false alarms (faithful runs with a finding), userctl vs Schemathesis`,
      measured: ours.faithful.alarms,
      baseline: theirs.faithful.alarms,
      unit: `of ${n} runs`,
      note: `checks that fired: userctl ${falseFor(ours)}; Schemathesis ${falseFor(theirs)}`,
    },
  );
  return rows;
}

function markdownTable(api, faults, tally, n) {
  const [ours, theirs] = [tally.userctl, tally.schemathesis];
  const ms = (e) => (e.ms.length ? `${(median(e.ms) / 1000).toFixed(1)} s` : "—");
  const lines = [
    `${api}`,
    "| fault | class (check) | userctl | Schemathesis | userctl median | Schemathesis median |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const f of faults) {
    const o = ours.faults.get(f.name);
    const s = theirs.faults.get(f.name);
    const mark = !ST_CHECKS.has(f.check)
      ? " (no such check)"
      : theirs.faithful.checks.has(f.check)
        ? " *"
        : "";
    lines.push(
      `| ${f.name} | ${f.check} | ${o.detected}/${n} | ${s.detected}/${n}${mark} | ${ms(o)} | ${ms(s)} |`,
    );
  }
  const fired = (t) => [...t.faithful.checks].map(([c, k]) => `${c} ${k}/${n}`).join(", ") || "none";
  lines.push(
    `| faithful simulator | false alarms | ${ours.faithful.alarms}/${n} | ${theirs.faithful.alarms}/${n} | ${fired(ours)} | ${fired(theirs)} |`,
  );
  return lines.join("\n");
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

/**
 * Spawns one tool run and reads its event lines (stdout, or the file `eventsFile` it appends to) as they come:
 * `checksOf(event)` names the checks that failed in an event. Resolves with the first time (ms from spawn) each
 * check failed. Kills the run at the first failure of `stopOn`, or when the budget (wall time from spawn, the
 * same for both tools) is spent.
 */
function timedRun({ command, args, cwd, env, eventsFile, budgetMs, stopOn, checksOf, started }) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: ["ignore", eventsFile ? "ignore" : "pipe", "pipe"],
    });
    const fired = new Map();
    let stderr = "";
    let killed = false;
    let seenStart = false;
    const kill = () => {
      killed = true;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(kill, budgetMs);
    child.stderr.on("data", (chunk) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const onLine = (line) => {
      if (!line.startsWith("{")) return;
      const event = JSON.parse(line);
      if (started(event)) seenStart = true;
      const at = Math.round(performance.now() - t0);
      for (const check of checksOf(event)) if (!fired.has(check)) fired.set(check, at);
      if (stopOn && fired.has(stopOn) && !killed) kill();
    };
    let finish;
    if (eventsFile) {
      const tail = tailFile(eventsFile, onLine);
      finish = async () => tail.stop();
    } else {
      const lines = createInterface({ input: child.stdout });
      const drained = new Promise((done) => lines.on("close", done));
      lines.on("line", onLine);
      finish = () => drained;
    }
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", async (code) => {
      clearTimeout(timer);
      await finish();
      // A tool that could not start its run (bad hook, bad arguments, unreachable target) fails the suite.
      if (!seenStart && !killed)
        reject(
          new Error(
            `${command} exited ${code} before running: ${stderr.trim().split("\n").slice(-3).join(" ")}`,
          ),
        );
      else resolve({ fired, ms: Math.round(performance.now() - t0) });
    });
  });
}

/**
 * Follows a file another process appends lines to (polled every 50 ms: a FIFO does not work, Schemathesis opens
 * its report path once to check it and again to write). `stop()` reads what is left.
 */
function tailFile(file, onLine) {
  let offset = 0;
  let rest = Buffer.alloc(0);
  const read = () => {
    if (!existsSync(file)) return;
    const fd = openSync(file, "r");
    try {
      const size = fstatSync(fd).size;
      if (size <= offset) return;
      const chunk = Buffer.alloc(size - offset);
      readSync(fd, chunk, 0, chunk.length, offset);
      offset = size;
      rest = Buffer.concat([rest, chunk]);
      let newline = rest.indexOf(10);
      while (newline >= 0) {
        onLine(rest.subarray(0, newline).toString("utf8"));
        rest = rest.subarray(newline + 1);
        newline = rest.indexOf(10);
      }
    } finally {
      closeSync(fd);
    }
  };
  const timer = setInterval(read, 50);
  return {
    stop() {
      clearInterval(timer);
      read();
      if (rest.length > 0) onLine(rest.toString("utf8"));
    },
  };
}

function runUserctl({ repoRoot, api, sim, seed, budgetMs, stopOn }) {
  const options = {
    repoRoot,
    api,
    url: sim.url,
    ...connection(sim),
    seed,
    // Enough examples that fuzzing, the last phase, runs until the budget is spent (as Schemathesis's --max-time).
    maxExamples: 100,
    budgetMs: toolBudgetMs(budgetMs),
    ...(stopOn ? { stopOn } : {}),
  };
  return timedRun({
    command: process.execPath,
    args: [join(repoRoot, "tools/bench/lib/contract-run.mjs"), JSON.stringify(options)],
    cwd: repoRoot,
    env: process.env,
    budgetMs,
    stopOn,
    checksOf: (e) => (e.finding ? [e.finding] : []),
    // Any line means the run is under way (the first finding or the totals).
    started: () => true,
  });
}

async function runSchemathesis(st, { repoRoot, api, sim, seed, budgetMs, stopOn }) {
  const c = sim.credentials;
  const auth =
    api === "milvus"
      ? { args: ["-H", `Authorization: Bearer ${c.token}`], env: {} }
      : api === "sunbird-user"
        ? {
            args: [
              "-H",
              `Authorization: Bearer ${c.apiKey}`,
              "-H",
              `X-Authenticated-User-token: ${c.userToken}`,
            ],
            env: {},
          }
        : {
            args: [],
            env: {
              PYTHONPATH: join(repoRoot, "packages/clients-python/src"),
              SCHEMATHESIS_HOOKS: "userctl_ehpc_auth.schemathesis_auth",
              QINGCLOUD_ACCESS_KEY_ID: c.keys[0].accessKeyId,
              QINGCLOUD_SECRET_ACCESS_KEY: c.keys[0].secretAccessKey,
            },
          };
  // A scratch cwd: Schemathesis leaves its .schemathesis cache there.
  const dir = mkdtempSync(join(tmpdir(), "st-bench-"));
  // Its events, flushed one per line as each scenario ends, read as they come.
  const events = join(dir, "events.ndjson");
  try {
    return await timedRun({
      command: st,
      args: [
        "run",
        join(repoRoot, "specs/dist", `${api}.openapi.json`),
        "--url",
        sim.url,
        ...auth.args,
        "--seed",
        String(seed),
        "--checks",
        "all",
        "--max-time",
        String(Math.floor(toolBudgetMs(budgetMs) / 1000)),
        "--report",
        "ndjson",
        "--report-ndjson-path",
        events,
      ],
      cwd: dir,
      env: { ...process.env, ...auth.env, NO_COLOR: "1" },
      eventsFile: events,
      budgetMs,
      stopOn,
      checksOf: schemathesisFailures,
      started: (e) => "LoadingFinished" in e,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The checks that failed in one Schemathesis NDJSON event (ScenarioFinished: recorder.checks per case). */
function schemathesisFailures(event) {
  const checks = event.ScenarioFinished?.recorder?.checks;
  if (!checks) return [];
  return Object.values(checks)
    .flat()
    .filter((c) => c.status === "failure")
    .map((c) => c.name);
}
