import {
  type CallOptions,
  createInvoker,
  type Exchange,
  redact,
  ValidationError,
} from "@userctl/client-core";
import createClient, { type Client } from "openapi-fetch";
import { EhpcError } from "./errors.js";
import { operations as operationTable, schemaDocument } from "./generated/operations.js";
import type { components, operations, paths } from "./generated/schema.js";
import {
  type ClientManagedParam,
  createSigningMiddleware,
  type SignatureEncoding,
  type SignedUriStyle,
} from "./signing.js";

type Schemas = components["schemas"];
/** `zone` defaults to the client's zone, so callers may leave it out of a body or query. */
type ZoneOptional<T> = Omit<T, "zone"> & { zone?: string };

export type AddUserInput = ZoneOptional<Schemas["AddUserRequest"]>;
export type DeleteUserInput = ZoneOptional<Schemas["DeleteUserRequest"]>;
export type ModifyUserInput = ZoneOptional<Schemas["ModifyUserRequest"]>;
export type ListUsersInput = ZoneOptional<
  Omit<NonNullable<operations["listUsers"]["parameters"]["query"]>, ClientManagedParam>
>;
export type AddUserResult = Schemas["AddUserResponse"];
export type DeleteUserResult = Schemas["DeleteUserResponse"];
export type ModifyUserResult = Schemas["ModifyUserResponse"];
export type ListUsersResult = Schemas["ListUsersResponse"];

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
  /** Receives one line per request and response (method, URL with signature, status); never the secret. */
  logger?: (line: string) => void;
}

export interface EhpcClient {
  addUser(input: AddUserInput, callOptions?: CallOptions): Promise<AddUserResult>;
  listUsers(input?: ListUsersInput, callOptions?: CallOptions): Promise<ListUsersResult>;
  modifyUser(input: ModifyUserInput, callOptions?: CallOptions): Promise<ModifyUserResult>;
  deleteUser(input: DeleteUserInput, callOptions?: CallOptions): Promise<DeleteUserResult>;
  /** The signed openapi-fetch client, for calls the methods above do not cover. */
  readonly raw: Client<paths>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function requireText(value: unknown, field: string): string {
  if (typeof value !== "string" || value.trim() === "") throw new ValidationError(field, "is required");
  return value;
}

function checkEndpoint(endpoint: unknown): string {
  const text = requireText(endpoint, "endpoint");
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError("endpoint", "must be an absolute http(s) URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ValidationError("endpoint", "must be an absolute http(s) URL");
  }
  return text;
}

/** A short, single-line description of a body that is not an EHPC answer (proxy page, Prism problem document). */
function describeForeignBody(body: unknown): string {
  if (isRecord(body)) {
    const parts = [body.title, body.detail].filter((p) => typeof p === "string");
    if (parts.length > 0) return parts.join(": ");
    return "response without ret_code";
  }
  if (typeof body === "string" && body.trim() !== "") return body.trim().split("\n")[0]?.slice(0, 200) ?? "";
  return "empty response";
}

export function createEhpcClient(options: EhpcClientOptions): EhpcClient {
  const endpoint = checkEndpoint(options.endpoint);
  const accessKeyId = requireText(options.accessKeyId, "accessKeyId");
  const secretAccessKey = requireText(options.secretAccessKey, "secretAccessKey");
  const zone = requireText(options.zone, "zone");
  const scrub = (text: string) => redact(text, [secretAccessKey]);
  const log = options.logger ? (line: string) => options.logger?.(scrub(line)) : undefined;

  const raw = createClient<paths>({
    baseUrl: endpoint,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.userAgent ? { headers: { "User-Agent": options.userAgent } } : {}),
  });
  raw.use(
    createSigningMiddleware({
      accessKeyId,
      secretAccessKey,
      zone,
      ...(options.now ? { now: options.now } : {}),
      ...(options.signatureEncoding ? { signatureEncoding: options.signatureEncoding } : {}),
      ...(options.signedUri ? { signedUri: options.signedUri } : {}),
      ...(log
        ? { onSigned: ({ method, url }: { method: string; url: string }) => log(`→ ${method} ${url}`) }
        : {}),
    }),
  );
  if (log) {
    raw.use({
      onResponse({ request, response }) {
        log(`← ${response.status} ${request.method} ${new URL(request.url).pathname}`);
      },
    });
  }

  const interpret = ({ op, status, body }: Exchange): unknown => {
    if (isRecord(body) && typeof body.ret_code === "number") {
      if (body.ret_code === 0 && status >= 200 && status < 300) return body;
      const message = typeof body.message === "string" ? body.message : `ret_code ${body.ret_code}`;
      throw new EhpcError({
        operationId: op.operationId,
        httpStatus: status,
        code: body.ret_code,
        vendorMessage: scrub(message),
      });
    }
    // Not an EHPC answer at all: a proxy's page, or Prism refusing the request (422) or its signature (401).
    throw new EhpcError({
      operationId: op.operationId,
      httpStatus: status,
      code: `HTTP_${status}`,
      vendorMessage: scrub(describeForeignBody(body)),
      meaning: "the server did not answer with an EHPC response",
      isAuthError: status === 401 || status === 403,
    });
  };

  const invoke = createInvoker({
    api: "qingcloud-ehpc",
    operations: operationTable,
    schemaDocument,
    client: raw,
    baseUrl: endpoint,
    timeoutMs: options.timeoutMs ?? 30_000,
    retries: options.retries ?? 0,
    interpret,
  });

  // POST operations sign `zone` in the query and send it in the body too: both get the same value.
  const post = <T>(
    operationId: "addUser" | "modifyUser" | "deleteUser",
    input: { zone?: string },
    call?: CallOptions,
  ) => {
    const body = { ...input, zone: input.zone ?? zone };
    return invoke(operationId, { body, params: { query: { zone: body.zone } } }, call) as Promise<T>;
  };

  return {
    addUser: (input, call) => post<AddUserResult>("addUser", input, call),
    modifyUser: (input, call) => post<ModifyUserResult>("modifyUser", input, call),
    deleteUser: (input, call) => post<DeleteUserResult>("deleteUser", input, call),
    listUsers: (input = {}, call) =>
      invoke(
        "listUsers",
        { params: { query: { ...input, zone: input.zone ?? zone } } },
        call,
      ) as Promise<ListUsersResult>,
    raw,
  };
}
