import type { Client } from "openapi-fetch";
import { NetworkError, TimeoutError, UserctlError } from "./errors.js";
import type { CallOptions, JsonSchema, OperationMeta, RequestParams } from "./types.js";
import { createRequestValidator } from "./validation.js";

/** What a vendor client's `interpret` sees of one HTTP exchange. */
export interface Exchange<Op extends OperationMeta = OperationMeta> {
  op: Op;
  status: number;
  /** Parsed JSON when the server said JSON (or the text parses as JSON), else the raw text. */
  body: unknown;
  response: Response;
  /** What the caller sent, so an interpreter can scrub user-supplied secrets from vendor messages. */
  input: InvokeInput;
}

export interface InvokerConfig<Ops extends Record<string, OperationMeta>> {
  api: string;
  operations: Ops;
  schemaDocument: JsonSchema;
  // biome-ignore lint/suspicious/noExplicitAny: the invoker is path-agnostic; typed methods live in each client.
  client: Client<any>;
  /** The client's base URL, only to name it in NetworkError messages. */
  baseUrl?: string;
  /** Default per-call timeout; 0 or undefined = none. */
  timeoutMs?: number;
  /** Extra attempts for idempotent operations after a network error or 502/503/504. Never for others. */
  retries?: number;
  /** Turns an exchange into the call's result, or throws the vendor's ApiError subclass. */
  interpret: (exchange: Exchange<Ops[keyof Ops]>) => unknown;
}

export interface InvokeInput {
  body?: unknown;
  params?: RequestParams;
}

const RETRYABLE_STATUS = new Set([502, 503, 504]);

function parseBody(text: string, response: Response): unknown {
  if (text === "") return undefined;
  const type = response.headers.get("content-type") ?? "";
  try {
    return JSON.parse(text);
  } catch (error) {
    if (type.includes("json")) {
      throw new UserctlError(
        `server sent invalid JSON (HTTP ${response.status}): ${(error as Error).message}`,
      );
    }
    return text; // plain-text bodies, e.g. a gateway's 403
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one place every client sends through: validate against the spec, apply timeout and cancellation,
 * retry only what is idempotent, translate transport failures, and hand the answer to the vendor's interpreter.
 */
export function createInvoker<Ops extends Record<string, OperationMeta>>(config: InvokerConfig<Ops>) {
  const validator = createRequestValidator(config.schemaDocument);
  const baseTimeout = config.timeoutMs ?? 0;
  const retries = Math.max(0, config.retries ?? 0);

  return async function invoke(
    operationId: keyof Ops & string,
    input: InvokeInput = {},
    options: CallOptions = {},
  ): Promise<unknown> {
    const op = config.operations[operationId];
    if (!op) throw new UserctlError(`${config.api}: unknown operation ${operationId}`);
    validator.validate(op, input);

    const timeoutMs = options.timeoutMs ?? baseTimeout;
    const attempts = op.idempotent ? retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      const timeout = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
      const signals = [timeout, options.signal].filter((s): s is AbortSignal => s !== undefined);
      const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
      let result: { response: Response; data?: unknown; error?: unknown };
      try {
        result = await config.client.request(op.method, op.path, {
          params: input.params ?? {},
          body: input.body,
          headers: options.headers,
          signal,
          parseAs: "text",
        });
      } catch (error) {
        if (timeout?.aborted) throw new TimeoutError(operationId, timeoutMs);
        if (options.signal?.aborted) throw options.signal.reason ?? error;
        if (error instanceof UserctlError) throw error; // raised by a vendor middleware (e.g. dry-run capture)
        if (attempt < attempts) {
          await sleep(100 * 2 ** (attempt - 1));
          continue;
        }
        throw new NetworkError(operationId, `${config.baseUrl ?? ""}${op.path}`, error);
      }
      const { response } = result;
      if (RETRYABLE_STATUS.has(response.status) && attempt < attempts) {
        await sleep(100 * 2 ** (attempt - 1));
        continue;
      }
      const raw = response.ok ? result.data : result.error;
      const body = typeof raw === "string" ? parseBody(raw, response) : raw;
      return config.interpret({ op: op as Ops[keyof Ops], status: response.status, body, response, input });
    }
  };
}
