import { ApiError, type ApiErrorInit, loadErrorTable } from "@userctl/client-core";
import { schemaDocument } from "./generated/operations.js";

/** One row of the spec's error-code table (`x-error-codes` on the ErrorResponse schema of specs/milvus). */
export interface MilvusErrorCode {
  readonly code: number;
  readonly name: string;
  /** The HTTP status the server sends this code with (most errors: 200). */
  readonly httpStatus: number;
  readonly meaning: string;
}

/** Every documented Milvus error code, with its merr name, usual HTTP status and meaning (read from the spec). */
export const MILVUS_ERROR_CODES: ReadonlyMap<number, MilvusErrorCode> = loadErrorTable<MilvusErrorCode>(
  schemaDocument,
  "ErrorResponse",
);

/**
 * Meanings of answers that are not Milvus envelopes, by HTTP status: only gin's own plain-text 404 (the spec
 * documents it for roles/alter), never a table row, because `HTTP_<status>` is not a Milvus code.
 */
const HTTP_MEANINGS: Record<number, string> = {
  404: "unknown route: the server does not have this operation (roles/alter needs Milvus 2.6.19+)",
};

/**
 * The server's text when roles/drop meets a role that still has grants. Its code is 1100 in 2.6+ and 65535 in 2.5
 * (and 3.0's broadcast pre-check raises it without a code), so only the text identifies it.
 */
export const ROLE_HAS_GRANTS_TEXT = "fail to drop the role that it has privileges";

const ROLE_HAS_GRANTS_MEANING =
  "the role still has grants, and the REST API cannot force the drop: revoke every grant first " +
  "(roles/describe with dbName '*', then roles/revoke_privilege for each; dropRoleRevokingGrants does both)";

/** True when a roles/drop failed only because the role still has grants (any version's code). */
export function isRoleHasGrantsError(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.api === "milvus" &&
    typeof error.vendorMessage === "string" &&
    error.vendorMessage.includes(ROLE_HAS_GRANTS_TEXT)
  );
}

/**
 * What a code means: a Milvus code (number) from the spec's table; a non-envelope answer (`HTTP_<status>`, or a
 * code the table lacks) only by its HTTP status. Undefined for anything the spec does not document. A message the
 * spec documents a precise cause for (a role with grants) gets that cause instead of the code's general meaning.
 */
export function meaningOf(
  code: number | string,
  httpStatus?: number,
  vendorMessage?: string,
): string | undefined {
  if (vendorMessage?.includes(ROLE_HAS_GRANTS_TEXT)) return ROLE_HAS_GRANTS_MEANING;
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
 * `code` is the Milvus code (e.g. 1100, 1401, 65535); for answers without a Milvus envelope (a proxy's error page,
 * an HTML 200, gin's plain-text 404) it is the string `HTTP_<status>` from client-core's `foreignResponse`.
 */
export class MilvusError extends ApiError {
  override name = "MilvusError";
  constructor(init: Omit<ApiErrorInit, "api" | "meaning" | "isAuthError">) {
    super({
      ...init,
      api: "milvus",
      meaning: meaningOf(init.code, init.httpStatus, init.vendorMessage),
      isAuthError: isAuthError(init.code, init.httpStatus),
    });
  }
}
