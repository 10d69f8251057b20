// The proof of issue 9: against each faithful simulator a run finds nothing (but the listed open spec/simulator
// disagreements); with one catalogue fault switched on, the check that names the fault's class fires. One test per
// fault, read from the simulator's own catalogue.
import { type FaultInfo, faultCatalogue, type Simulator } from "@userctl/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiName, runAgainst, startSimulator } from "./helpers.js";
import { OPEN_DISAGREEMENTS } from "./open-disagreements.js";

export function faultSuite(api: ApiName): void {
  const rows = faultCatalogue().filter((fault) => fault.api === api);
  describe(`${api} simulator`, () => {
    let sim: Simulator;
    let catalogue: FaultInfo[] = [];
    beforeAll(async () => {
      sim = await startSimulator({ api });
      catalogue = sim.faults();
    });
    afterAll(async () => {
      await sim?.stop();
    });

    it("faithful: no findings but the listed open disagreements; stateful checks ran; everything created is removed", async () => {
      await sim.reset();
      const report = await runAgainst(sim);
      const keys = [
        ...new Set(
          report.findings.map((f) => `${f.check} ${f.operationId} ${f.rule ?? f.step ?? ""}`.trim()),
        ),
      ];
      expect(keys.sort(), JSON.stringify(report.findings, null, 1)).toEqual(
        [...OPEN_DISAGREEMENTS[api]].sort(),
      );
      const ran = report.checks.filter((c) => c.status !== "not run").map((c) => c.check);
      for (const check of [
        "use_after_free",
        "ensure_resource_availability",
        "drop_idempotency",
        "failed_create_no_side_effect",
      ])
        expect(ran).toContain(check);
      expect(report.cleanup.leftover).toEqual([]);
      expect(report.target).toBe("server");
    });

    it("has a catalogue to test", () => {
      expect(catalogue.length).toBeGreaterThanOrEqual(5);
      expect(catalogue.map((f) => f.name).sort()).toEqual(rows.map((f) => f.name).sort());
    });

    // One test per fault, read from the simulator's own catalogue at collection time: each run is short and has
    // its own timeout (a guard against a hang, not a speed limit), and a miss names its fault.
    it.each(rows.map((fault) => [fault.name, fault.check] as const))(
      "fault %s is detected by %s",
      async (name, check) => {
        await sim.reset();
        sim.setFault(name, true);
        const report = await runAgainst(sim);
        const fired = [...new Set(report.findings.map((f) => f.check))];
        expect(fired, JSON.stringify(report.findings, null, 1)).toContain(check);
      },
    );
  });
}
