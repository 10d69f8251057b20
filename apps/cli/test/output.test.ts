import { describe, expect, it } from "vitest";
import { requestedFormat } from "../src/cli.js";
import { formatDocument, loadYaml, mayPrintYaml } from "../src/runtime/output.js";

describe("YAML is loaded on demand", () => {
  it("every way of asking for YAML output is one mayPrintYaml sees, so main() loads it first", () => {
    const ways: [string[], NodeJS.ProcessEnv][] = [
      [["-o", "yaml"], {}],
      [["--output", "yaml"], {}],
      [["--output=yaml"], {}],
      [["-oyaml"], {}],
      [["-vo", "yaml"], {}],
      [["-yoyaml"], {}],
      [["milvus", "user", "list"], { USERCTL_OUTPUT: "yaml" }],
    ];
    for (const [argv, env] of ways) {
      expect(requestedFormat(argv, env)).toBe("yaml");
      expect(mayPrintYaml(argv, env)).toBe(true);
    }
    expect(mayPrintYaml(["milvus", "user", "drop", "x", "--yes"], {})).toBe(false);
    expect(mayPrintYaml(["-o", "json"], { USERCTL_OUTPUT: "json" })).toBe(false);
  });

  it("formats YAML once loaded; JSON never needs it", async () => {
    expect(formatDocument("json", { ok: true })).toBe('{\n  "ok": true\n}\n');
    await loadYaml();
    expect(formatDocument("yaml", { ok: true, data: { a: 1 } })).toBe("ok: true\ndata:\n  a: 1\n");
  });
});
