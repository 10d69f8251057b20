import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
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
}

/** A fresh HOME/XDG_CONFIG_HOME; removed by the returned cleanup. */
export function tempHome(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "userctl-test-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const CLEAN_ENV_PREFIXES = ["MILVUS_", "QINGCLOUD_", "SUNBIRD_", "USERCTL_"];

/** Runs the built binary with stdin a pipe (not a TTY), so confirmation and prompts behave as in scripts. */
export function run(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const own = options.home ? undefined : tempHome();
  const home = options.home ?? (own as { dir: string }).dir;
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!CLEAN_ENV_PREFIXES.some((p) => k.startsWith(p))) env[k] = v;
  }
  Object.assign(env, { HOME: home, XDG_CONFIG_HOME: join(home, ".config"), NO_COLOR: "1" }, options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env as NodeJS.ProcessEnv });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => {
      stdout += c;
    });
    child.stderr.on("data", (c) => {
      stderr += c;
    });
    // only stops a hung CLI; well below the test ceiling (vitest.config.ts), above any loaded machine's run
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      own?.cleanup();
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? "");
  });
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
