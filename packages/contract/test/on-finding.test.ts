// `onFinding`: each finding is handed over as it is recorded, so a caller can stop a run at the first one it
// wants (pnpm bench:contract stops at the first detection of a fault and times it).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../src/index.js";
import { runAgainst, type Simulator, startSimulator } from "./helpers.js";

describe("onFinding", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ api: "milvus" });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it("is called once per reported finding, in order, with the same finding", async () => {
    await sim.reset();
    sim.setFault("milvus-text-plain-responses", true);
    const seen: Finding[] = [];
    const report = await runAgainst(sim, { onFinding: (f) => seen.push(f) });
    expect(report.findings.length).toBeGreaterThan(0);
    expect(seen).toEqual(report.findings);
  });

  it("is not called for checks that were not selected", async () => {
    await sim.reset();
    sim.setFault("milvus-text-plain-responses", true);
    const seen: Finding[] = [];
    const report = await runAgainst(sim, {
      checks: ["use_after_free"],
      onFinding: (f) => seen.push(f),
    });
    expect(report.findings).toEqual([]);
    expect(seen).toEqual([]);
  });

  it("lets the caller abort at the first finding of one check; the run stops and still cleans up", async () => {
    await sim.reset();
    sim.setFault("milvus-dropped-user-still-listed", true);
    const controller = new AbortController();
    const seen: Finding[] = [];
    const report = await runAgainst(sim, {
      signal: controller.signal,
      onFinding: (f) => {
        seen.push(f);
        if (f.check === "use_after_free") controller.abort();
      },
    });
    expect(report.interrupted).toBe("aborted");
    expect(seen.at(-1)?.check).toBe("use_after_free");
    expect(report.findings.map((f) => f.check)).toContain("use_after_free");
    expect(report.cleanup.leftover).toEqual([]);
    // Aborted before the later phases: fewer requests than the same run to the end.
    await sim.reset();
    sim.setFault("milvus-dropped-user-still-listed", true);
    const full = await runAgainst(sim);
    expect(report.requests).toBeLessThan(full.requests);
  });
});
