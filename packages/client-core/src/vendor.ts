// Helpers every vendor client needs in the same way: checking where it will send requests, reading the spec's
// error-code table, and describing answers that did not come from the vendor's API at all.
import { ValidationError } from "./errors.js";
import type { JsonSchema } from "./types.js";

/**
 * The base URL a client will send to: absolute http(s), no credentials (they would end up in logs and error
 * messages; pass them as options), no query or fragment. Returned without a trailing slash.
 */
export function checkEndpoint(field: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw new ValidationError(field, "is required");
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ValidationError(field, "must be an absolute http:// or https:// URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ValidationError(field, "must be an absolute http:// or https:// URL");
  }
  if (url.username || url.password) {
    throw new ValidationError(field, "must not contain credentials (pass them as options instead)");
  }
  if (url.search || url.hash) throw new ValidationError(field, "must not contain a query or fragment");
  return url.href.replace(/\/+$/, "");
}

/**
 * A credential that travels in an HTTP header (a token, `user:password`): non-empty and free of control characters
 * and line breaks, which fetch would reject only after the request started, quoting the value in its error.
 */
export function checkHeaderSecret(field: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw new ValidationError(field, "is required");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new ValidationError(field, "must not contain control characters or line breaks");
  }
  return value;
}

/** One row of a spec's `x-error-codes` table. */
export interface ErrorCodeRow {
  readonly code: number | string;
  readonly name: string;
  readonly meaning: string;
  /** The HTTP status the vendor sends this code with, where the spec knows it. */
  readonly httpStatus?: number;
}

/**
 * Read the error-code table the spec keeps on one schema as `x-error-codes`, so clients never copy it by hand.
 * Fails at import time if the table is missing or malformed: a broken spec must not ship a client.
 */
export function loadErrorTable<Row extends ErrorCodeRow = ErrorCodeRow>(
  schemaDocument: JsonSchema,
  schemaName: string,
): ReadonlyMap<Row["code"], Row> {
  const schemas = (
    schemaDocument.components as { schemas?: Record<string, Record<string, unknown>> } | undefined
  )?.schemas;
  const table = schemas?.[schemaName]?.["x-error-codes"];
  if (!Array.isArray(table)) throw new Error(`spec: schema ${schemaName} has no x-error-codes table`);
  const rows = new Map<Row["code"], Row>();
  for (const row of table as Partial<Row>[]) {
    const codeOk = typeof row.code === "number" || typeof row.code === "string";
    if (!codeOk || typeof row.name !== "string" || typeof row.meaning !== "string") {
      throw new Error(`spec: bad x-error-codes row in ${schemaName}: ${JSON.stringify(row)}`);
    }
    rows.set(row.code as Row["code"], Object.freeze({ ...row }) as Row);
  }
  return rows;
}

const MAX_FOREIGN_TEXT = 200;

/**
 * An answer that is not the vendor's envelope (a proxy's error page, an HTML login page, a load balancer's 502):
 * code `HTTP_<status>` and the start of the body, so nobody mistakes it for a vendor error code.
 */
export function foreignResponse(status: number, body: unknown): { code: string; vendorMessage: string } {
  const text = typeof body === "string" ? body : body === undefined ? "" : JSON.stringify(body);
  const oneLine = text.replace(/\s+/g, " ").trim();
  const vendorMessage =
    oneLine === ""
      ? `HTTP ${status} with an empty body`
      : oneLine.length > MAX_FOREIGN_TEXT
        ? `${oneLine.slice(0, MAX_FOREIGN_TEXT)}…`
        : oneLine;
  return { code: `HTTP_${status}`, vendorMessage };
}
