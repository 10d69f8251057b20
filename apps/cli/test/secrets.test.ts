// Every command, with --verbose (real requests to Prism) and with --dry-run, using recognisable fake secrets:
// none of them — nor their URL-encoded or base64 forms — may appear on stdout or stderr.
import { describe, expect, test } from "vitest";
import { cases } from "./commands.js";
import { run, SECRETS } from "./helpers.js";

const milvusPass = SECRETS.milvusToken.split(":")[1] as string;
const secretValues = [...Object.values(SECRETS), milvusPass];
const forms = secretValues.flatMap((s) => [s, encodeURIComponent(s), Buffer.from(s).toString("base64")]);

function leaks(text: string): string[] {
  return forms.filter((f) => text.includes(f));
}

describe("secrets never appear in output", () => {
  test.concurrent.for(cases().map((c) => [`--verbose ${c.cmd} (${c.operation})`, c] as const))(
    "%s",
    async ([, c]) => {
      const r = await run([...c.args, "--verbose"], { stdin: c.stdin ?? "" });
      expect(r.code, r.stderr).toBe(0);
      // The log really shows the exchange (so the check below is not vacuous).
      expect(r.stderr).toMatch(/^> (POST|GET) http/m);
      expect(r.stderr).toMatch(/^< HTTP 200/m);
      expect(leaks(r.stdout + r.stderr)).toEqual([]);
    },
  );

  test.concurrent.for(cases().map((c) => [`--dry-run ${c.cmd} (${c.operation})`, c] as const))(
    "%s",
    async ([, c]) => {
      const r = await run([...c.args, "--dry-run", "--verbose"], { stdin: c.stdin ?? "" });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^curl -X (POST|GET) '/);
      if (c.api !== "qingcloud-ehpc") expect(r.stdout).toContain("authorization: Bearer ***");
      if (c.stdin) expect(r.stdout).toMatch(/"(password|newPassword|new_password)":"\*\*\*"/);
      expect(leaks(r.stdout + r.stderr)).toEqual([]);
    },
  );

  test("a known secret is redacted wherever it shows up, not only in auth headers", async () => {
    const c = cases().find((x) => x.operation === "listUsers" && x.api === "milvus");
    if (!c) throw new Error("no milvus listUsers case");
    // Put the token where only value-based redaction can catch it: an extra header in the verbose log.
    const r = await run([...c.args, "--verbose", "--header", `X-Debug: ${SECRETS.milvusToken}`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^> x-debug: \*\*\*$/m);
    expect(leaks(r.stdout + r.stderr)).toEqual([]);
  });

  test("a parse error that echoes an argument does not print a secret typed in the wrong place", async () => {
    const r = await run([
      "milvus",
      "user",
      "list",
      "--token",
      SECRETS.milvusToken,
      "-o",
      SECRETS.milvusToken,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("argument '***' is invalid");
    const fromEnv = await run(["sunbird", "user", "read", SECRETS.sunbirdUserToken], {
      env: { SUNBIRD_USER_TOKEN: SECRETS.sunbirdUserToken, SUNBIRD_BASE_URL: "http://127.0.0.1:9" },
    });
    expect(fromEnv.code).toBe(2); // no --api-key
    expect(leaks(r.stdout + r.stderr + fromEnv.stdout + fromEnv.stderr)).toEqual([]);
  });
});
