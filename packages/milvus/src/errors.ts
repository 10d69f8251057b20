import { ApiError, type ApiErrorInit } from "@userctl/client-core";
import { schemaDocument } from "./generated/operations.js";

/** One row of the spec's error-code table (`x-error-codes` on the ErrorResponse schema of specs/milvus). */
export interface MilvusErrorCode {
  readonly code: number;
  readonly name: string;
  /** The HTTP status the server sends this code with (most errors: 200). */
  readonly httpStatus: number;
  readonly meaning: string;
}

// Read from the generated schema document, so the table is the spec's and never copied by hand.
const components = schemaDocument.components as
  | { schemas?: { ErrorResponse?: { "x-error-codes"?: MilvusErrorCode[] } } }
  | undefined;
const table = components?.schemas?.ErrorResponse?.["x-error-codes"];
if (!Array.isArray(table))
  throw new Error("@userctl/milvus: the spec's ErrorResponse schema has no x-error-codes");

/** Every documented Milvus error code, with its merr name, usual HTTP status and meaning. */
export const MILVUS_ERROR_CODES: ReadonlyMap<number, MilvusErrorCode> = new Map(
  table.map((row) => [row.code, Object.freeze({ ...row })]),
);

/** Meanings of answers that are not Milvus envelopes at all. */
const HTTP_MEANINGS: Record<number, string> = {
  404: "unknown route: the server does not have this operation (roles/alter needs Milvus 2.6.19+)",
};

/** What a code means, from the spec's table; undefined for codes the spec does not document. */
export function meaningOf(code: number | string, httpStatus?: number): string | undefined {
  if (typeof code === "number") {
    const row = MILVUS_ERROR_CODES.get(code);
    if (row) return row.meaning;
  }
  return httpStatus === undefined ? undefined : HTTP_MEANINGS[httpStatus];
}

/**
 * Credentials were missing or wrong, or not allowed to do this: 1800 (HTTP 401), an RBAC deny (HTTP 403, code
 * 65535) and 1400 (a wrong current password).
 */
export function isAuthError(code: number | string, httpStatus: number): boolean {
  return code === 1800 || code === 1400 || httpStatus === 401 || httpStatus === 403;
}

/**
 * Milvus said no: an envelope with `code` ≠ 0 (usually HTTP 200), or HTTP 401/403/408/500/404.
 * `code` is the Milvus code (e.g. 1100, 1401, 65535); for answers without an envelope it is the HTTP status.
 */
export class MilvusError extends ApiError {
  override name = "MilvusError";
  constructor(init: Omit<ApiErrorInit, "api" | "meaning" | "isAuthError">) {
    super({
      ...init,
      api: "milvus",
      meaning: meaningOf(init.code, init.httpStatus),
      isAuthError: isAuthError(init.code, init.httpStatus),
    });
  }
}
