import { ApiError, NetworkError, TimeoutError, ValidationError } from "@userctl/client-core";

/** Documented in `userctl --help` and the README; scripts depend on them. */
export const EXIT = {
  ok: 0,
  api: 1,
  usage: 2,
  auth: 3,
  network: 4,
} as const;

/** The documented exit codes: `--help`, the reference JSON and the README all show this table. */
export const EXIT_CODES: readonly { code: number; meaning: string }[] = [
  { code: EXIT.ok, meaning: "success (bulk: every item done or already done)" },
  {
    code: EXIT.api,
    meaning:
      "the API refused the request (vendor error); bulk: failures of mixed kinds (one kind: its own code)",
  },
  {
    code: EXIT.usage,
    meaning: "usage or validation error (bad flag, bad name, weak password, missing --yes, unknown profile)",
  },
  { code: EXIT.auth, meaning: "authentication or permission error (missing/wrong token, key or signature)" },
  { code: EXIT.network, meaning: "network error or timeout (endpoint unreachable, no answer in --timeout)" },
];

export const EXIT_CODES_HELP = `Exit codes:\n${EXIT_CODES.map((e) => `  ${e.code}  ${e.meaning}`).join("\n")}`;

/** A mistake in how userctl was called; exit 2. */
export class UsageError extends Error {
  override name = "UsageError";
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export type ErrorKind = "usage" | "validation" | "api" | "auth" | "network" | "timeout" | "internal";

export interface ErrorReport {
  kind: ErrorKind;
  exitCode: number;
  message: string;
  api?: string;
  operationId?: string;
  httpStatus?: number;
  code?: number | string;
  vendorMessage?: string;
  meaning?: string;
  field?: string;
  rule?: string;
}

/** One line for a human, and the same facts for `-o json`. Never a stack trace. */
export function describeError(error: unknown): ErrorReport {
  if (error instanceof UsageError) {
    return { kind: "usage", exitCode: EXIT.usage, message: error.message, field: error.field };
  }
  if (error instanceof ValidationError) {
    return {
      kind: "validation",
      exitCode: EXIT.usage,
      message: `invalid input: ${error.field}: ${error.rule}`,
      field: error.field,
      rule: error.rule,
    };
  }
  if (error instanceof ApiError) {
    const meaning = error.meaning && error.meaning !== error.vendorMessage ? ` (${error.meaning})` : "";
    const auth = error.isAuthError;
    return {
      kind: auth ? "auth" : "api",
      exitCode: auth ? EXIT.auth : EXIT.api,
      message: `${error.api} ${error.operationId} failed: ${auth ? "authentication/permission error " : ""}${error.code}: ${error.vendorMessage}${meaning} [HTTP ${error.httpStatus}]`,
      api: error.api,
      operationId: error.operationId,
      httpStatus: error.httpStatus,
      code: error.code,
      vendorMessage: error.vendorMessage,
      meaning: error.meaning,
    };
  }
  if (error instanceof TimeoutError) {
    return {
      kind: "timeout",
      exitCode: EXIT.network,
      message: `timeout: ${error.message} (raise it with --timeout)`,
      operationId: error.operationId,
    };
  }
  if (error instanceof NetworkError) {
    return { kind: "network", exitCode: EXIT.network, message: `network error: ${error.message}` };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "internal", exitCode: EXIT.api, message: `unexpected error: ${firstLine(message)}` };
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? "";
}
