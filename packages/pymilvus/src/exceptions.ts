/**
 * pymilvus's exception family (`pymilvus.exceptions`): every failure is a MilvusException carrying the Milvus
 * error `code` and a `message`, and prints like pymilvus's `<MilvusException: (code=..., message=...)>`.
 */
export class MilvusException extends Error {
  override name = "MilvusException";
  /**
   * The Milvus error code (e.g. 1100, 1800, 65535); 1 (UNEXPECTED_ERROR) for client-side failures, as in pymilvus;
   * the string `HTTP_<status>` for answers that are not Milvus envelopes (a proxy's error page, an HTML 200).
   */
  readonly code: number | string;
  constructor(code: number | string = 1, message = "", options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
  override toString(): string {
    return `<${this.name}: (code=${this.code}, message=${this.message})>`;
  }
}

/** A `using` alias that has no connection ("should create connection first."). */
export class ConnectionNotExistException extends MilvusException {
  override name = "ConnectionNotExistException";
}

/** `connect` called again for a connected alias with a different configuration, or an invalid alias. */
export class ConnectionConfigException extends MilvusException {
  override name = "ConnectionConfigException";
}

/** A parameter is invalid (checked before anything is sent). */
export class ParamError extends MilvusException {
  override name = "ParamError";
}
