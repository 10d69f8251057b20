// What "rejected", "gone" and "done again" mean for one API. The facts live next to each spec, in
// specs/<api>/workflows/contract.yaml (bundled into specs/dist/<api>.contract.json); this file gives them types
// and evaluates them. Nothing vendor-specific is hard-coded here.
import { pointerGet, type Schema, type SpecModel } from "./spec.js";

export type ApiId = "milvus" | "qingcloud-ehpc" | "sunbird-user";

/** A condition on one response, written in contract.yaml. */
export interface Condition {
  outcome?: "success" | "error";
  status?: number;
  code?: number | string;
  /** JSON pointer into the response body. */
  pointer?: string;
  /** The value at `pointer` must equal this (templates such as "$id" allowed). */
  equals?: unknown;
  anyOf?: Condition[];
}

/** A request template: `$key`, `$id`, `$valid`, `$invalid`, `$setting.<name>` and `{$key}` inside strings. */
export interface RequestTemplate {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface StepSpec {
  operationId: string;
  request: RequestTemplate;
}

export interface ResourceSpec {
  create: StepSpec & {
    /** Where the id used by later steps comes from: the request's key, or a pointer into the create response. */
    id: { from: "key" } | { from: "response"; pointer: string };
  };
  describe?: StepSpec & { present?: Condition; gone?: Condition };
  list?: StepSpec & { items: string; itemKey: string; checkAfterDelete?: boolean };
  delete: StepSpec & { again: Condition };
  /** A create that breaks the schema under every policy: it must be rejected and leave nothing behind. */
  invalidCreate?: StepSpec;
}

export interface IdentityField {
  /** `/body/…`, `/query/…`, `/path/…` */
  pointer: string;
  style?: "name" | "email" | "digits";
}

export interface OperationSemantics {
  resource?: string;
  role?: "create" | "describe" | "list" | "delete" | "update" | "other";
  /**
   * `fresh`: a valid request whose identity fields are new run-prefixed values has no precondition, so it must
   * succeed (positive_data_acceptance); absent: valid input may legitimately fail on state, only the stateful
   * phase judges it.
   */
  positive?: "fresh";
  /** Documented error codes a valid request may still get (e.g. "user not found" for a delete of a new name). */
  allowedCodes?: (number | string)[];
  /** Fields that name or identify a resource: always generated as run-prefixed values, never guessed. */
  identity?: IdentityField[];
  /** Request fields filled from the run's settings (cluster id, zone): `{ "/body/zone": "zone" }`. */
  bindings?: Record<string, string>;
  /** As the profile's `unjudged`, for this operation only. */
  unjudged?: { rule?: string; field?: string; why: string }[];
  /** Changes or removes existing data: off a TTY the run needs --yes. */
  destructive?: boolean;
}

export interface ContractProfile {
  api: ApiId;
  auth: "bearer-token" | "ehpc-signature" | "sunbird-tokens";
  /** The error envelope: a component schema (the one carrying x-error-codes) and where its code sits. */
  errorEnvelope: {
    schema: string;
    code: string;
    /**
     * The code a success carries in the same place (Milvus and EHPC: 0). Given, an HTTP 2xx body with any other
     * code (or none) is an error even when it breaks the envelope's schema.
     */
    successCode?: number | string;
  };
  /** Settings a run needs besides URL and credentials (EHPC cluster and zone). */
  settings?: string[];
  /** Per API the first characters of every name a run creates (followed by the run id). */
  prefix: string;
  operations: Record<string, OperationSemantics>;
  resources: Record<string, ResourceSpec>;
  /**
   * Rules of the schema the server documents as not enforced (Milvus ignores unknown fields): inputs that break
   * only these are not sent as negative cases. `rule` matches the start of a case's rule, `field` its pointer.
   */
  unjudged?: { rule?: string; field?: string; why: string }[];
}

export interface ErrorCodeRow {
  code: number | string;
  name?: string;
  httpStatus?: number;
}

export interface Outcome {
  kind: "success" | "error";
  code?: number | string;
}

/** The profile bound to its spec: outcome classification and the spec's error-code table. */
export interface Semantics {
  profile: ContractProfile;
  spec: SpecModel;
  outcome(status: number, body: unknown): Outcome;
  errorCodes: ErrorCodeRow[];
  errorSchema: Schema;
  /** Whether a body matches the error envelope schema. */
  isEnvelope(body: unknown): boolean;
  holds(cond: Condition, status: number, body: unknown, vars: Record<string, unknown>): boolean;
  describeCondition(cond: Condition): string;
}

export function bindSemantics(profile: ContractProfile, spec: SpecModel): Semantics {
  const errorSchema = spec.component(profile.errorEnvelope.schema);
  if (!errorSchema) throw new Error(`contract profile: no component schema ${profile.errorEnvelope.schema}`);
  const errorCodes = (errorSchema["x-error-codes"] ?? []) as ErrorCodeRow[];
  const isErrorBody = spec.validator(errorSchema);
  const { successCode } = profile.errorEnvelope;
  const outcome = (status: number, body: unknown): Outcome => {
    const envelope = body !== undefined && isErrorBody(body);
    const raw = pointerGet(body, profile.errorEnvelope.code);
    const code = envelope || (status < 400 && raw !== undefined) ? (raw as number | string) : undefined;
    const codeSaysError =
      successCode !== undefined && body !== undefined && String(raw) !== String(successCode);
    if (status >= 400 || envelope || codeSaysError)
      return code === undefined ? { kind: "error" } : { kind: "error", code };
    return { kind: "success" };
  };
  const holds = (cond: Condition, status: number, body: unknown, vars: Record<string, unknown>): boolean => {
    if (cond.anyOf) return cond.anyOf.some((c) => holds(c, status, body, vars));
    const o = outcome(status, body);
    if (cond.outcome && o.kind !== cond.outcome) return false;
    if (cond.status !== undefined && status !== cond.status) return false;
    if (cond.code !== undefined && String(o.code) !== String(cond.code)) return false;
    if (cond.pointer !== undefined) {
      const actual = pointerGet(body, cond.pointer);
      const expected = fillTemplate(cond.equals, vars);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) return false;
    }
    return true;
  };
  const describeCondition = (cond: Condition): string => {
    if (cond.anyOf) return cond.anyOf.map(describeCondition).join(" or ");
    const parts: string[] = [];
    if (cond.outcome) parts.push(cond.outcome);
    if (cond.status !== undefined) parts.push(`HTTP ${cond.status}`);
    if (cond.code !== undefined) parts.push(`code ${cond.code}`);
    if (cond.pointer !== undefined) parts.push(`${cond.pointer} == ${JSON.stringify(cond.equals)}`);
    return parts.join(", ");
  };
  const isEnvelope = (body: unknown) => body !== undefined && (isErrorBody(body) as boolean);
  return { profile, spec, outcome, errorCodes, errorSchema, isEnvelope, holds, describeCondition };
}

/** Replaces `$name` values and `{$name}` inside strings with `vars`; other values are copied. */
export function fillTemplate(value: unknown, vars: Record<string, unknown>): unknown {
  if (typeof value === "string") {
    if (/^\$[A-Za-z][\w.]*$/.test(value)) {
      const name = value.slice(1);
      return name in vars ? vars[name] : value;
    }
    return value.replace(/\{\$([A-Za-z][\w.]*)\}/g, (m, name: string) =>
      name in vars ? String(vars[name]) : m,
    );
  }
  if (Array.isArray(value)) return value.map((v) => fillTemplate(v, vars));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = fillTemplate(v, vars);
    return out;
  }
  return value;
}
