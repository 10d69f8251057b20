/** Base of every error a userctl client throws, so callers can tell ours from programming errors. */
export class UserctlError extends Error {
  override name = "UserctlError";
}

export interface ApiErrorInit {
  api: string;
  operationId: string;
  httpStatus: number;
  /** The vendor's own code: Milvus `code`, EHPC `ret_code`, Sunbird `params.err`. */
  code: number | string;
  vendorMessage: string;
  /** What the code means, from the spec's error table, when the vendor message alone is unclear. */
  meaning?: string;
  /** Credentials were missing, wrong or not allowed to do this. */
  isAuthError?: boolean;
}

/** The server answered and said no. Subclassed once per API (MilvusError, EhpcError, SunbirdError). */
export class ApiError extends UserctlError {
  override name = "ApiError";
  readonly api: string;
  readonly operationId: string;
  readonly httpStatus: number;
  readonly code: number | string;
  readonly vendorMessage: string;
  readonly meaning: string | undefined;
  readonly isAuthError: boolean;

  constructor(init: ApiErrorInit, options?: ErrorOptions) {
    const meaning = init.meaning && init.meaning !== init.vendorMessage ? ` (${init.meaning})` : "";
    super(`${init.api} ${init.operationId}: ${init.code}: ${init.vendorMessage}${meaning}`, options);
    this.api = init.api;
    this.operationId = init.operationId;
    this.httpStatus = init.httpStatus;
    this.code = init.code;
    this.vendorMessage = init.vendorMessage;
    this.meaning = init.meaning;
    this.isAuthError = init.isAuthError ?? false;
  }
}

/** Input broke a rule of the spec; thrown before anything is sent. */
export class ValidationError extends UserctlError {
  override name = "ValidationError";
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`);
  }
}

/** The request never got an HTTP answer (refused, reset, DNS, TLS). */
export class NetworkError extends UserctlError {
  override name = "NetworkError";
  constructor(
    readonly operationId: string,
    readonly url: string,
    cause: unknown,
  ) {
    super(`${operationId}: cannot reach ${url}: ${describeCause(cause)}`, { cause });
  }
}

/** No answer within the client's timeout. */
export class TimeoutError extends UserctlError {
  override name = "TimeoutError";
  constructor(
    readonly operationId: string,
    readonly timeoutMs: number,
  ) {
    super(`${operationId}: no response within ${timeoutMs} ms`);
  }
}

function describeCause(cause: unknown): string {
  // undici wraps the socket error: `TypeError: fetch failed` with the useful part in `cause`.
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause;
  if (inner instanceof Error) {
    const code = (inner as { code?: unknown }).code;
    return typeof code === "string" ? `${code}` : inner.message;
  }
  return String(inner);
}
