// Every command of the built binary, spawned as a process, against Prism (request validation on). A request Prism rejects gets a 422,
// which the clients turn into an error and a non-zero exit; the verbose log must show the mock's 200 instead.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { cases } from "./commands.js";
import { conn, hasStackTrace, run } from "./helpers.js";

describe("every command against Prism", () => {
  test("the table covers every operation of the three specs", () => {
    const covered = new Set(cases().map((c) => `${c.api}:${c.operation}`));
    const all = ["milvus", "qingcloud-ehpc", "sunbird-user"].flatMap((api) => {
      const spec = JSON.parse(
        readFileSync(new URL(`../../../specs/dist/${api}.openapi.json`, import.meta.url), "utf8"),
      );
      return Object.values(spec.paths as Record<string, Record<string, { operationId?: string }>>)
        .flatMap((item) => Object.values(item))
        .filter((op) => op && typeof op === "object" && op.operationId)
        .map((op) => `${api}:${op.operationId}`);
    });
    expect(all.length).toBeGreaterThanOrEqual(26);
    expect(all.filter((op) => !covered.has(op))).toEqual([]);
  });

  test.concurrent.for(cases().map((c) => [`${c.cmd} (${c.operation})`, c] as const))("%s", async ([, c]) => {
    // spawned: this suite is the end-to-end run of the binary exactly as a user starts it
    const r = await run([...c.args, "-o", "json", "--verbose"], { stdin: c.stdin ?? "", host: "process" });
    expect(r.stderr).not.toMatch(/< HTTP 4\d\d|< HTTP 5\d\d/);
    expect(r.code, r.stderr).toBe(0);
    // Prism accepted the request: the verbose log shows its 200, not a 422 validation failure.
    expect(r.stderr).toMatch(/< HTTP 200 /);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ ok: true, api: c.api, operation: c.operation });
    c.check(doc.data);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  test("table output is readable and uncoloured off a TTY", async () => {
    const r = await run(["milvus", "role", "describe", "admin", ...conn("milvus")], {
      env: { NO_COLOR: undefined },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/objectType.*objectName.*privilege/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking for ANSI escapes
    expect(r.stdout + r.stderr).not.toMatch(/\u001b\[/);
  });

  test("yaml output has the same shape", async () => {
    const r = await run(["milvus", "user", "list", ...conn("milvus"), "-o", "yaml"]);
    expect(r.code).toBe(0);
    const { parse } = await import("yaml");
    expect(parse(r.stdout)).toMatchObject({
      ok: true,
      api: "milvus",
      operation: "listUsers",
      data: expect.any(Array),
    });
  });
});
