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
import { MilvusError } from "./errors.js";
import { type OperationId, operations } from "./generated/operations.js";
import type { operations as OperationTypes, paths } from "./generated/schema.js";
import { validators } from "./generated/validators.js";

/** The JSON body an operation takes. */
export type MilvusRequest<Op extends OperationId> =
  OperationTypes[Op]["requestBody"]["content"]["application/json"];
/** The success envelope (`code: 0`) an operation resolves to; error envelopes are thrown as MilvusError. */
export type MilvusResponse<Op extends OperationId> = Extract<
  OperationTypes[Op]["responses"][200]["content"]["application/json"],
  { code: 0 }
>;

/**
 * Which name and password rules are checked before sending:
 * - `server` (default): the open-source server's own limits, which the spec's schemas state (password of 6 to 72
 *   UTF-8 bytes with no character classes; a name of letters, digits, `_`, `.` and `-`, starting with a letter).
 * - `zilliz-cloud`: the Zilliz Cloud documents' stricter rules, from each schema's `x-zilliz-cloud-policy`
 *   (password of 8 to 64 characters with 3 of 4 character classes; a name of letters, digits and `_` only).
 */
export type PasswordPolicy = "server" | "zilliz-cloud";

/** The accepted `passwordPolicy` values, for option parsers (the CLI's `--password-policy`). */
export const PASSWORD_POLICIES: readonly PasswordPolicy[] = ["server", "zilliz-cloud"];

interface CommonOptions {
  /** Base URL of the cluster, e.g. `https://in01-xxx.api.gcp-us-west1.zillizcloud.com` or `http://localhost:19530`. */
  endpoint: string;
  /** Client-side timeout per call in ms (AbortSignal), also sent as `Request-Timeout` (ceil seconds). 0/undefined = none. */
  timeoutMs?: number;
  /**
   * The database for calls that name none. Sent as the `DB-Name` header on every call; for grantPrivilegeV2 and
   * revokePrivilegeV2, which ignore that header and read only the body, it is also put in the body's `dbName`
   * when the caller gives none.
   */
  dbName?: string;
  passwordPolicy?: PasswordPolicy;
  /** Extra attempts for idempotent operations (list, describe, dropUser, alterRole) on network errors and 502/503/504. */
  retries?: number;
  userAgent?: string;
  fetch?: typeof fetch;
}

/**
 * Credentials: a Zilliz Cloud API key or `user:password` as `token`, or `user` + `password` (sent as the Bearer
 * token `user:password`). Neither: no Authorization header, for open-source Milvus with authentication off.
 */
export type MilvusClientOptions = CommonOptions &
  (
    | { token: string; user?: undefined; password?: undefined }
    | { user: string; password: string; token?: undefined }
    | { token?: undefined; user?: undefined; password?: undefined }
  );

type Method<Op extends OperationId> = (
  body: MilvusRequest<Op>,
  options?: CallOptions,
) => Promise<MilvusResponse<Op>>;
type ListMethod<Op extends OperationId> = (
  body?: MilvusRequest<Op>,
  options?: CallOptions,
) => Promise<MilvusResponse<Op>>;

/** One method per operationId of specs/milvus, plus `raw` (the underlying openapi-fetch client). */
export type MilvusClient = { [Op in Exclude<OperationId, "listUsers" | "listRoles">]: Method<Op> } & {
  listUsers: ListMethod<"listUsers">;
  listRoles: ListMethod<"listRoles">;
  /** The openapi-fetch client with auth, User-Agent and DB-Name middleware, for calls the methods do not cover. */
  raw: Client<paths>;
  readonly endpoint: string;
};

/** Checks the options and returns the endpoint without a trailing slash. */
function checkOptions(options: MilvusClientOptions): string {
  if (!options || typeof options !== "object") throw new ValidationError("options", "are required");
  const endpoint = checkEndpoint("endpoint", options.endpoint);
  if (options.token !== undefined && (options.user !== undefined || options.password !== undefined)) {
    throw new ValidationError("token", "give either token or user and password, not both");
  }
  if (options.token !== undefined && (typeof options.token !== "string" || options.token === "")) {
    throw new ValidationError("token", "must be a non-empty string");
  }
  // Credentials go into the Authorization header: a line break would make fetch fail later, quoting the value.
  if (options.token !== undefined) checkHeaderSecret("token", options.token);
  if (options.user !== undefined || options.password !== undefined) {
    if (typeof options.user !== "string" || options.user === "") {
      throw new ValidationError("user", "must be a non-empty string when a password is given");
    }
    if (options.user.includes(":")) throw new ValidationError("user", "must not contain ':'");
    if (typeof options.password !== "string" || options.password === "") {
      throw new ValidationError("password", "must be a non-empty string when a user is given");
    }
    checkHeaderSecret("user", options.user);
    checkHeaderSecret("password", options.password);
  }
  const policy = options.passwordPolicy ?? "server";
  if (!PASSWORD_POLICIES.includes(policy)) {
    throw new ValidationError("passwordPolicy", 'must be "server" or "zilliz-cloud"');
  }
  if (options.dbName !== undefined && (typeof options.dbName !== "string" || options.dbName === "")) {
    throw new ValidationError("dbName", "must be a non-empty string");
  }
  return endpoint;
}

/** The Request-Timeout header value: the client timeout rounded up to whole seconds (the server reads seconds). */
export function requestTimeoutSeconds(timeoutMs: number | undefined): number | undefined {
  if (!timeoutMs || timeoutMs <= 0) return undefined;
  return Math.max(1, Math.ceil(timeoutMs / 1000));
}

/** Operations whose server reads `dbName` only from the body (GrantV2Req), never from the `DB-Name` header. */
const BODY_ONLY_DB_NAME: ReadonlySet<OperationId> = new Set(["grantPrivilegeV2", "revokePrivilegeV2"]);

/** Create a client for the Milvus / Zilliz Cloud REST v2 user and role operations. */
export function createMilvusClient(options: MilvusClientOptions): MilvusClient {
  const endpoint = checkOptions(options);
  const token =
    options.token ?? (options.user !== undefined ? `${options.user}:${options.password}` : undefined);

  // The headers every request carries, worked out once: the `raw` middleware and the typed methods' direct path
  // set the same ones, after the caller's. DB-Name is only a default: a call's own DB-Name header wins.
  const fixedHeaders: ReadonlyArray<readonly [name: string, lowerCase: string, value: string]> = [
    ...(token !== undefined ? [["Authorization", "authorization", `Bearer ${token}`] as const] : []),
    ["User-Agent", "user-agent", options.userAgent ?? "userctl-milvus"],
  ];
  const defaultDbName = options.dbName;
  const middleware: Middleware = {
    onRequest({ request }) {
      for (const [name, , value] of fixedHeaders) request.headers.set(name, value);
      if (defaultDbName !== undefined && !request.headers.has("DB-Name")) {
        request.headers.set("DB-Name", defaultDbName);
      }
      return request;
    },
  };
  const raw = createClient<paths>({
    baseUrl: endpoint,
    ...(options.fetch ? { fetch: options.fetch as (input: Request) => Promise<Response> } : {}),
  });
  raw.use(middleware);

  const interpret = ({ op, status, body }: Exchange<OperationMeta>): unknown => {
    // No redaction here: the invoker removes the client's secrets and the body's password fields from every error.
    if (body && typeof body === "object" && typeof (body as { code?: unknown }).code === "number") {
      const envelope = body as { code: number; message?: unknown };
      if (envelope.code === 0 && status >= 200 && status < 300) return body;
      throw new MilvusError({
        operationId: op.operationId,
        httpStatus: status,
        code: envelope.code,
        vendorMessage: typeof envelope.message === "string" ? envelope.message : `HTTP ${status}`,
      });
    }
    // Not an envelope (gin's plain-text 404, a proxy's 500 page, an HTML 200, Prism's own 401/422): code
    // `HTTP_<status>`, never a Milvus code, so the error table is not consulted.
    throw new MilvusError({
      operationId: op.operationId,
      httpStatus: status,
      ...foreignResponse(status, body),
    });
  };

  const policy = options.passwordPolicy ?? "server";
  const invoke = createInvoker({
    api: "milvus",
    operations,
    // With `zilliz-cloud`, the same validators compiled with each schema's `x-zilliz-cloud-policy` laid over it
    // (codegen --overlay), imported at the first call: a client loads only the table it uses (half the module).
    validators:
      policy === "zilliz-cloud"
        ? () => import("./generated/validators.x-zilliz-cloud-policy.js").then((m) => m.validators)
        : validators,
    client: raw,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    baseUrl: endpoint,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    // A server may echo what it was sent; the invoker also redacts the call's `format: password` body fields.
    secrets: [token, options.password],
    interpret,
    // The typed methods skip openapi-fetch (see client-core's `direct`): the middleware's headers, set here too.
    direct: {
      prepare: (_op, request) => {
        for (const [, name, value] of fixedHeaders) request.headers[name] = value;
        if (defaultDbName !== undefined) request.headers["db-name"] ??= defaultDbName;
        return undefined;
      },
    },
  });

  const call = async (operationId: OperationId, body: unknown, callOptions: CallOptions = {}) => {
    const seconds = requestTimeoutSeconds(callOptions.timeoutMs ?? options.timeoutMs);
    const headers: Record<string, string> = { ...callOptions.headers };
    if (seconds !== undefined) headers["Request-Timeout"] = String(seconds);
    let sent = body;
    if (
      options.dbName !== undefined &&
      BODY_ONLY_DB_NAME.has(operationId) &&
      body &&
      typeof body === "object" &&
      !Array.isArray(body)
    ) {
      // body.dbName ??= options.dbName, on a copy so the caller's object is left alone.
      sent = { ...body, dbName: (body as { dbName?: unknown }).dbName ?? options.dbName };
    }
    return invoke(operationId, { body: sent }, { ...callOptions, headers });
  };

  const client: Record<string, unknown> = { raw, endpoint };
  for (const operationId of Object.keys(operations) as OperationId[]) {
    const defaultBody = operationId === "listUsers" || operationId === "listRoles" ? {} : undefined;
    client[operationId] = (body: unknown = defaultBody, callOptions?: CallOptions) =>
      call(operationId, body, callOptions);
  }
  return client as MilvusClient;
}
