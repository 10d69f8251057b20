import { ApiError, type ApiErrorInit } from "@userctl/client-core";
import { schemaDocument } from "./generated/operations.js";

export interface EhpcErrorCode {
  readonly code: number;
  readonly category: "client" | "license" | "server" | "config";
  readonly name: string;
  readonly meaning: string;
}

// The table lives once, in the spec (EhpcErrorResponse `x-ehpc-error-codes`); read it from the generated
// schema document instead of copying it, and fail loudly at import if its shape ever changes.
function loadErrorCodes(): readonly EhpcErrorCode[] {
  const components = schemaDocument.components as { schemas?: Record<string, Record<string, unknown>> };
  const table = components.schemas?.EhpcErrorResponse?.["x-ehpc-error-codes"];
  if (!Array.isArray(table))
    throw new Error("qingcloud-ehpc spec: EhpcErrorResponse has no x-ehpc-error-codes");
  for (const row of table) {
    const r = row as Partial<EhpcErrorCode>;
    if (typeof r.code !== "number" || typeof r.name !== "string" || typeof r.meaning !== "string") {
      throw new Error(`qingcloud-ehpc spec: bad x-ehpc-error-codes row ${JSON.stringify(row)}`);
    }
  }
  return Object.freeze(table as EhpcErrorCode[]);
}

/** Every documented `ret_code` with its meaning (T1 error_code.md), in spec order. */
export const EHPC_ERROR_CODES: readonly EhpcErrorCode[] = loadErrorCodes();

const byCode = new Map(EHPC_ERROR_CODES.map((row) => [row.code, row]));

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
