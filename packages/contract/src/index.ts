export { type ArazzoDocument, runWorkflows } from "./arazzo.js";
export { CHECKS, type CheckName, STATEFUL_CHECKS } from "./checks.js";
export type { CheckSummary, Finding, Phase } from "./findings.js";
export { PHASES } from "./findings.js";
export type { Policy } from "./generate.js";
export { BUNDLED } from "./generated/apis.js";
export { type Credentials, redact, toCurl } from "./http.js";
export type { ApiId, ContractProfile } from "./profile.js";
export { toJson, toJUnit } from "./report.js";
export {
  AuthFailure,
  type ProgressEvent,
  type RunOptions,
  type RunReport,
  runContract,
  seedId,
  TargetUnreachable,
} from "./run.js";

import { BUNDLED } from "./generated/apis.js";
import type { ApiId } from "./profile.js";
import { type RunOptions, type RunReport, runContract } from "./run.js";

/** A run against one of the three APIs with the spec, profile and workflows bundled in this package. */
export function contractTest(
  api: ApiId,
  options: Omit<RunOptions, "api" | "spec" | "profile" | "workflows">,
): Promise<RunReport> {
  const b = BUNDLED[api];
  return runContract({ api, spec: b.spec, profile: b.profile, workflows: b.workflows, ...options });
}
