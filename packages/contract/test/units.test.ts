import { describe, expect, it } from "vitest";
import { criterionHolds, resolveValue } from "../src/arazzo.js";
import { secretEchoed } from "../src/checks.js";
import { coverageCases, createJudge, Names } from "../src/generate.js";
import { BUNDLED } from "../src/generated/apis.js";
import { redact, toCurl } from "../src/http.js";
import { echoableSecrets } from "../src/run.js";
import { loadSpec } from "../src/spec.js";

describe("coverage cases", () => {
  const spec = loadSpec(BUNDLED.milvus.spec);
  const op = spec.operations.get("createUser");
  if (!op) throw new Error("createUser missing");
  const names = new Names("ctunit");
  const semantics = BUNDLED.milvus.profile.operations.createUser;
  const cases = coverageCases(
    spec,
    op,
    ["spec"],
    { names, settings: {}, semantics },
    { mutatingKeys: false },
  );

  it.each([
    ["minLength 2", true],
    ["minLength 2 - 1", false],
    ["x-min-bytes 6", true],
    ["x-min-bytes 6 - 1", false],
    ["x-min-bytes 6 - 1 (ASCII)", false],
    ["maxLength 72 + 1", false],
    ["x-max-bytes 72 (under)", true],
    ["x-max-bytes 72 + 1 or more", false],
    ["maxLength 32", true],
  ])("%s at a boundary is judged %s", (rule, valid) => {
    const hit = cases.filter((c) => c.rule === rule);
    expect(hit.length).toBeGreaterThan(0);
    for (const c of hit) expect(c.valid).toBe(valid);
  });

  it("draws the password's byte line on both sides, with characters the character line lets through", () => {
    const passwords = (rule: string) =>
      cases.filter((c) => c.rule === rule).map((c) => (c.data.body as { password: string }).password);
    expect(passwords("x-min-bytes 6")).toEqual(["ééé"]);
    expect(passwords("x-min-bytes 6 - 1")).toEqual(["ééa"]);
    expect(passwords("x-min-bytes 6 - 1 (ASCII)")).toEqual(["aaaaa"]);
    // the character line alone: one 4-byte character is too short in characters, two are long enough in bytes
    expect(passwords("minLength 2 - 1")).toEqual(["\u{1D11E}"]);
    expect(passwords("minLength 2")).toEqual(["\u{1D11E}\u{1D11E}"]);
  });

  it("every case is re-judged the same way by the schema (no valid input called invalid)", () => {
    const judge = createJudge(spec, op, ["spec"]);
    for (const c of cases) expect(c.valid ? judge.valid(c.data) : judge.invalid(c.data)).toBe(true);
  });

  it("every valid user name a case sends is the run's own", () => {
    for (const c of cases.filter((x) => x.valid)) {
      expect(String((c.data.body as { userName: string }).userName)).toContain("ctunit");
    }
  });

  it("an overlay policy judges only where both agree", () => {
    const both = coverageCases(
      spec,
      op,
      ["spec", "zilliz-cloud"],
      { names, settings: {}, semantics },
      { mutatingKeys: false },
    );
    // 7 characters: valid for the server (6+), invalid for the Zilliz Cloud rule (8+): not judged at all.
    expect(both.some((c) => (c.data.body as { password?: string }).password?.length === 7)).toBe(false);
  });
});

describe("reproduction lines", () => {
  it("redact every secret and the EHPC signature", () => {
    const curl = toCurl(
      {
        method: "GET",
        url: "http://h/api/user?a=1&signature=abc%252B",
        headers: { authorization: "Bearer s3cr3t-token" },
      },
      ["s3cr3t-token"],
    );
    expect(curl).not.toContain("s3cr3t-token");
    expect(curl).not.toContain("abc%252B");
    expect(redact("x s3cr3t y", ["s3cr3t"])).toBe("x *** y");
  });
});

describe("Arazzo criteria", () => {
  const scope = {
    inputs: { name: "ct_a" },
    steps: {},
    ex: {
      method: "POST",
      url: "",
      headers: {},
      status: 200,
      responseHeaders: {},
      responseText: "",
      responseBody: { code: 0, data: ["root", "ct_a"] },
      ms: 0,
    },
  };
  it.each([
    [{ condition: "$statusCode == 200 && $response.body#/code == 0" }, true],
    [{ condition: "$response.body#/code != 0" }, false],
    [
      {
        context: "$response.body",
        type: "jsonpath" as const,
        condition: "$[?@.data[?@ == {$inputs.name}]]",
      },
      true,
    ],
    [
      {
        context: "$response.body",
        type: "jsonpath" as const,
        condition: "$[?!@.data[?@ == {$inputs.name}]]",
      },
      false,
    ],
  ])("%j holds: %s", (criterion, expected) => {
    expect(criterionHolds(criterion, scope)).toBe(expected);
  });
  it("resolves whole-value and embedded expressions", () => {
    expect(resolveValue({ a: "$inputs.name", b: "x-{$inputs.name}" }, scope)).toEqual({
      a: "ct_a",
      b: "x-ct_a",
    });
  });
});

describe("no_secret_echo", () => {
  const answer = (body: unknown, headers: Record<string, string> = {}) => ({
    responseText: JSON.stringify(body),
    responseHeaders: headers,
    responseBody: body,
  });
  it("a short secret inside an ordinary word is not an echo (false alarms seen with fuzzed passwords)", () => {
    const refused = answer({ ret_code: 1100, message: "parameter [password] should have length >= 6" });
    expect(secretEchoed(refused, "ngth")).toBe(false);
    expect(secretEchoed(answer({ message: "missing parameter [username]" }), "name")).toBe(false);
  });
  it("a short secret answered as a whole value is an echo", () => {
    expect(secretEchoed(answer({ ret_code: 0, password: "ngth" }), "ngth")).toBe(true);
    expect(secretEchoed(answer({ data: { users: ["x", "Pw1!"] } }), "Pw1!")).toBe(true);
    expect(secretEchoed(answer({}, { "x-echo": "Pw1!" }), "Pw1!")).toBe(true);
  });
  it("a long secret is an echo wherever it appears, headers included", () => {
    expect(secretEchoed(answer({ message: "password Sup3r-Secret-9 is too weak" }), "Sup3r-Secret-9")).toBe(
      true,
    );
    expect(secretEchoed(answer({}, { "www-authenticate": "Bearer root:Milvus" }), "root:Milvus")).toBe(true);
    expect(secretEchoed(answer({ message: "fine" }), "Sup3r-Secret-9")).toBe(false);
  });
  it("secrets shorter than 4 characters are never judged", () => {
    expect(secretEchoed(answer({ password: "abc" }), "abc")).toBe(false);
  });
});

describe("which sent passwords an echo would leak", () => {
  const op = { secretFields: ["/request/password"] };
  const req = (body: unknown, headers: Record<string, string> = {}) => ({
    operationId: "createUser",
    path: {},
    query: {},
    headers,
    body,
  });
  it("not one the same request also sent in a plain field (a fuzzed lastName equal to the password)", () => {
    const sent = req({ request: { lastName: "Aa1!Aa1!Aa1!", password: "Aa1!Aa1!Aa1!" } });
    expect(echoableSecrets(op, sent, ["Aa1!Aa1!Aa1!", "token-123456"])).toEqual(["token-123456"]);
    expect(
      echoableSecrets(op, req({ request: { password: "Pw1!x" } }, { "x-source": "aPw1!xb" }), ["Pw1!x"]),
    ).toEqual([]);
  });
  it("every other password", () => {
    const sent = req({ request: { lastName: "Smith", password: "Aa1!Aa1!Aa1!" } });
    expect(echoableSecrets(op, sent, ["Aa1!Aa1!Aa1!"])).toEqual(["Aa1!Aa1!Aa1!"]);
  });
});
