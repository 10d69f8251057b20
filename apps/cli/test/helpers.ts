import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { mockUrl } from "@userctl/mock/vitest";

export const BIN = fileURLToPath(new URL("../dist/userctl.mjs", import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  /** A temp dir used as HOME and XDG_CONFIG_HOME (one per call unless given). */
  home?: string;
  timeoutMs?: number;
  /**
   * "worker" (the default) runs the same built file in a worker thread, with its own argv, environment, stdin,
   * stdout and stderr, and takes the exit code the run sets; "process" spawns it as a user's shell would.
   * A worker skips Node's process start-up, about half the CPU of a short command on a 2-core machine, and this
   * suite runs ~200 of them. e2e.test.ts and the checks of the process itself (--version, pipes, signals) spawn.
   */
  host?: "worker" | "process";
}

/** A fresh HOME/XDG_CONFIG_HOME; removed by the returned cleanup. */
export function tempHome(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "userctl-test-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const CLEAN_ENV_PREFIXES = ["MILVUS_", "QINGCLOUD_", "SUNBIRD_", "USERCTL_"];

/** Runs the built binary with stdin a pipe (not a TTY), so confirmation and prompts behave as in scripts. */
export async function run(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const own = options.home ? undefined : tempHome();
  const home = options.home ?? (own as { dir: string }).dir;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !CLEAN_ENV_PREFIXES.some((p) => k.startsWith(p))) env[k] = v;
  }
  for (const [k, v] of Object.entries({
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    NO_COLOR: "1",
    ...options.env,
  })) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  // only stops a hung CLI; well below the test ceiling (vitest.config.ts), above any loaded machine's run
  const ceiling = options.timeoutMs ?? 120_000;
  try {
    return await (options.host === "process" ? inProcess : inWorker)(args, env, options.stdin ?? "", ceiling);
  } finally {
    own?.cleanup();
  }
}

function inProcess(args: string[], env: Record<string, string>, stdin: string, ceiling: number) {
  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => {
      stdout += c;
    });
    child.stderr.on("data", (c) => {
      stderr += c;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), ceiling);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

async function inWorker(args: string[], env: Record<string, string>, stdin: string, ceiling: number) {
  // execArgv: [] so the worker does not inherit the test runner's own Node flags. A worker given a stdin stream
  // lives until it reads it, so empty input is no stream at all: process.stdin then ends at once, like `< /dev/null`.
  const worker = new Worker(BIN, {
    argv: args,
    env,
    execArgv: [],
    stdin: stdin !== "",
    stdout: true,
    stderr: true,
  });
  const collect = (stream: NodeJS.ReadableStream) =>
    new Promise<string>((resolve) => {
      let text = "";
      stream.setEncoding("utf8");
      stream.on("data", (c: string) => {
        text += c;
      });
      stream.on("end", () => resolve(text));
    });
  const output = Promise.all([collect(worker.stdout), collect(worker.stderr)]);
  const timer = setTimeout(() => void worker.terminate(), ceiling);
  const exited = new Promise<number>((resolve, reject) => {
    worker.on("error", reject);
    worker.on("exit", resolve);
  });
  if (stdin !== "") worker.stdin?.end(stdin);
  try {
    const code = await exited;
    const [stdout, stderr] = await output;
    return { code, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

/** The Prism URLs started once for this run by test/global-setup.ts, by CLI vendor group. */
export function mocks() {
  return { milvus: mockUrl("milvus"), ehpc: mockUrl("qingcloud-ehpc"), sunbird: mockUrl("sunbird-user") };
}

/** Connection flags for each vendor against the mocks, with recognisable fake secrets. */
export const SECRETS = {
  milvusToken: "fakeuser:FAKE-milvus-pass-7391",
  ehpcSecret: "FAKE-ehpc-secret-key-5512",
  sunbirdApiKey: "FAKE-sunbird-api-key-8820",
  sunbirdUserToken: "FAKE-sunbird-user-token-4417",
  password: "Fake!Passw0rd-2231",
  newPassword: "Fake!NewPassw0rd-9904",
  ehpcPassword: "FakeEhpcPass12345",
};

export function conn(vendor: "milvus" | "ehpc" | "sunbird"): string[] {
  const m = mocks();
  switch (vendor) {
    case "milvus":
      return ["--uri", m.milvus, "--token", SECRETS.milvusToken];
    case "ehpc":
      return [
        "--endpoint",
        m.ehpc,
        "--access-key-id",
        "FAKEAKID",
        "--secret-access-key",
        SECRETS.ehpcSecret,
        "--zone",
        "jn1a",
        "--cluster-id",
        "ehpc-8jqdq0mz",
      ];
    case "sunbird":
      return [
        "--base-url",
        m.sunbird,
        "--api-key",
        SECRETS.sunbirdApiKey,
        "--user-token",
        SECRETS.sunbirdUserToken,
      ];
  }
}

/** No Node/JS stack trace lines ("    at foo (file:1:2)") in the text. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[:(].*\d+:\d+\)?$/m.test(text) || /\b(TypeError|ReferenceError|SyntaxError):/.test(text);
}
