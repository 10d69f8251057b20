import { type Client, createFinalURL, createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import { ApiError, NetworkError, TimeoutError, UserctlError, ValidationError } from "./errors.js";
import { LightRequest, sendLight } from "./light-request.js";
import { redact } from "./redact.js";
import type { CallOptions, OperationMeta, RequestParams } from "./types.js";
import { type OperationValidators, type RequestValidator, requestValidator } from "./validation.js";

/** What a vendor client's `interpret` sees of one HTTP exchange. */
export interface Exchange<Op extends OperationMeta = OperationMeta> {
  op: Op;
  status: number;
  /** Parsed JSON when the server said JSON (or the text parses as JSON), else the raw text. */
  body: unknown;
  response: Response;
  /** What the caller sent. */
  input: InvokeInput;
}

/** One request of the direct path (see `InvokerConfig.direct`), before the vendor's `prepare` finishes it. */
export interface DirectRequest {
  /** Upper-case. */
  method: string;
  /** The client's base URL and the operation's path, path parameters filled in; no query yet. */
  url: string;
  /** The caller's parameters, query not yet serialized. */
  params: RequestParams;
  /** Lower-case names; `prepare` may add to them (auth). */
  headers: Record<string, string>;
  /** The JSON text sent (and, for a signature, hashed). */
  body: string | undefined;
}

export interface DirectSend {
  /** Headers every request carries (what the openapi-fetch client was given as `headers`). */
  headers?: Record<string, string>;
  /**
   * Adds what the vendor's middleware on `client` adds (auth headers, a signature) and may return the URL to send
   * to, query included (a signed one); otherwise the query is serialized as openapi-fetch does.
   */
  prepare?: (op: OperationMeta, request: DirectRequest) => string | undefined;
  /** Called with every answer (e.g. a log line); not with network errors. */
  onResponse?: (request: DirectRequest, response: Response) => void;
}

export interface InvokerConfig<Ops extends Record<string, OperationMeta>> {
  api: string;
  operations: Ops;
  /**
   * Each operation's compiled validators: codegen's `generated/validators.js`, or `compileValidators`. Or a function
   * that imports them, called at the first call: a client that picks one of several tables (Milvus's password
   * policies) then loads only the one it uses.
   */
  validators: OperationValidators | (() => Promise<OperationValidators>);
  // biome-ignore lint/suspicious/noExplicitAny: the invoker is path-agnostic; typed methods live in each client.
  client: Client<any>;
  /**
   * The fetch the client was given (tests, dry-run capture), else the global one. Called as fetch(url, init):
   * the invoker sends openapi-fetch's request through it without building a WHATWG Request first.
   */
  fetch?: typeof fetch;
  /** The client's base URL: where the direct path sends, and named in NetworkError messages. */
  baseUrl?: string;
  /** Default per-call timeout; 0 or undefined = none. */
  timeoutMs?: number;
  /** Extra attempts for idempotent operations after a network error or 502/503/504. Never for others. */
  retries?: number;
  /**
   * The client's own secrets (tokens, keys, passwords). They, and every body field the spec marks
   * `format: password`, are redacted from every error this invoker lets out.
   */
  secrets?: ReadonlyArray<string | undefined>;
  /** Turns an exchange into the call's result, or throws the vendor's ApiError subclass. */
  interpret: (exchange: Exchange<Ops[keyof Ops]>) => unknown;
  /**
   * Send the operations without openapi-fetch: one fetch(url, init) with a plain header object, URL and path
   * parameters from openapi-fetch's own serializers. openapi-fetch's per-call header merges (two Headers), Request
   * and middleware loop were most of a client's own per-call cost in a profile (issue 12); a signing middleware also
   * had to parse the query back out of the URL. `client` then serves only the client's `raw` calls, so whatever
   * its middleware does must be done here too (`headers`, `prepare`).
   */
  direct?: DirectSend;
}

export interface InvokeInput {
  body?: unknown;
  params?: RequestParams;
}

const RETRYABLE_STATUS = new Set([502, 503, 504]);

/** openapi-fetch's default query serialization (form, exploded), made once rather than per call. */
const defaultQuery = createQuerySerializer();

/** Adds `from` to `to` under lower-case names, with openapi-fetch's mergeHeaders rules (null removes). */
function addHeaders(to: Record<string, string>, from: Record<string, unknown> | undefined): void {
  if (!from) return;
  for (const name in from) {
    const value = from[name];
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (value === null) delete to[key];
    else to[key] = Array.isArray(value) ? value.join(", ") : String(value);
  }
}

function parseBody(text: string, response: Response): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    // The content type is looked at only when the text is not JSON.
    if ((response.headers.get("content-type") ?? "").includes("json")) {
      throw new UserctlError(
        `server sent invalid JSON (HTTP ${response.status}): ${(error as Error).message}`,
      );
    }
    return text; // plain-text bodies, e.g. a gateway's 403
  }
}

/** Waits, but gives up as soon as the call's deadline or the caller's signal fires. */
function backoff(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Settle with the request or reject when the signal fires, whichever comes first. The signal is also handed to
 * fetch, but on Node 20 a signal passed through `new Request()` (openapi-fetch always builds one) can stop
 * reaching undici after a garbage collection (nodejs/node#55428), and the call would then never time out.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** The values of the body's password fields (dotted paths from codegen's `secretFields`). */
function secretValues(op: OperationMeta, body: unknown): string[] {
  const values: string[] = [];
  for (const path of op.secretFields) {
    let node: unknown = body;
    for (const key of path.split("."))
      node = node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
    if (typeof node === "string") values.push(node);
  }
  return values;
}

/**
 * Redact secrets from every string of a parsed body before a vendor sees it: an interpreter may reshape,
 * collapse or cut a message (e.g. to 200 characters), after which a secret could no longer be found whole.
 */
function redactDeep(value: unknown, secrets: ReadonlyArray<string | undefined>): unknown {
  if (typeof value === "string") return redact(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, secrets));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = redactDeep(item, secrets);
    return out;
  }
  return value;
}

/**
 * Redact secrets from an error in place, keeping its class and fields: the message, the vendor message, the stack
 * (it repeats the original message) and every error in its `cause` chain (undici's causes quote header values).
 */
function scrub(error: unknown, secrets: ReadonlyArray<string | undefined>): unknown {
  for (
    let current = error, depth = 0;
    current instanceof Error && depth < 8;
    current = current.cause, depth++
  ) {
    current.message = redact(current.message, secrets);
    if (current.stack) current.stack = redact(current.stack, secrets);
    if (current instanceof ApiError) {
      (current as { vendorMessage: string }).vendorMessage = redact(current.vendorMessage, secrets);
    }
  }
  return error;
}

/**
 * The one place every client sends through: validate against the spec, apply timeout and cancellation,
 * retry only what is idempotent, translate transport failures, hand the answer to the vendor's interpreter,
 * and make sure no secret leaves in an error.
 */
/** `timeoutMs` and `retries` come straight from users' options: whole numbers, never negative. */
function checkCount(field: string, value: number | undefined): number {
  if (value === undefined) return 0;
  if (!(Number.isInteger(value) && value >= 0))
    throw new ValidationError(field, "must be a whole number ≥ 0");
  return value;
}

export function createInvoker<Ops extends Record<string, OperationMeta>>(config: InvokerConfig<Ops>) {
  const given = config.validators;
  let validator = typeof given === "function" ? undefined : requestValidator(given);
  let loading: Promise<RequestValidator> | undefined;
  const loadValidator = async (load: () => Promise<OperationValidators>) => {
    loading ??= load().then(requestValidator);
    validator = await loading;
    return validator;
  };
  const baseTimeout = checkCount("timeoutMs", config.timeoutMs);
  // Looked up per call when not given, so a fetch replaced after the client was made (tests) is honoured.
  const fetchNow = (input: string, init: RequestInit) => (config.fetch ?? globalThis.fetch)(input, init);
  const send = sendLight(fetchNow);
  const retries = checkCount("retries", config.retries);
  const direct = config.direct;

  /** One attempt on the direct path; the same result shape as openapi-fetch's with `parseAs: "text"`. */
  async function sendDirect(
    op: Ops[keyof Ops],
    input: InvokeInput,
    options: CallOptions,
    signal: AbortSignal | undefined,
    hooks: DirectSend,
  ): Promise<{ response: Response; data?: unknown; error?: unknown }> {
    const params = input.params ?? {};
    const body = input.body === undefined ? undefined : JSON.stringify(input.body);
    const headers: Record<string, string> = body === undefined ? {} : { "content-type": "application/json" };
    addHeaders(headers, hooks.headers);
    addHeaders(headers, options.headers);
    addHeaders(headers, params.header);
    const request: DirectRequest = {
      method: op.method.toUpperCase(),
      url: `${config.baseUrl ?? ""}${params.path ? defaultPathSerializer(op.path, params.path) : op.path}`,
      params,
      headers,
      body,
    };
    const url =
      hooks.prepare?.(op, request) ??
      createFinalURL("", {
        baseUrl: request.url,
        params: { query: params.query },
        querySerializer: defaultQuery,
        pathSerializer: defaultPathSerializer,
      });
    const init: RequestInit = { method: request.method, headers: request.headers, redirect: "follow" };
    if (request.body !== undefined) init.body = request.body;
    if (signal) init.signal = signal;
    const response = await fetchNow(url, init);
    hooks.onResponse?.(request, response);
    const text = await response.text();
    return response.ok ? { response, data: text } : { response, error: text };
  }

  async function withDeadline(
    op: Ops[keyof Ops],
    input: InvokeInput,
    options: CallOptions,
    secrets: () => ReadonlyArray<string | undefined>,
  ): Promise<unknown> {
    const timeoutMs =
      options.timeoutMs === undefined ? baseTimeout : checkCount("timeoutMs", options.timeoutMs);
    // One deadline for the whole call, retries and back-off included. A timer cleared when the call ends rather
    // than AbortSignal.timeout, whose timer outlives every call (a bulk run would hold thousands of them).
    const deadlineController = timeoutMs > 0 ? new AbortController() : undefined;
    const timer = deadlineController
      ? setTimeout(
          () => deadlineController.abort(new DOMException("The operation timed out.", "TimeoutError")),
          timeoutMs,
        )
      : undefined;
    timer?.unref(); // like AbortSignal.timeout: a deadline alone never keeps the process alive
    const deadline = deadlineController?.signal;
    try {
      return await attemptAll(op, input, options, secrets, timeoutMs, deadline);
    } finally {
      clearTimeout(timer);
    }
  }

  async function attemptAll(
    op: Ops[keyof Ops],
    input: InvokeInput,
    options: CallOptions,
    secrets: () => ReadonlyArray<string | undefined>,
    timeoutMs: number,
    deadline: AbortSignal | undefined,
  ): Promise<unknown> {
    const operationId = op.operationId;
    const signal =
      deadline && options.signal ? AbortSignal.any([deadline, options.signal]) : (deadline ?? options.signal);
    const cancelled = (error: unknown) => {
      if (deadline?.aborted) return new TimeoutError(operationId, timeoutMs);
      if (options.signal?.aborted) return options.signal.reason ?? error;
      return undefined;
    };
    const attempts = op.idempotent ? retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      let result: { response: Response; data?: unknown; error?: unknown };
      try {
        result = await untilAborted(
          direct
            ? sendDirect(op, input, options, signal, direct)
            : config.client.request(op.method, op.path, {
                params: input.params ?? {},
                body: input.body,
                headers: options.headers,
                signal,
                parseAs: "text",
                // One fetch(url, init) per attempt instead of two WHATWG Requests (see light-request.ts).
                Request: LightRequest as unknown as typeof Request,
                fetch: send as unknown as (input: Request) => Promise<Response>,
              }),
          signal,
        );
      } catch (error) {
        const stop = cancelled(error);
        if (stop) throw stop;
        if (error instanceof UserctlError) throw error; // raised by a vendor middleware (e.g. dry-run capture)
        if (attempt < attempts) {
          await backoff(100 * 2 ** (attempt - 1), signal).catch((e) => {
            throw cancelled(e) ?? e;
          });
          continue;
        }
        throw new NetworkError(operationId, `${config.baseUrl ?? ""}${op.path}`, error);
      }
      const { response } = result;
      if (RETRYABLE_STATUS.has(response.status) && attempt < attempts) {
        await backoff(100 * 2 ** (attempt - 1), signal).catch((e) => {
          throw cancelled(e) ?? e;
        });
        continue;
      }
      const raw = response.ok ? result.data : result.error;
      const body = typeof raw === "string" ? parseBody(raw, response) : raw;
      const exchange = { op, status: response.status, body, response, input };
      if (!response.ok) return config.interpret({ ...exchange, body: redactDeep(body, secrets()) });
      try {
        return config.interpret(exchange);
      } catch {
        // A 2xx the vendor calls a failure (Milvus sends errors with HTTP 200). Only then is redaction paid
        // for: interpret is pure, so it runs again on the redacted body and throws the same error, made from
        // text that no longer holds a secret whole (an interpreter may cut or reshape it).
        return config.interpret({ ...exchange, body: redactDeep(body, secrets()) });
      }
    }
  }

  return async function invoke(
    operationId: keyof Ops & string,
    input: InvokeInput = {},
    options: CallOptions = {},
  ): Promise<unknown> {
    const op = config.operations[operationId];
    if (!op) throw new UserctlError(`${config.api}: unknown operation ${operationId}`);
    // Worked out only when something failed: a successful call does no redaction work at all.
    const secrets = () => [...(config.secrets ?? []), ...secretValues(op, input.body)];
    try {
      (validator ?? (await loadValidator(given as () => Promise<OperationValidators>))).validate(op, input);
      return await withDeadline(op as Ops[keyof Ops], input, options, secrets);
    } catch (error) {
      throw scrub(error, secrets());
    }
  };
}
