// The mutation table (test/mutations.mjs), each row classified by the gate itself: a temp repo whose last release
// is the base and whose bundle is the mutated spec, no pending changeset. Breaking rows must fail the gate with
// the named check; non-breaking rows must pass it with no breaking change at all.
import { afterEach, describe, expect, it } from "vitest";
import { gateApi } from "../src/index.mjs";
import { fixtureDoc, makeRepo } from "./helpers.mjs";
import { BREAKING, NON_BREAKING } from "./mutations.mjs";

let repo;
afterEach(() => repo?.remove());

async function classify(row) {
  const base = fixtureDoc();
  row.prepare?.(base);
  const revision = structuredClone(base);
  row.mutate(revision);
  repo = makeRepo({ release: { version: "1.0.0", doc: base } });
  repo.setBundle(revision);
  return gateApi("fixture", { root: repo.root });
}

describe("the table is as big as the issue asks", () => {
  it("has at least 25 breaking and 15 non-breaking rows, with unique names", () => {
    expect(BREAKING.length).toBeGreaterThanOrEqual(25);
    expect(NON_BREAKING.length).toBeGreaterThanOrEqual(15);
    const names = [...BREAKING, ...NON_BREAKING].map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
  });
  it("covers each of GitHub's rules and each extension rule", () => {
    const rules = new Set(BREAKING.map((r) => r.rule.replace(/ \(.*\)$/, "")));
    for (const rule of [
      "github: removing an entire operation",
      "github: removing a parameter",
      "github: renaming a parameter",
      "github: removing a response field",
      "github: renaming a response field",
      "github: adding a new required parameter",
      "github: making an optional parameter required",
      "github: changing the type of a parameter",
      "github: changing the type of a response field",
      "github: removing enum values",
      "github: adding a new validation rule to an existing parameter",
      "github: changing authentication requirements",
      "github: changing authorization requirements",
      "userctl: x-idempotent true -> false",
      "userctl: x-min-character-classes raised",
      "userctl: x-max-bytes lowered",
      "userctl: x-min-bytes raised",
      "userctl: a row removed from x-error-codes",
      "userctl: an x-client-managed parameter no longer managed",
    ])
      expect(rules, rule).toContain(rule);
  });
});

describe("breaking mutations fail the gate", () => {
  it.each(BREAKING.map((r) => [r.name, r]))("%s", async (_name, row) => {
    const report = await classify(row);
    expect(report.status).toBe("compared");
    expect(report.gate).toBe("fail");
    expect(report.exitCode).toBe(1);
    const hit = report.breaking.find((f) => f.id === row.check);
    expect(hit, `no ${row.check} among ${report.breaking.map((f) => f.id).join(", ")}`).toBeDefined();
    expect(hit.pointer).toMatch(/^#\/(paths|components|security)/);
    expect(report.missingMajor).toEqual(["@fixture/specs", "@fixture/client"]);
  });
});

describe("non-breaking mutations pass the gate", () => {
  it.each(NON_BREAKING.map((r) => [r.name, r]))("%s", async (_name, row) => {
    const report = await classify(row);
    expect(report.status).toBe("compared");
    expect(report.breaking.map((f) => `${f.id}: ${f.text}`)).toEqual([]);
    expect(report.gate).toBe("pass");
  });
});
