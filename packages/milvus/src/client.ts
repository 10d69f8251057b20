import {
  type CallOptions,
  createInvoker,
  type Exchange,
  type JsonSchema,
  type OperationMeta,
  redact,
  UserctlError,
  ValidationError,
} from "@userctl/client-core";
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { MilvusError } from "./errors.js";
import { type OperationId, operations, schemaDocument } from "./generated/operations.js";
import type { operations as OperationTypes, paths } from "./generated/schema.js";

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
 * - `cloud` (default): the Zilliz Cloud documents' rules as the spec states them (password 8–64 characters with
 *   3 of 4 character classes; name of letters, digits and `_`, starting with a letter).
 * - `server`: the open-source server's own limits, from each schema's `x-server-policy` (password 6–72, names may
 *   also contain `.` and `-`).
 */
export type PasswordPolicy = "cloud" | "server";

interface CommonOptions {
  /** Base URL of the cluster, e.g. `https://in01-xxx.api.gcp-us-west1.zillizcloud.com` or `http://localhost:19530`. */
  endpoint: string;
  /** Client-side timeout per call in ms (AbortSignal), also sent as `Request-Timeout` (ceil seconds). 0/undefined = none. */
  timeoutMs?: number;
  /** Sent as `DB-Name` (the database for calls whose body has no `dbName`). */
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

const SERVER_POLICY = "x-server-policy";

/** The schema document with every schema's `x-server-policy` laid over it (for `passwordPolicy: "server"`). */
function withServerPolicy(doc: JsonSchema): JsonSchema {
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!node || typeof node !== "object") return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = visit(value);
    const overlay = (node as Record<string, unknown>)[SERVER_POLICY];
    if (overlay && typeof overlay === "object") Object.assign(out, overlay);
    return out;
  };
  return visit(doc) as JsonSchema;
}

function checkOptions(options: MilvusClientOptions): URL {
  if (!options || typeof options !== "object") throw new ValidationError("options", "are required");
  let url: URL;
  try {
    url = new URL(options.endpoint);
  } catch {
    throw new ValidationError("endpoint", "must be an http or https URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ValidationError("endpoint", "must be an http or https URL");
  }
  if (url.username || url.password) {
    throw new ValidationError("endpoint", "must not contain credentials (use token or user and password)");
  }
  if (options.token !== undefined && (options.user !== undefined || options.password !== undefined)) {
    throw new ValidationError("token", "give either token or user and password, not both");
  }
  if (options.token !== undefined && (typeof options.token !== "string" || options.token === "")) {
    throw new ValidationError("token", "must be a non-empty string");
  }
  if (options.user !== undefined || options.password !== undefined) {
    if (typeof options.user !== "string" || options.user === "") {
      throw new ValidationError("user", "must be a non-empty string when a password is given");
    }
    if (options.user.includes(":")) throw new ValidationError("user", "must not contain ':'");
    if (typeof options.password !== "string" || options.password === "") {
      throw new ValidationError("password", "must be a non-empty string when a user is given");
    }
  }
  const policy = options.passwordPolicy ?? "cloud";
  if (policy !== "cloud" && policy !== "server") {
    throw new ValidationError("passwordPolicy", 'must be "cloud" or "server"');
  }
  for (const field of ["timeoutMs", "retries"] as const) {
    const value = options[field];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new ValidationError(field, "must be a number >= 0");
    }
  }
  if (options.dbName !== undefined && (typeof options.dbName !== "string" || options.dbName === "")) {
    throw new ValidationError("dbName", "must be a non-empty string");
  }
  return url;
}

/** The Request-Timeout header value: the client timeout rounded up to whole seconds (the server reads seconds). */
export function requestTimeoutSeconds(timeoutMs: number | undefined): number | undefined {
  if (!timeoutMs || timeoutMs <= 0) return undefined;
  return Math.max(1, Math.ceil(timeoutMs / 1000));
}

const SECRET_FIELDS = ["password", "newPassword"] as const;

/** Create a client for the Milvus / Zilliz Cloud REST v2 user and role operations. */
export function createMilvusClient(options: MilvusClientOptions): MilvusClient {
  const url = checkOptions(options);
  const endpoint = url.href.replace(/\/+$/, "");
  const token =
    options.token ?? (options.user !== undefined ? `${options.user}:${options.password}` : undefined);
  const secrets = [token, options.password];

  const middleware: Middleware = {
    onRequest({ request }) {
      if (token !== undefined) request.headers.set("Authorization", `Bearer ${token}`);
      request.headers.set("User-Agent", options.userAgent ?? "userctl-milvus");
      if (options.dbName !== undefined && !request.headers.has("DB-Name")) {
        request.headers.set("DB-Name", options.dbName);
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
    // Messages are redacted per call in `call`, which knows that call's secrets.
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
    // Not an envelope: gin's plain-text 404, a proxy's HTML page, an empty body.
    const text = typeof body === "string" ? body.trim().split("\n")[0]?.slice(0, 200) : "";
    throw new MilvusError({
      operationId: op.operationId,
      httpStatus: status,
      code: status,
      vendorMessage: text || `HTTP ${status} without a Milvus envelope`,
    });
  };

  const policy = options.passwordPolicy ?? "cloud";
  const invoke = createInvoker({
    api: "milvus",
    operations,
    schemaDocument: policy === "server" ? withServerPolicy(schemaDocument) : schemaDocument,
    client: raw,
    baseUrl: endpoint,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    interpret,
  });

  const call = async (operationId: OperationId, body: unknown, callOptions: CallOptions = {}) => {
    const seconds = requestTimeoutSeconds(callOptions.timeoutMs ?? options.timeoutMs);
    const headers: Record<string, string> = { ...callOptions.headers };
    if (seconds !== undefined) headers["Request-Timeout"] = String(seconds);
    const bodySecrets =
      body && typeof body === "object"
        ? SECRET_FIELDS.map((f) => (body as Record<string, unknown>)[f]).filter((v) => typeof v === "string")
        : [];
    try {
      return await invoke(operationId, { body }, { ...callOptions, headers });
    } catch (error) {
      // A server may echo what it was sent; never let the token or a password of this call through.
      const callSecrets = [...secrets, ...(bodySecrets as string[])];
      if (error instanceof MilvusError) {
        const vendorMessage = redact(error.vendorMessage, callSecrets);
        if (vendorMessage !== error.vendorMessage) {
          const { operationId: id, httpStatus, code } = error;
          throw new MilvusError({ operationId: id, httpStatus, code, vendorMessage });
        }
      } else if (error instanceof UserctlError) {
        const text = redact(error.message, callSecrets);
        if (text !== error.message) error.message = text;
      }
      throw error;
    }
  };

  const client: Record<string, unknown> = { raw, endpoint };
  for (const operationId of Object.keys(operations) as OperationId[]) {
    const defaultBody = operationId === "listUsers" || operationId === "listRoles" ? {} : undefined;
    client[operationId] = (body: unknown = defaultBody, callOptions?: CallOptions) =>
      call(operationId, body, callOptions);
  }
  return client as MilvusClient;
}
