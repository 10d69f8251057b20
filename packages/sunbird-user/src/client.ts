import {
  type CallOptions,
  checkEndpoint,
  checkHeaderSecret,
  createInvoker,
  type Exchange,
  foreignResponse,
  type OperationMeta,
  ValidationError,
} from "@userctl/client-core";
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { GATEWAY_FORBIDDEN, GATEWAY_UNAUTHORIZED, meaningOf, SunbirdError } from "./errors.js";
import { operations as operationTable } from "./generated/operations.js";
import type { operations, paths } from "./generated/schema.js";
import { validators } from "./generated/validators.js";

export type SunbirdOperationId = keyof typeof operationTable;

/** The JSON body an operation takes (generated from the spec). */
export type SunbirdRequestBody<Op extends SunbirdOperationId> = operations[Op] extends {
  requestBody: { content: { "application/json": infer Body } };
}
  ? Body
  : never;

/** The `result` of an operation's success envelope (generated from the spec). */
export type SunbirdResult<Op extends SunbirdOperationId> =
  operations[Op]["responses"][200]["content"]["application/json"]["result"];

/** The whole success envelope `{id, ver, ts, params, responseCode, result}`. */
export type SunbirdEnvelope<Op extends SunbirdOperationId> =
  operations[Op]["responses"][200]["content"]["application/json"];

type HeaderParams<Op extends SunbirdOperationId> = NonNullable<operations[Op]["parameters"]["header"]>;

export interface SunbirdCallOptions extends CallOptions {
  /** `x-request-id` for this call (echoed by the service as `params.msgid`); overrides the client's. */
  requestId?: string;
  /** `x-channel-id` for this call; overrides the client's. */
  channelId?: string;
}

export interface SunbirdClientOptions {
  /** Gateway base URL, e.g. `https://staging.open-sunbird.org` (paths start with `/api/user/...`). */
  baseUrl: string;
  /** The API gateway's consumer token, sent as `Authorization: Bearer <apiKey>` on every call. */
  apiKey: string;
  /** The user's Keycloak access token (`X-Authenticated-User-token`); needed by every operation but `createUser`. */
  userToken?: string;
  /** Per-call timeout in ms (0 or absent = none). */
  timeoutMs?: number;
  /** Extra attempts for idempotent operations (readUser, searchUsers) after a network error or 502/503/504. */
  retries?: number;
  /** Replaces the global fetch (tests, dry-run capture). */
  fetch?: typeof fetch;
  /** Default `x-channel-id` (root organisation channel). */
  channelId?: string;
  /** Default `x-request-id`: a fixed id, or a function called once per request. */
  requestId?: string | (() => string);
  /** `User-Agent` header. */
  userAgent?: string;
}

/** Operations whose security needs only the gateway bearer (no `userToken`), read from the spec. */
export const GATEWAY_TOKEN_ONLY: ReadonlySet<SunbirdOperationId> = new Set(
  (Object.values(operationTable) as OperationMeta[])
    .filter((op) => op.security.every((requirement) => !("userToken" in requirement)))
    .map((op) => op.operationId as SunbirdOperationId),
);

const USER_TOKEN_HEADER = "X-Authenticated-User-token";

/** Every option read here travels in a header, so it must also be free of control characters and line breaks. */
function requireText(field: string, value: unknown): string {
  if (typeof value !== "string") throw new ValidationError(field, "is required");
  if (value.trim() === "") throw new ValidationError(field, "must not be empty");
  return checkHeaderSecret(field, value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const asText = (value: unknown) => (typeof value === "string" ? value : undefined);

/** The exact body of the gateway's policy denial (spec: GatewayDenial schema). */
const GATEWAY_DENIAL_TEXT = "You do not have permission to perform this operation";

/**
 * The gateway's documented policy denial (spec: GatewayForbidden response): HTTP 403 with a plain-text body, or
 * that exact sentence under any content type — deployments' proxies relabel it (text/html) or drop the header.
 */
function isGatewayDenial(status: number, body: unknown, response: Response): boolean {
  if (status !== 403 || typeof body !== "string") return false;
  const type = response.headers.get("content-type") ?? "";
  return type.startsWith("text/plain") || body.trim() === GATEWAY_DENIAL_TEXT;
}

/** The gateway's documented 401 body (spec: GatewayUnauthorized): exactly `{"message": "<text>"}`. */
function isGatewayUnauthorized(body: unknown): body is { message: string } {
  return isRecord(body) && typeof body.message === "string" && Object.keys(body).length === 1;
}

/**
 * Turns one HTTP exchange into the operation's `result`, or a SunbirdError. Secrets are the invoker's job: it
 * redacts the tokens and the body's password fields from the body before this sees it, and from every error.
 */
function interpret({ op, status, body, response }: Exchange<OperationMeta>): unknown {
  const ok = status >= 200 && status < 300;
  const isAuthError = status === 401 || status === 403;
  const base = { operationId: op.operationId, httpStatus: status, isAuthError };

  if (isRecord(body) && isRecord(body.params) && "result" in body) {
    const params = body.params;
    // Old servers/docs use lower-case `success`/`failed`; compare without case.
    const failed = String(params.status ?? "").toUpperCase() === "FAILED";
    if (ok && !failed) return body.result;
    const code = asText(params.err) ?? `HTTP_${status}`;
    // One line, otherwise as sent: shortening or squeezing spaces could change a secret the server echoed
    // (a password with two spaces, say) so that the invoker's redaction no longer finds it.
    const vendorMessage = (asText(params.errmsg) ?? `HTTP ${status}`).replace(/[\r\n]+/g, " ");
    throw new SunbirdError({
      ...base,
      code,
      vendorMessage,
      meaning: meaningOf(code, vendorMessage),
      isAuthError: isAuthError || code === "UOS_0070",
      responseCode: asText(body.responseCode),
      requestId: asText(params.msgid) ?? asText(params.resmsgid),
    });
  }

  // Not the service's envelope: the gateway's documented 401 (Kong's JSON `{message}`) and plain-text 403 keep
  // their own codes; anything else (a proxy's HTML 502, a 200 that is not an envelope) is `HTTP_<status>`.
  if (status === 401 && isGatewayUnauthorized(body)) {
    const vendorMessage = body.message.replace(/[\r\n]+/g, " ");
    throw new SunbirdError({
      ...base,
      code: GATEWAY_UNAUTHORIZED,
      vendorMessage,
      meaning: meaningOf(GATEWAY_UNAUTHORIZED, vendorMessage),
    });
  }
  const foreign = foreignResponse(status, body);
  const code = isGatewayDenial(status, body, response) ? GATEWAY_FORBIDDEN : foreign.code;
  throw new SunbirdError({
    ...base,
    code,
    vendorMessage: foreign.vendorMessage,
    meaning: meaningOf(code, foreign.vendorMessage),
  });
}

/** A typed method: the operation's request body in, the envelope's `result` out. */
type BodyMethod<Op extends SunbirdOperationId> = (
  body: SunbirdRequestBody<Op>,
  callOptions?: SunbirdCallOptions,
) => Promise<SunbirdResult<Op>>;

/** The client `createSunbirdClient` returns: one method per operation, each resolving to the envelope's `result`. */
export interface SunbirdClient {
  /** `POST /api/user/v1/delete` — delete a user (needs both tokens; not retried). */
  deleteUser: BodyMethod<"deleteUser">;
  /** `POST /api/user/v1/create` — create a user (gateway token only; not retried). */
  createUser: BodyMethod<"createUser">;
  /** `GET /api/user/v5/read/{userId}` — read a user's profile. */
  readUser: (
    path: operations["readUser"]["parameters"]["path"],
    callOptions?: SunbirdCallOptions,
  ) => Promise<SunbirdResult<"readUser">>;
  /** `POST /api/user/v1/block` — block (deactivate) a user (not retried). */
  blockUser: BodyMethod<"blockUser">;
  /** `POST /api/user/v1/unblock` — unblock (reactivate) a user (not retried). */
  unblockUser: BodyMethod<"unblockUser">;
  /** `POST /api/user/v1/search` — search users. */
  searchUsers: BodyMethod<"searchUsers">;
  /** The underlying openapi-fetch client (auth middleware installed; no validation or error mapping). */
  raw: Client<paths>;
}

/**
 * A typed client for the Sunbird Lern UserOrg user APIs. Each method is the spec's operationId, takes the
 * spec's request body (or path parameters), validates it before sending, and resolves to the envelope's
 * typed `result`; failures are SunbirdError / ValidationError / NetworkError / TimeoutError.
 */
export function createSunbirdClient(options: SunbirdClientOptions): SunbirdClient {
  if (!isRecord(options)) throw new ValidationError("options", "is required");
  const baseUrl = checkEndpoint("baseUrl", options.baseUrl);
  const apiKey = requireText("apiKey", options.apiKey);
  const userToken = options.userToken === undefined ? undefined : requireText("userToken", options.userToken);
  if (options.channelId !== undefined) requireText("channelId", options.channelId);
  if (typeof options.requestId === "string") requireText("requestId", options.requestId);
  if (options.userAgent !== undefined) requireText("userAgent", options.userAgent);

  const byRoute = new Map<string, OperationMeta>(
    Object.values(operationTable).map((op) => [`${op.method.toUpperCase()} ${op.path}`, op]),
  );

  // Both tokens are set here, never by callers, so they stay out of params, logs and validation errors.
  // Worked out once per operation: the typed methods' direct path and the `raw` middleware set the same headers.
  const authFor = new Map<string, ReadonlyArray<readonly [string, string]>>();
  const authHeaders = (operationId: string | undefined) => {
    let found = operationId === undefined ? undefined : authFor.get(operationId);
    if (!found) {
      const list: Array<readonly [string, string]> = [["Authorization", `Bearer ${apiKey}`]];
      if (operationId && !GATEWAY_TOKEN_ONLY.has(operationId as SunbirdOperationId) && userToken) {
        list.push([USER_TOKEN_HEADER, userToken]);
      }
      if (options.userAgent) list.push(["User-Agent", options.userAgent]);
      found = list;
      if (operationId !== undefined) authFor.set(operationId, found);
    }
    return found;
  };
  const auth: Middleware = {
    onRequest({ request, schemaPath }) {
      const op = byRoute.get(`${request.method} ${schemaPath}`);
      for (const [name, value] of authHeaders(op?.operationId)) request.headers.set(name, value);
      return request;
    },
  };

  const raw: Client<paths> = createClient<paths>({
    baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  raw.use(auth);

  const invoke = createInvoker({
    api: "sunbird-user",
    operations: operationTable,
    validators,
    client: raw,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    baseUrl,
    timeoutMs: options.timeoutMs ?? 0,
    retries: options.retries ?? 0,
    // The invoker redacts these and every `format: password` body field (createUser's password) from errors.
    secrets: [apiKey, userToken],
    interpret,
    direct: {
      prepare(op, request) {
        for (const [name, value] of authHeaders(op.operationId)) request.headers[name.toLowerCase()] = value;
        return undefined;
      },
    },
  });

  function headersFor<Op extends SunbirdOperationId>(operationId: Op, call: SunbirdCallOptions) {
    if (!GATEWAY_TOKEN_ONLY.has(operationId) && !userToken) {
      throw new ValidationError("userToken", `is required for ${operationId} (X-Authenticated-User-token)`);
    }
    const requestId =
      call.requestId ?? (typeof options.requestId === "function" ? options.requestId() : options.requestId);
    const channelId = call.channelId ?? options.channelId;
    const header: HeaderParams<Op> = {};
    // Validated against the spec's header parameters by the invoker, like the body.
    if (requestId !== undefined) header["x-request-id"] = requestId;
    if (channelId !== undefined) header["x-channel-id"] = channelId;
    return header;
  }

  async function call<Op extends SunbirdOperationId>(
    operationId: Op,
    input: { body?: unknown; path?: Record<string, unknown> },
    callOptions: SunbirdCallOptions = {},
  ): Promise<SunbirdResult<Op>> {
    const { requestId: _r, channelId: _c, ...rest } = callOptions;
    const params = {
      header: headersFor(operationId, callOptions),
      ...(input.path ? { path: input.path } : {}),
    };
    const result = await invoke(operationId, { body: input.body, params }, rest);
    return result as SunbirdResult<Op>;
  }

  return {
    /** `POST /api/user/v1/delete` — delete a user (needs both tokens; not retried). */
    deleteUser: (body: SunbirdRequestBody<"deleteUser">, callOptions?: SunbirdCallOptions) =>
      call("deleteUser", { body }, callOptions),
    /** `POST /api/user/v1/create` — create a user (gateway token only; not retried). */
    createUser: (body: SunbirdRequestBody<"createUser">, callOptions?: SunbirdCallOptions) =>
      call("createUser", { body }, callOptions),
    /** `GET /api/user/v5/read/{userId}` — read a user's profile. */
    readUser: (path: operations["readUser"]["parameters"]["path"], callOptions?: SunbirdCallOptions) =>
      call("readUser", { path }, callOptions),
    /** `POST /api/user/v1/block` — block (deactivate) a user (not retried). */
    blockUser: (body: SunbirdRequestBody<"blockUser">, callOptions?: SunbirdCallOptions) =>
      call("blockUser", { body }, callOptions),
    /** `POST /api/user/v1/unblock` — unblock (reactivate) a user (not retried). */
    unblockUser: (body: SunbirdRequestBody<"unblockUser">, callOptions?: SunbirdCallOptions) =>
      call("unblockUser", { body }, callOptions),
    /** `POST /api/user/v1/search` — search users. */
    searchUsers: (body: SunbirdRequestBody<"searchUsers">, callOptions?: SunbirdCallOptions) =>
      call("searchUsers", { body }, callOptions),
    /** The underlying openapi-fetch client (auth middleware installed; no validation or error mapping). */
    raw,
  };
}
