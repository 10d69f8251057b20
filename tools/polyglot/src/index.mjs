// Shared by every other-language package: where the pinned tools live, how to run a foreign test runner
// beside the Prism mocks, and how its counts reach the same summary lines vitest prints.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { APIS, startMock } from "@userctl/mock";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const python = join(repoRoot, "tools/python/.venv/bin/python");
export const goToolsDir = join(repoRoot, "tools/go");

/** The environment variable a foreign test reads a mock's base URL from, e.g. USERCTL_MOCK_MILVUS_URL. */
export const mockUrlEnv = (api) => APIS[api].env.replace(/_PORT$/, "_URL");

/** Runs a command, inheriting stdio unless `capture`; resolves with { code, stdout }. */
export function run(command, args, { cwd, env, capture = false } = {}) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", capture ? "pipe" : "inherit", "inherit"],
    });
    let stdout = "";
    child.stdout?.on("data", (chunk) => {
      stdout += chunk;
    });
    child.on("error", (error) => reject(new Error(`${command}: ${error.message}`)));
    child.on("exit", (code, signal) => resolveRun({ code: code ?? (signal ? 128 : 1), stdout }));
  });
}

/** Runs `[command, ...args]` lists in order (options as for `run`); resolves with the first non-zero exit code, or 0. */
export async function runAll(commands, options = {}) {
  for (const [command, ...args] of commands) {
    const { code } = await run(command, args, options);
    if (code !== 0) return code;
  }
  return 0;
}

/** Counts from JUnit XML reports (pytest --junitxml, Maven Surefire). */
export function junitCounts(files) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const file of files) {
    const xml = readFileSync(file, "utf8");
    for (const match of xml.matchAll(/<testcase\b[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
      const inner = match[2] ?? "";
      if (/<(failure|error)\b/.test(inner)) counts.failed++;
      else if (/<skipped\b/.test(inner)) counts.skipped++;
      else counts.passed++;
    }
  }
  return counts;
}

/** Counts from `go test -json` output: every test and subtest that finished. */
export function goCounts(jsonLines) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const line of jsonLines.split("\n")) {
    if (!line.startsWith("{")) continue;
    const event = JSON.parse(line);
    if (!event.Test) continue;
    if (event.Action === "pass") counts.passed++;
    else if (event.Action === "fail") counts.failed++;
    else if (event.Action === "skip") counts.skipped++;
  }
  return counts;
}

/** The summary line vitest prints, so whatever sums vitest's "Tests N passed" lines counts these too. */
export function summaryLine(label, { passed, failed, skipped }) {
  const parts = [];
  if (failed) parts.push(`${failed} failed`);
  if (skipped) parts.push(`${skipped} skipped`);
  parts.push(`${passed} passed`);
  return `      Tests  ${parts.join(" | ")} (${passed + failed + skipped})   [${label}]`;
}

/** Starts one Prism mock per API (request validation on) and returns the env that points tests at them. */
export async function startMocks(apis = Object.keys(APIS)) {
  const mocks = [];
  try {
    // Generous start-up allowance: the machine is shared, and a slow start must not fail a test.
    for (const api of apis) mocks.push(await startMock(api, { startupTimeoutMs: 180_000 }));
  } catch (error) {
    await Promise.all(mocks.map((m) => m.stop()));
    throw error;
  }
  return {
    env: Object.fromEntries(mocks.map((m) => [mockUrlEnv(m.api), m.url])),
    stop: () => Promise.all(mocks.map((m) => m.stop())),
  };
}

const RUNNERS = {
  // pytest writes JUnit XML; -p no:cacheprovider keeps .pytest_cache out of the source tree.
  async pytest({ args, cwd, env, reportDir }) {
    const report = join(reportDir, "pytest.xml");
    const { code } = await run(
      python,
      ["-m", "pytest", "-p", "no:cacheprovider", `--junitxml=${report}`, ...args],
      {
        cwd,
        env,
      },
    );
    return { code, counts: existsSync(report) ? junitCounts([report]) : null };
  },
  async go({ args, cwd, env }) {
    const { code, stdout } = await run("go", ["test", "-count=1", "-json", ...args], {
      cwd,
      env,
      capture: true,
    });
    // Show what a person reading the log needs: the package lines, and the whole output of each failing test.
    const outputs = new Map();
    for (const line of stdout.split("\n")) {
      if (!line.startsWith("{")) {
        if (line) console.log(line);
        continue;
      }
      const event = JSON.parse(line);
      const key = `${event.Package} ${event.Test ?? ""}`;
      if (event.Action === "output") {
        outputs.set(key, (outputs.get(key) ?? "") + event.Output);
        if (!event.Test && !event.Output.startsWith("PASS")) process.stdout.write(event.Output);
      } else if (event.Action === "fail" && event.Test) process.stdout.write(outputs.get(key) ?? "");
    }
    return { code, counts: goCounts(stdout) };
  },
  // Offline (-o): the set-up resolved every plugin and dependency; a build never downloads.
  async maven({ args, cwd, env }) {
    const reports = join(cwd, "target", "surefire-reports");
    rmSync(reports, { recursive: true, force: true });
    const { code } = await run("mvn", ["-o", "-B", "-q", ...args, "test"], { cwd, env });
    const files = existsSync(reports)
      ? readdirSync(reports)
          .filter((f) => f.startsWith("TEST-") && f.endsWith(".xml"))
          .map((f) => join(reports, f))
      : [];
    return { code, counts: files.length ? junitCounts(files) : null };
  },
};

/**
 * Runs one foreign test runner (with the mocks when `mocks` is set) and prints its summary line.
 * Exit status is 0 only if the runner succeeded, reported at least one test, and skipped none:
 * a check that could not run is a failure, never a pass.
 */
export async function runForeign({ runner, args = [], cwd = process.cwd(), mocks = false, label }) {
  const impl = RUNNERS[runner];
  if (!impl) throw new Error(`runner: must be one of ${Object.keys(RUNNERS).join(", ")} (got "${runner}")`);
  const servers = mocks ? await startMocks() : { env: {}, stop: async () => {} };
  const reportDir = mkdtempSync(join(tmpdir(), "userctl-foreign-"));
  try {
    const { code, counts } = await impl({ args, cwd, env: servers.env, reportDir });
    if (!counts) {
      console.error(`${label ?? runner}: the runner wrote no report (exit ${code})`);
      return 1;
    }
    console.log(summaryLine(label ?? runner, counts));
    if (counts.skipped)
      console.error(`${label ?? runner}: ${counts.skipped} test(s) skipped; skipped checks fail`);
    if (counts.passed + counts.failed === 0) console.error(`${label ?? runner}: no test ran`);
    return code === 0 && counts.failed === 0 && counts.skipped === 0 && counts.passed > 0 ? 0 : 1;
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
    await servers.stop();
  }
}
