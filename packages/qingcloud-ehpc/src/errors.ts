import { ApiError, type ApiErrorInit, type ErrorCodeRow, loadErrorTable } from "@userctl/client-core";
import { schemaDocument } from "./generated/operations.js";

export interface EhpcErrorCode extends ErrorCodeRow {
  readonly code: number;
  readonly category: "client" | "license" | "server" | "config";
  readonly name: string;
  readonly meaning: string;
}

// The table lives once, in the spec (`x-error-codes` on EhpcErrorResponse); client-core reads it from the
// generated schema document and fails at import if it is missing or malformed.
const byCode = loadErrorTable<EhpcErrorCode>(schemaDocument, "EhpcErrorResponse");
for (const row of byCode.values()) {
  // EHPC's ret_code is an integer; a string code would never match an answer.
  if (!Number.isInteger(row.code))
    throw new Error(`qingcloud-ehpc spec: ret_code ${row.code} is not an integer`);
}

/** Every documented `ret_code` with its meaning (T1 error_code.md), in spec order. */
export const EHPC_ERROR_CODES: readonly EhpcErrorCode[] = Object.freeze([...byCode.values()]);

/** 1200 wrong key or signature, 1300 timestamp expired, 1400 access denied. */
export const EHPC_AUTH_ERROR_CODES: ReadonlySet<number> = new Set([1200, 1300, 1400]);

/** 2100 resource not found, 1610 user not found: what a re-run of a bulk delete meets for users already gone. */
export const EHPC_NOT_FOUND_CODES: ReadonlySet<number> = new Set([2100, 1610]);

export function ehpcErrorInfo(code: number): EhpcErrorCode | undefined {
  return byCode.get(code);
}

export type EhpcErrorInit = Omit<ApiErrorInit, "api">;

/** The EHPC server answered with `ret_code ≠ 0` (or with something that is not an EHPC answer at all). */
export class EhpcError extends ApiError {
  override name = "EhpcError";
  /** The table row for `code`, when the code is documented. */
  readonly info: EhpcErrorCode | undefined;
  /** The cluster or user does not exist (2100/1610). */
  readonly isNotFound: boolean;

  constructor(init: EhpcErrorInit) {
    const info = typeof init.code === "number" ? byCode.get(init.code) : undefined;
    super({
      ...init,
      api: "qingcloud-ehpc",
      meaning: init.meaning ?? info?.meaning,
      isAuthError:
        init.isAuthError ?? (typeof init.code === "number" && EHPC_AUTH_ERROR_CODES.has(init.code)),
    });
    this.info = info;
    this.isNotFound = typeof init.code === "number" && EHPC_NOT_FOUND_CODES.has(init.code);
  }
}
