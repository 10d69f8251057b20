// Coverage cases go round-robin across operations, so a budget that cuts the phase short still reaches every
// operation (the Sunbird comparison: searchUsers, the last operation, used to wait behind createUser's cases).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Fill, Names } from "../src/generate.js";
import { BUNDLED } from "../src/generated/apis.js";
import type { ApiId } from "../src/profile.js";
import { coveragePlan, operationCoverage, roundRobin } from "../src/run.js";
import { loadSpec, type Operation } from "../src/spec.js";
import { runAgainst, type Simulator, startSimulator } from "./helpers.js";

function planOf(api: ApiId) {
  const b = BUNDLED[api];
  const spec = loadSpec(b.spec);
  const names = new Names("ctunit");
  const fillOf = (op: Operation): Fill => ({
    names,
    settings: {},
    semantics: b.profile.operations[op.operationId] ?? {},
    unjudged: b.profile.unjudged ?? [],
  });
  const ops = [...spec.operations.values()];
  return { spec, ops, fillOf, plan: coveragePlan(spec, ops, ["spec"], fillOf) };
}

const shape = (p: ReturnType<typeof planOf>["plan"]) =>
  p.map(({ op, case: c }) => `${op.operationId} ${c.valid} ${c.rule} ${c.field ?? ""}`);

describe("roundRobin", () => {
  it("takes one item per list in turn and keeps each list's order", () => {
    expect(roundRobin([["a1", "a2", "a3"], [], ["c1"], ["d1", "d2"]])).toEqual([
      "a1",
      "c1",
      "d1",
      "a2",
      "d2",
      "a3",
    ]);
    expect(roundRobin([])).toEqual([]);
  });
});

describe.each(Object.keys(BUNDLED) as ApiId[])("coverage plan of %s", (api) => {
  const { ops, plan } = planOf(api);
  const covered = ops.filter((op) => plan.some((p) => p.op === op));

  it("its first cases touch every operation that has any, before any operation gets a second", () => {
    expect(covered.length).toBeGreaterThan(1);
    const first = plan.slice(0, covered.length).map((p) => p.op.operationId);
    expect(first).toEqual(covered.map((op) => op.operationId));
  });

  it("keeps every case of every operation, each operation's in its own order", () => {
    const again = planOf(api);
    for (const op of again.ops) {
      const own = operationCoverage(again.spec, op, ["spec"], again.fillOf(op));
      const inPlan = plan.filter((p) => p.op.operationId === op.operationId).map((p) => p.case);
      expect(inPlan.map((c) => [c.rule, c.field, c.valid])).toEqual(
        own.map((c) => [c.rule, c.field, c.valid]),
      );
    }
  });

  it("is the same plan every time", () => {
    expect(shape(planOf(api).plan)).toEqual(shape(plan));
  });
});

describe("a coverage budget against the Sunbird simulator", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ api: "sunbird-user" });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it("finds sunbird-search-limit-zero-500 within the cases the old order spent before searchUsers", async () => {
    // The budget: as many coverage cases as the operations listed before searchUsers have. Operation by operation,
    // a run cut there had not sent one searchUsers case.
    const { ops, plan } = planOf("sunbird-user");
    const at = ops.findIndex((op) => op.operationId === "searchUsers");
    expect(at).toBe(ops.length - 1);
    const budget = plan.filter((p) => ops.indexOf(p.op) < at).length;
    expect(budget).toBeLessThan(plan.length);

    await sim.reset();
    sim.setFault("sunbird-search-limit-zero-500", true);
    const controller = new AbortController();
    let sent = 0;
    let total = 0;
    const report = await runAgainst(sim, {
      phases: ["coverage"],
      signal: controller.signal,
      onProgress: (e) => {
        if (e.phase !== "coverage") return;
        sent = e.done;
        total = e.total;
        if (e.done >= budget) controller.abort();
      },
    });
    expect(report.interrupted).toBe("aborted");
    expect(sent).toBe(budget);
    // The run's plan is the one measured above (its names differ, its cases do not).
    expect(total).toBe(plan.length);
    const hit = report.findings.filter(
      (f) => f.check === "not_a_server_error" && f.operationId === "searchUsers",
    );
    expect(hit.length, JSON.stringify(report.findings, null, 1)).toBeGreaterThan(0);
    expect(report.cleanup.leftover).toEqual([]);
  });
});
