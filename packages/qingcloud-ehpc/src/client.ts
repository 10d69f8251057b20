import {
  type CallOptions,
  checkEndpoint,
  createInvoker,
  type Exchange,
  foreignResponse,
  type InvokeInput,
  redact,
  ValidationError,
} from "@userctl/client-core";
import createClient, { type Client } from "openapi-fetch";
import { EhpcError } from "./errors.js";
import { type OperationId, operations as operationTable } from "./generated/operations.js";
import type { operations, paths } from "./generated/schema.js";
import { validators } from "./generated/validators.js";
import {
  type ClientManagedParam,
  createSigner,
  createSigningMiddleware,
  type QueryEncoding,
  type QueryInput,
  type SignatureEncoding,
  type SignedUriStyle,
} from "./signing.js";

/** `zone` defaults to the client's zone, so callers may leave it out of a body or query. */
type ZoneOptional<T> = Omit<T, "zone"> & { zone?: string };

/** The operations that send a JSON body (POST); the others take their input as query parameters. */
type BodyOperationId = {
  [Op in OperationId]: operations[Op] extends { requestBody: { content: { "application/json": unknown } } }
    ? Op
    : never;
}[OperationId];

/** What the caller passes: the JSON body, or the query without the parameters the signer fills in. */
export type EhpcInput<Op extends OperationId> = Op extends BodyOperationId
  ? ZoneOptional<operations[Op]["requestBody"]["content"]["application/json"]>
  : ZoneOptional<Omit<NonNullable<operations[Op]["parameters"]["query"]>, ClientManagedParam>>;

/** A call's result: the spec's 200 answer with `ret_code` 0 (every other answer is thrown as EhpcError). */
export type EhpcResult<Op extends OperationId> = Extract<
  operations[Op]["responses"][200]["content"]["application/json"],
  { ret_code: 0 }
>;

export type AddUserInput = EhpcInput<"addUser">;
export type DeleteUserInput = EhpcInput<"deleteUser">;
export type ModifyUserInput = EhpcInput<"modifyUser">;
export type ListUsersInput = EhpcInput<"listUsers">;
export type AddUserResult = EhpcResult<"addUser">;
export type DeleteUserResult = EhpcResult<"deleteUser">;
export type ModifyUserResult = EhpcResult<"modifyUser">;
export type ListUsersResult = EhpcResult<"listUsers">;

export interface EhpcClientOptions {
  /** Base URL without `/api`, e.g. `https://hpc-api.qingcloud.com`. */
  endpoint: string;
  accessKeyId: string;
  /** Used only to compute HMACs; never sent, logged or put in an error. */
  secretAccessKey: string;
  /** Default zone for every call (a call's own `zone` wins). */
  zone: string;
  /** Per-call timeout in ms (0 = none). Default 30 000. */
  timeoutMs?: number;
  /** Extra attempts for idempotent operations (listUsers) after a network error or 502/503/504. Default 0. */
  retries?: number;
  userAgent?: string;
  /** Clock for the `timestamp` parameter (tests, dry-run). */
  now?: () => Date;
  fetch?: typeof fetch;
  /** See `SignatureEncoding`; default "double", as the EHPC docs show. */
  signatureEncoding?: SignatureEncoding;
  /** See `SignedUriStyle`; default "trailing-slash", as the EHPC worked example signs. */
  signedUri?: SignedUriStyle;
  /** See `QueryEncoding`; default "rfc3986" (space as %20), as the page's step 2 says. */
  queryEncoding?: QueryEncoding;
  /** Receives one line per request and response (method, URL with signature, status); never the secret. */
  logger?: (line: string) => void;
}

/** One method per operationId of the spec; query-only operations may be called without input. */
export type EhpcMethods = {
  [Op in OperationId]: Op extends BodyOperationId
    ? (input: EhpcInput<Op>, callOptions?: CallOptions) => Promise<EhpcResult<Op>>
    : (input?: EhpcInput<Op>, callOptions?: CallOptions) => Promise<EhpcResult<Op>>;
};

export type EhpcClient = EhpcMethods & {
  /** The signed openapi-fetch client, for calls the methods above do not cover. */
  readonly raw: Client<paths>;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function requireText(value: unknown, field: string): string {
  if (typeof value !== "string" || value.trim() === "") throw new ValidationError(field, "is required");
  return value;
}

export function createEhpcClient(options: EhpcClientOptions): EhpcClient {
  const endpoint = checkEndpoint("endpoint", options.endpoint);
  const accessKeyId = requireText(options.accessKeyId, "accessKeyId");
  const secretAccessKey = requireText(options.secretAccessKey, "secretAccessKey");
  const zone = requireText(options.zone, "zone");
  // Errors are redacted by the invoker (`secrets`); log lines do not pass through it.
  const log = options.logger
    ? (line: string) => options.logger?.(redact(line, [secretAccessKey]))
    : undefined;

  const raw = createClient<paths>({
    baseUrl: endpoint,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.userAgent ? { headers: { "User-Agent": options.userAgent } } : {}),
  });
  const signing = {
    accessKeyId,
    secretAccessKey,
    zone,
    ...(options.now ? { now: options.now } : {}),
    ...(options.signatureEncoding ? { signatureEncoding: options.signatureEncoding } : {}),
    ...(options.signedUri ? { signedUri: options.signedUri } : {}),
    ...(options.queryEncoding ? { queryEncoding: options.queryEncoding } : {}),
    ...(log
      ? { onSigned: ({ method, url }: { method: string; url: string }) => log(`→ ${method} ${url}`) }
      : {}),
  };
  raw.use(createSigningMiddleware(signing));
  const logResponse = log
    ? (method: string, url: string, status: number) => log(`← ${status} ${method} ${new URL(url).pathname}`)
    : undefined;
  if (logResponse) {
    raw.use({
      onResponse({ request, response }) {
        logResponse(request.method, request.url, response.status);
      },
    });
  }
  // The typed methods sign on the invoker's direct path (no openapi-fetch Request to parse the query back from).
  const signTarget = createSigner(signing);

  const interpret = ({ op, status, body }: Exchange): unknown => {
    if (isRecord(body) && typeof body.ret_code === "number") {
      if (body.ret_code === 0 && status >= 200 && status < 300) return body;
      throw new EhpcError({
        operationId: op.operationId,
        httpStatus: status,
        code: body.ret_code,
        vendorMessage: typeof body.message === "string" ? body.message : `ret_code ${body.ret_code}`,
      });
    }
    // Not an EHPC answer at all: a proxy's page, or Prism refusing the request (422) or its signature (401).
    throw new EhpcError({
      operationId: op.operationId,
      httpStatus: status,
      ...foreignResponse(status, body),
      isAuthError: status === 401 || status === 403,
    });
  };

  const invoke = createInvoker({
    api: "qingcloud-ehpc",
    operations: operationTable,
    validators,
    client: raw,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    baseUrl: endpoint,
    timeoutMs: options.timeoutMs ?? 30_000,
    retries: options.retries ?? 0,
    // The invoker also redacts every `format: password` body field (addUser `password`, modifyUser `new_password`).
    secrets: [secretAccessKey],
    interpret,
    direct: {
      ...(options.userAgent ? { headers: { "User-Agent": options.userAgent } } : {}),
      prepare: (_op, request) =>
        signTarget(request.method, request.url, (request.params.query ?? {}) as QueryInput, request.body),
      ...(logResponse
        ? { onResponse: (request, response) => logResponse(request.method, request.url, response.status) }
        : {}),
    },
  });

  // The only unchecked step: `interpret` returns just `ret_code: 0` answers, typed from the operation's own
  // response in the spec, so a spec change changes every method's result type with it.
  const call = async <Op extends OperationId>(
    operationId: Op,
    input: InvokeInput,
    callOptions?: CallOptions,
  ): Promise<EhpcResult<Op>> => (await invoke(operationId, input, callOptions)) as EhpcResult<Op>;

  // POST operations sign `zone` in the query and send it in the body too: both get the same value.
  const post = <Op extends BodyOperationId>(
    operationId: Op,
    input: EhpcInput<Op>,
    callOptions?: CallOptions,
  ) => {
    const body = { ...input, zone: input.zone ?? zone };
    return call(operationId, { body, params: { query: { zone: body.zone } } }, callOptions);
  };

  const methods: EhpcMethods = {
    addUser: (input, callOptions) => post("addUser", input, callOptions),
    modifyUser: (input, callOptions) => post("modifyUser", input, callOptions),
    deleteUser: (input, callOptions) => post("deleteUser", input, callOptions),
    listUsers: (input = {}, callOptions) =>
      call("listUsers", { params: { query: { ...input, zone: input.zone ?? zone } } }, callOptions),
  };
  return { ...methods, raw };
}
