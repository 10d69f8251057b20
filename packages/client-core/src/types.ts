/** A JSON Schema (2020-12, as used by OpenAPI 3.1) kept as plain data. */
export type JsonSchema = { readonly [key: string]: unknown };

export type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";

/** One row of a generated `operations` table (tools/codegen). */
export interface OperationMeta {
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly path: string;
  /** Safe to send twice: only these are retried. */
  readonly idempotent: boolean;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly bodyRequired: boolean;
  /** The operation's security requirements (OpenAPI `security`, falling back to the document's). */
  readonly security: readonly Readonly<Record<string, readonly string[]>>[];
  readonly bodySchema?: JsonSchema;
  /** Dotted paths of body fields the spec marks `format: password`; their values are redacted from errors. */
  readonly secretFields: readonly string[];
  /** Parameters the client computes itself (`x-client-managed`), e.g. a signature. */
  readonly clientManagedParams: readonly string[];
  /** `{ query?, path?, header? }` objects, without the parameters the client fills in itself. */
  readonly paramsSchema?: JsonSchema;
}

export interface RequestParams {
  query?: Record<string, unknown>;
  path?: Record<string, unknown>;
  header?: Record<string, unknown>;
}

export interface CallOptions {
  /** Cancels the call; combined with the timeout. */
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call (0 = none). */
  timeoutMs?: number;
  /** Extra headers, e.g. Prism's `Prefer` in contract tests. */
  headers?: Record<string, string>;
}
