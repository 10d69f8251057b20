// The checks. Names follow Schemathesis where the meaning is the same; what counts as "rejected" comes from the
// API's error envelope and x-error-codes (Milvus and EHPC answer errors as HTTP 200 with a non-zero code).
import type { SentExchange } from "./http.js";
import type { Semantics } from "./profile.js";
import { documentedResponse, type Operation } from "./spec.js";

export const CHECKS = [
  "not_a_server_error",
  "status_code_conformance",
  "content_type_conformance",
  "response_headers_conformance",
  "response_schema_conformance",
  "error_envelope_conformance",
  "no_secret_echo",
  "negative_data_rejection",
  "positive_data_acceptance",
  "missing_required_header",
  "ignored_auth",
  "use_after_free",
  "ensure_resource_availability",
  "drop_idempotency",
  "list_consistency",
  "failed_create_no_side_effect",
] as const;
export type CheckName = (typeof CHECKS)[number];

/** Checks that need a server that keeps state; a stateless mock cannot run them. */
export const STATEFUL_CHECKS: readonly CheckName[] = [
  "use_after_free",
  "ensure_resource_availability",
  "drop_idempotency",
  "list_consistency",
  "failed_create_no_side_effect",
];

export interface Failure {
  check: CheckName;
  expected: string;
  actual: string;
}

/** Checks every response must pass, whatever was sent. */
export function responseChecks(
  sem: Semantics,
  op: Operation,
  ex: SentExchange,
  secrets: string[],
): Failure[] {
  const out: Failure[] = [];
  const documented = Object.keys(op.responses).join(", ");
  if (ex.status >= 500) {
    out.push({ check: "not_a_server_error", expected: "a status below 500", actual: `HTTP ${ex.status}` });
  }
  const doc = documentedResponse(op, ex.status);
  if (!doc) {
    out.push({
      check: "status_code_conformance",
      expected: `one of the documented statuses (${documented})`,
      actual: `HTTP ${ex.status}`,
    });
  } else {
    const type = (ex.responseHeaders["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    const types = Object.keys(doc.content);
    const media = doc.content[type];
    if (types.length > 0 && !media) {
      out.push({
        check: "content_type_conformance",
        expected: `Content-Type ${types.join(" or ")}`,
        actual: type ? `Content-Type ${type}` : "no Content-Type",
      });
    }
    for (const [name, h] of Object.entries(doc.headers)) {
      const value = ex.responseHeaders[name];
      if (value === undefined && h.required)
        out.push({ check: "response_headers_conformance", expected: `header ${name}`, actual: "absent" });
      if (value !== undefined && h.schema) {
        const v = h.schema.type === "integer" || h.schema.type === "number" ? Number(value) : value;
        if (!sem.spec.validator(h.schema)(v))
          out.push({
            check: "response_headers_conformance",
            expected: `header ${name} matching its schema`,
            actual: `${name}: ${value}`,
          });
      }
    }
    if (media?.schema) {
      const isJson = type.includes("json");
      const data = isJson ? ex.responseBody : ex.responseText;
      if (isJson && ex.responseBody === undefined) {
        out.push({
          check: "response_schema_conformance",
          expected: "a JSON body",
          actual: `unparseable body ${JSON.stringify(ex.responseText.slice(0, 80))}`,
        });
      } else {
        const fn = sem.spec.validator(media.schema);
        if (!fn(data)) {
          const e = fn.errors?.[0];
          out.push({
            check: "response_schema_conformance",
            expected: `body matching the HTTP ${ex.status} schema`,
            actual: e ? `${e.instancePath || "(root)"} ${e.message}` : "does not match",
          });
        }
      }
    }
  }
  out.push(...envelopeChecks(sem, op, ex, doc ? Object.values(doc.content).map((m) => m.schema) : []));
  for (const secret of secrets) {
    if (secretEchoed(ex, secret)) {
      out.push({
        check: "no_secret_echo",
        expected: "no secret (credential or password sent) in the response",
        actual: "the response contains a secret that was sent (shown as ***)",
      });
      break;
    }
  }
  return out;
}

// A secret this long is taken as echoed wherever it appears. A shorter one (a fuzzed 4-character password)
// is often part of ordinary words ("ngth" in "length", "name" in "[username]"), so it counts only as a whole
// value: a JSON string of the body, or a header value.
const ECHO_ANYWHERE_LENGTH = 8;

export function secretEchoed(
  ex: Pick<SentExchange, "responseText" | "responseHeaders" | "responseBody">,
  secret: string,
): boolean {
  if (secret.length < 4) return false;
  if (secret.length >= ECHO_ANYWHERE_LENGTH)
    return ex.responseText.includes(secret) || headerText(ex).includes(secret);
  return (
    Object.values(ex.responseHeaders).some((v) => v === secret) || hasStringValue(ex.responseBody, secret)
  );
}

function hasStringValue(value: unknown, wanted: string): boolean {
  if (value === wanted) return true;
  if (value && typeof value === "object") return Object.values(value).some((v) => hasStringValue(v, wanted));
  return false;
}

function headerText(ex: Pick<SentExchange, "responseHeaders">): string {
  return Object.entries(ex.responseHeaders)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");
}

/**
 * An error must be the spec's error envelope (where the documented response uses it), carry a documented code,
 * and come with the HTTP status that code's row declares.
 */
export function envelopeChecks(
  sem: Semantics,
  op: Operation,
  ex: SentExchange,
  documented: unknown[],
): Failure[] {
  const o = sem.outcome(ex.status, ex.responseBody);
  if (o.kind !== "error") return [];
  const usesEnvelope = documented.some((schema) => mentions(sem, schema, sem.errorSchema));
  // Another documented error body for this status (Sunbird's gateway 401) is not the envelope, and is fine.
  const otherDocumented = documented.some(
    (schema) =>
      schema !== undefined && sem.spec.validator(schema as Record<string, unknown>)(ex.responseBody),
  );
  if (usesEnvelope && !sem.isEnvelope(ex.responseBody) && !otherDocumented) {
    return [
      {
        check: "error_envelope_conformance",
        expected: `the error envelope (${sem.profile.errorEnvelope.schema})`,
        actual: `HTTP ${ex.status} ${ex.responseText.slice(0, 120)}`,
      },
    ];
  }
  if (o.code === undefined || sem.errorCodes.length === 0) return [];
  const row = sem.errorCodes.find((r) => String(r.code) === String(o.code));
  if (!row && !op.documentedCodes.includes(String(o.code))) {
    return [
      {
        check: "error_envelope_conformance",
        expected: `an error code the spec documents (x-error-codes or this operation's responses)`,
        actual: `code ${o.code} (HTTP ${ex.status})`,
      },
    ];
  }
  if (row?.httpStatus !== undefined && row.httpStatus !== ex.status) {
    return [
      {
        check: "error_envelope_conformance",
        expected: `code ${o.code} (${row.name ?? ""}) with HTTP ${row.httpStatus}`,
        actual: `HTTP ${ex.status}`,
      },
    ];
  }
  return [];
}

/** How an outcome reads in a finding. */
export function describeOutcome(sem: Semantics, ex: SentExchange): string {
  const o = sem.outcome(ex.status, ex.responseBody);
  return o.kind === "error"
    ? `rejected: HTTP ${ex.status}${o.code !== undefined ? `, code ${o.code}` : ""}`
    : `accepted: HTTP ${ex.status}`;
}

/** Whether a response schema is, or offers as one alternative, the error envelope. */
function mentions(sem: Semantics, schema: unknown, target: unknown, depth = 0): boolean {
  const s = sem.spec.deref<Record<string, unknown>>(schema);
  if (!s || depth > 4) return false;
  if (s === target) return true;
  for (const key of ["oneOf", "anyOf", "allOf"] as const) {
    if (Array.isArray(s[key]) && (s[key] as unknown[]).some((x) => mentions(sem, x, target, depth + 1)))
      return true;
  }
  return false;
}
