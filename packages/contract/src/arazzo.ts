// Runs the project's Arazzo 1.0.1 workflows (specs/<api>/workflows/*.arazzo.yaml), the same files `redocly respect`
// runs. Unlike respect it goes on after a failing step, and each step names, in `x-userctl-check`, the check its
// success criteria stand for (use_after_free, drop_idempotency…), so a failure is reported under that check.
//
// Supported: operationId steps, parameters (path/query/header), requestBody.payload, runtime expressions
// ($inputs, $steps.<id>.outputs, $statusCode, $response.body#/pointer, $response.header.<name>, `{$…}` inside
// strings), simple criteria (== != < <= > >= joined by && or ||), jsonpath criteria (RFC 9535, as respect
// evaluates them) and regex criteria.
import { query } from "jsonpath-rfc9535";
import { CHECKS, type CheckName, type Failure } from "./checks.js";
import type { SentExchange, TestRequest } from "./http.js";
import type { Semantics } from "./profile.js";
import { type Operation, pointerGet, type SpecModel } from "./spec.js";

export interface ArazzoCriterion {
  condition: string;
  context?: string;
  type?: "simple" | "regex" | "jsonpath" | { type: string; version?: string };
}

export interface ArazzoStep {
  stepId: string;
  operationId?: string;
  description?: string;
  parameters?: ({ name: string; in?: string; value: unknown } | { reference: string })[];
  requestBody?: { contentType?: string; payload?: unknown };
  successCriteria?: ArazzoCriterion[];
  outputs?: Record<string, string>;
  "x-userctl-check"?: CheckName;
}

export interface ArazzoWorkflow {
  workflowId: string;
  summary?: string;
  inputs?: unknown;
  /** How userctl fills each input: "name", "email", "password" or "setting:<name>". */
  "x-userctl-inputs"?: Record<string, string>;
  steps: ArazzoStep[];
}

export interface ArazzoDocument {
  arazzo: string;
  info?: unknown;
  sourceDescriptions?: unknown[];
  workflows: ArazzoWorkflow[];
  components?: { parameters?: Record<string, { name: string; in?: string; value: unknown }> };
}

export interface WorkflowHooks {
  spec: SpecModel;
  sem: Semantics;
  inputs(roles: Record<string, string>): Record<string, unknown>;
  send(op: Operation, req: TestRequest, step: string): Promise<SentExchange>;
  fail(failure: Failure, step: string, op: Operation, ex: SentExchange): void;
  ran(check: CheckName): void;
  onWorkflowDone?(id: string): void;
}

interface Scope {
  inputs: Record<string, unknown>;
  steps: Record<string, { outputs: Record<string, unknown> }>;
  ex?: SentExchange;
}

/** Credentials are applied by the transport; a workflow's own auth parameters (for respect) are skipped. */
const AUTH_PARAMS = new Set(["authorization", "x-authenticated-user-token"]);

export function evaluate(expr: string, scope: Scope): unknown {
  const e = expr.trim();
  if (e === "$statusCode") return scope.ex?.status;
  if (e.startsWith("$response.body")) {
    const ptr = e.slice("$response.body".length);
    return ptr.startsWith("#") ? pointerGet(scope.ex?.responseBody, ptr.slice(1)) : scope.ex?.responseBody;
  }
  if (e.startsWith("$response.header.")) return scope.ex?.responseHeaders[e.slice(17).toLowerCase()];
  if (e.startsWith("$inputs.")) return pointerGet(scope.inputs, `/${e.slice(8).split(".").join("/")}`);
  const step = /^\$steps\.([^.]+)\.outputs\.(.+)$/.exec(e);
  if (step) return scope.steps[step[1] as string]?.outputs[step[2] as string];
  return undefined;
}

/** A value with runtime expressions: a whole-value `$…` keeps its type, `{$…}` inside text is substituted. */
export function resolveValue(value: unknown, scope: Scope): unknown {
  if (typeof value === "string") {
    if (/^\$(inputs|steps|response|statusCode)/.test(value)) return evaluate(value, scope);
    return value.replace(/\{(\$[^}]+)\}/g, (_, x: string) => String(evaluate(x, scope)));
  }
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, scope));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveValue(v, scope);
    return out;
  }
  return value;
}

function literal(token: string, scope: Scope): unknown {
  const t = token.trim();
  if (t.startsWith("$")) return evaluate(t, scope);
  if (/^'.*'$/.test(t) || /^".*"$/.test(t)) return t.slice(1, -1);
  if (t === "true") return true;
  if (t === "false") return false;
  if (t === "null") return null;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return t;
}

function simple(condition: string, scope: Scope): boolean {
  return condition.split("||").some((alt) =>
    alt.split("&&").every((part) => {
      const m = /^(.+?)\s*(==|!=|<=|>=|<|>)\s*(.+)$/.exec(part.trim());
      if (!m) return Boolean(literal(part, scope));
      const [a, b] = [literal(m[1] as string, scope), literal(m[3] as string, scope)];
      switch (m[2]) {
        case "==":
          return (
            a === b ||
            (a !== undefined && b !== undefined && String(a) === String(b) && typeof a !== "object")
          );
        case "!=":
          return !(a === b || (a !== undefined && String(a) === String(b) && typeof a !== "object"));
        case "<":
          return Number(a) < Number(b);
        case "<=":
          return Number(a) <= Number(b);
        case ">":
          return Number(a) > Number(b);
        default:
          return Number(a) >= Number(b);
      }
    }),
  );
}

export function criterionHolds(c: ArazzoCriterion, scope: Scope): boolean {
  const type = typeof c.type === "object" ? c.type.type : (c.type ?? "simple");
  if (type === "simple") return simple(c.condition, scope);
  const context = c.context ? evaluate(c.context, scope) : undefined;
  // As respect does: a substituted value enters a JSONPath as a JSON literal ("ct_a", with its quotes).
  const condition =
    type === "jsonpath"
      ? c.condition.replace(/\{(\$[^}]+)\}/g, (_, x: string) => JSON.stringify(evaluate(x, scope)))
      : (resolveValue(c.condition, scope) as string);
  if (type === "regex")
    return new RegExp(condition).test(typeof context === "string" ? context : JSON.stringify(context));
  // respect: query([context], condition).length > 0
  return query([context ?? null] as never, condition).length > 0;
}

export async function runWorkflows(doc: ArazzoDocument, hooks: WorkflowHooks): Promise<void> {
  for (const wf of doc.workflows) {
    const scope: Scope = { inputs: hooks.inputs(wf["x-userctl-inputs"] ?? {}), steps: {} };
    for (const step of wf.steps) {
      const op = step.operationId ? hooks.spec.operations.get(step.operationId) : undefined;
      if (!op)
        throw new Error(
          `workflow ${wf.workflowId}: step ${step.stepId}: unknown operation ${step.operationId}`,
        );
      const req: TestRequest = { operationId: op.operationId, path: {}, query: {}, headers: {} };
      for (const raw of step.parameters ?? []) {
        const p =
          "reference" in raw
            ? doc.components?.parameters?.[raw.reference.replace("$components.parameters.", "")]
            : raw;
        if (!p)
          throw new Error(
            `workflow ${wf.workflowId}: step ${step.stepId}: unknown parameter ${JSON.stringify(raw)}`,
          );
        // The transport authenticates and signs; what the spec leaves to the client is the client's to fill.
        const managed = op.parameters.some((x) => x.name === p.name && x.clientManaged);
        if (AUTH_PARAMS.has(p.name.toLowerCase()) || managed) continue;
        const v = String(resolveValue(p.value, scope));
        if (p.in === "path") req.path[p.name] = v;
        else if (p.in === "header") req.headers[p.name] = v;
        else req.query[p.name] = v;
      }
      if (step.requestBody?.payload !== undefined) req.body = resolveValue(step.requestBody.payload, scope);
      const label = `${wf.workflowId}/${step.stepId}`;
      scope.ex = await hooks.send(op, req, label);
      const check = step["x-userctl-check"];
      if (check && CHECKS.includes(check) && step.successCriteria?.length) {
        hooks.ran(check);
        const broken = step.successCriteria.filter((c) => !criterionHolds(c, scope));
        if (broken.length > 0) {
          hooks.fail(
            {
              check,
              expected: broken.map((c) => c.condition).join(" and "),
              actual: `HTTP ${scope.ex.status} ${scope.ex.responseText.slice(0, 200)}`,
            },
            label,
            op,
            scope.ex,
          );
        }
      }
      const outputs: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(step.outputs ?? {})) outputs[k] = evaluate(v, scope);
      scope.steps[step.stepId] = { outputs };
    }
    hooks.onWorkflowDone?.(wf.workflowId);
  }
}
