// Findings and per-check bookkeeping: a check that never ran is reported "not run" with its reason, never as
// passed.
import { CHECKS, type CheckName, type Failure } from "./checks.js";
import { type SentExchange, toCurl } from "./http.js";

export type Phase = "examples" | "coverage" | "fuzz" | "stateful";
export const PHASES: readonly Phase[] = ["examples", "coverage", "fuzz", "stateful"];

export interface Finding {
  check: CheckName;
  operationId: string;
  phase: Phase;
  expected: string;
  actual: string;
  /** The (minimal) request that shows it, as a curl line; secrets shown as ***. */
  curl: string;
  /** Replays the run that found it: `--seed <seed>`. */
  seed: number;
  /** The rule broken or boundary tested, for input checks. */
  rule?: string;
  field?: string;
  /** For stateful findings: the workflow and step. */
  step?: string;
}

export interface CheckSummary {
  check: CheckName;
  status: "passed" | "failed" | "not run";
  runs: number;
  failures: number;
  reason?: string;
}

export class Ledger {
  readonly findings: Finding[] = [];
  private runs = new Map<CheckName, number>();
  private failures = new Map<CheckName, number>();
  private reasons = new Map<CheckName, string>();
  private seen = new Set<string>();

  /** A scratch ledger forwards check runs to its parent and keeps its findings to itself. */
  constructor(
    private readonly parent?: Ledger | undefined,
    private readonly onFinding?: ((finding: Finding) => void) | undefined,
  ) {}

  ran(check: CheckName): void {
    this.runs.set(check, (this.runs.get(check) ?? 0) + 1);
    this.parent?.ran(check);
  }

  /** Why a check could not run (kept unless it later runs). */
  notRun(check: CheckName, reason: string): void {
    if (!this.reasons.has(check)) this.reasons.set(check, reason);
  }

  /**
   * Records failures of one exchange. One finding per check, operation and rule: the first (smallest)
   * example is kept; later ones only count.
   */
  fail(
    failures: Failure[],
    ctx: { operationId: string; phase: Phase; seed: number; rule?: string; field?: string; step?: string },
    ex: Pick<SentExchange, "method" | "url" | "headers" | "body">,
    secrets: string[],
  ): Finding[] {
    const added: Finding[] = [];
    for (const f of failures) {
      this.failures.set(f.check, (this.failures.get(f.check) ?? 0) + 1);
      const key = `${f.check}|${ctx.operationId}|${ctx.rule ?? ""}|${ctx.step ?? ""}|${f.expected}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      const finding: Finding = {
        check: f.check,
        operationId: ctx.operationId,
        phase: ctx.phase,
        expected: f.expected,
        actual: f.actual,
        curl: toCurl(ex, secrets),
        seed: ctx.seed,
        ...(ctx.rule ? { rule: ctx.rule } : {}),
        ...(ctx.field ? { field: ctx.field } : {}),
        ...(ctx.step ? { step: ctx.step } : {}),
      };
      this.findings.push(finding);
      added.push(finding);
      this.onFinding?.(finding);
    }
    return added;
  }

  summary(selected: readonly CheckName[]): CheckSummary[] {
    return CHECKS.filter((c) => selected.includes(c)).map((check) => {
      const runs = this.runs.get(check) ?? 0;
      const failures = this.failures.get(check) ?? 0;
      if (failures > 0) return { check, status: "failed", runs, failures };
      if (runs === 0)
        return {
          check,
          status: "not run",
          runs,
          failures,
          reason: this.reasons.get(check) ?? "nothing to test",
        };
      return { check, status: "passed", runs, failures };
    });
  }
}
