// Reports for CI: JUnit XML (one test case per check, a failure per finding; "not run" checks are skipped
// cases with the reason, never passes) and the JSON document of `-o json`.
import type { RunReport } from "./run.js";

const xml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] as string,
  );

export function toJUnit(report: RunReport): string {
  const failed = report.checks.filter((c) => c.status === "failed").length;
  const skipped = report.checks.filter((c) => c.status === "not run").length;
  const cases = report.checks.map((c) => {
    const name = `${report.api}.${c.check}`;
    if (c.status === "not run")
      return `    <testcase classname="userctl.contract.${report.api}" name="${xml(name)}"><skipped message="${xml(c.reason ?? "not run")}"/></testcase>`;
    const findings = report.findings.filter((f) => f.check === c.check);
    const failures = findings
      .map(
        (f) =>
          `      <failure message="${xml(`${f.operationId}: expected ${f.expected}; got ${f.actual}`)}">${xml(
            `phase: ${f.phase}${f.step ? `\nstep: ${f.step}` : ""}${f.rule ? `\nrule: ${f.rule}` : ""}\nreproduce: ${f.curl}\nreplay: --seed ${f.seed}`,
          )}</failure>`,
      )
      .join("\n");
    return `    <testcase classname="userctl.contract.${report.api}" name="${xml(name)}">${failures ? `\n${failures}\n    ` : ""}</testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="userctl contract" tests="${report.checks.length}" failures="${failed}" skipped="${skipped}" time="${(report.durationMs / 1000).toFixed(3)}">
  <testsuite name="userctl contract ${xml(report.api)}" tests="${report.checks.length}" failures="${failed}" skipped="${skipped}" time="${(report.durationMs / 1000).toFixed(3)}">
    <properties>
      <property name="seed" value="${report.seed}"/>
      <property name="runId" value="${xml(report.runId)}"/>
      <property name="url" value="${xml(report.url)}"/>
    </properties>
${cases.join("\n")}
  </testsuite>
</testsuites>
`;
}

export function toJson(report: RunReport): Record<string, unknown> {
  return {
    ok: report.findings.length === 0,
    api: report.api,
    url: report.url,
    runId: report.runId,
    seed: report.seed,
    target: report.target,
    phases: report.phases,
    requests: report.requests,
    durationMs: report.durationMs,
    ...(report.interrupted ? { interrupted: report.interrupted } : {}),
    checks: report.checks,
    findings: report.findings,
    cleanup: report.cleanup,
  };
}
