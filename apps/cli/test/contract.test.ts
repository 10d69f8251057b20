// `userctl contract` end to end against the Milvus simulator: exit codes, --yes off a TTY, JSON and JUnit output.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Simulator, startSimulator } from "@userctl/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "./helpers.js";

describe("userctl contract", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ api: "milvus" });
  });
  afterAll(async () => {
    await sim?.stop();
  });
  const args = (...extra: string[]) => [
    "contract",
    "milvus",
    "--url",
    sim.url,
    "--phases",
    "examples,stateful",
    "--max-examples",
    "2",
    "--seed",
    "11",
    ...extra,
  ];

  it.each([
    ["no --yes off a terminal", [] as string[], {}, 2, /pass --yes/],
    ["credentials refused", ["--yes"], { MILVUS_TOKEN: "root:wrong" }, 3, /refused the credentials/],
  ])("%s: exit %s", async (_name, extra, env, code, stderr) => {
    const r = await run(args(...extra), { env: { MILVUS_TOKEN: "root:Milvus", ...env } });
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).toMatch(stderr);
    expect(r.stderr).not.toContain("root:wrong");
  });

  it("unreachable server: exit 4", async () => {
    const r = await run([
      "contract",
      "milvus",
      "--url",
      "http://127.0.0.1:9",
      "--token",
      "root:Milvus",
      "--yes",
    ]);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/network error/);
  });

  it("faithful simulator: exit 0, JSON report with every check accounted for", async () => {
    const r = await run(args("--yes", "-o", "json"), { env: { MILVUS_TOKEN: "root:Milvus" } });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.ok).toBe(true);
    expect(doc.findings).toEqual([]);
    expect(doc.checks.find((c: { check: string }) => c.check === "drop_idempotency").status).toBe("passed");
    expect(r.stdout).not.toContain("root:Milvus");
  });

  it("a fault: exit 1, the finding in JUnit with a curl line and the seed, secrets redacted", async () => {
    sim.setFault("milvus-drop-missing-user-fails", true);
    const junit = join(tmpdir(), `ct-${process.pid}.xml`);
    try {
      const r = await run(args("--yes", "--junit", junit), { env: { MILVUS_TOKEN: "root:Milvus" } });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toMatch(/drop_idempotency/);
      expect(r.stdout).toMatch(/--seed 11/);
      expect(existsSync(junit)).toBe(true);
      const xml = readFileSync(junit, "utf8");
      expect(xml).toMatch(/<failure message="dropUser/);
      expect(xml).toContain("curl -sS -X POST");
      expect(xml).not.toContain("root:Milvus");
    } finally {
      sim.setFault("milvus-drop-missing-user-fails", false);
      rmSync(junit, { force: true });
    }
  });
});
