// QingCloud EHPC request signing (specs/qingcloud-ehpc, security scheme `EhpcSignature`;
// vendor page: yunify/qingcloud-docs content/compute/hpc/api/get_api/signature.md).
//
// The pure functions are exported so the CLI's --dry-run can show exactly what the client would send.
import { createHash, createHmac } from "node:crypto";
import type { Middleware } from "openapi-fetch";
import { type OperationId, operations } from "./generated/operations.js";

/**
 * How the base64 signature is URL-encoded in the query string.
 * - "double": the EHPC page's sample code applies `quote_plus` twice and every EHPC example URL carries
 *   `%252B`/`%252F`/`%253D`, so this is the default.
 * - "single": classic QingCloud IaaS signing (and its SDKs) encode once.
 */
export type SignatureEncoding = "single" | "double";

/**
 * Which uri goes into the string to sign.
 * - "trailing-slash": the request path with a "/" appended; the page's only worked example and its test code
 *   sign `/api/cluster/list/` while requesting `/api/cluster/list`. Default.
 * - "as-sent": the request path exactly as sent.
 */
export type SignedUriStyle = "trailing-slash" | "as-sent";

/**
 * How names and values are percent-encoded in the canonical query (signed and sent alike).
 * - "rfc3986": the page's step 2, space as `%20`. Default.
 * - "form": the page's own sample code, Python's `urllib.parse.urlencode`, which writes a space as `+`.
 * The two differ only for values with spaces (e.g. listUsers `search_word`); which one the server checks is not
 * documented (spec: `x-ehpc-signing.queryEncoding`).
 */
export type QueryEncoding = "rfc3986" | "form";

export const SIGNATURE_METHOD = "HmacSHA256";
export const SIGNATURE_VERSION = "1";
export const API_VERSION = "1";
/** MD5 of the empty string: the body hash of every GET. */
export const EMPTY_BODY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";

/** The spec's `x-client-managed` parameters of any operation (codegen's `clientManagedParams`). */
export type ClientManagedParam = (typeof operations)[OperationId]["clientManagedParams"][number];

/**
 * The query parameters the signer owns; a caller-supplied value for any of them is replaced. Read from the
 * spec, so a parameter the spec hands to the client cannot be forgotten here (a test checks the signer fills
 * exactly these).
 */
export const CLIENT_MANAGED_PARAMS: readonly ClientManagedParam[] = Object.freeze([
  ...new Set(Object.values(operations).flatMap((op) => op.clientManagedParams)),
]);

const MANAGED: ReadonlySet<string> = new Set(CLIENT_MANAGED_PARAMS);

const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;

/** RFC 3986 percent-encoding: only A-Z a-z 0-9 - . _ ~ stay; upper-case hex; space is %20 (never "+"). */
export function encodeRfc3986(value: string): string {
  // Most names and values (every common parameter's) need no encoding at all: checked first, as it is cheaper.
  if (UNRESERVED.test(value)) return value;
  // encodeURIComponent already uses upper-case hex and %20; it leaves !'()* alone, which RFC 3986 reserves.
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** UTC `YYYY-MM-DDThh:mm:ssZ` (no milliseconds), the only timestamp form the docs show. */
export function formatTimestamp(date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError("timestamp: must be a valid date");
  // Calls within the same second share one string (bulk runs sign hundreds a second).
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastTimestamp = `${date.toISOString().slice(0, 19)}Z`;
    lastSecond = second;
  }
  return lastTimestamp;
}
let lastSecond = Number.NaN;
let lastTimestamp = "";

export type QueryInput =
  | Record<string, string | number | boolean | undefined | null>
  | Iterable<[string, string]>;

function entriesOf(params: QueryInput): Array<[string, string]> {
  const source =
    Symbol.iterator in params ? [...(params as Iterable<[string, string]>)] : Object.entries(params);
  const out: Array<[string, string]> = [];
  for (const [name, value] of source) {
    if (value === undefined || value === null) continue;
    out.push([name, String(value)]);
  }
  return out;
}

// Sort by name (then value, for repeated names) in code-unit order, like Python's sorted() on ASCII names.
const byNameThenValue = (
  a: readonly [string, string, ...string[]],
  b: readonly [string, string, ...string[]],
) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

/** One query name or value, encoded as `encoding` says (`form`: RFC 3986 with a space as `+`). */
export function encodeQueryComponent(value: string, encoding: QueryEncoding = "rfc3986"): string {
  const encoded = encodeRfc3986(value);
  return encoding === "form" ? encoded.replace(/%20/g, "+") : encoded;
}

/** A query parameter with its encoded `name=value` pair: encoded once, sorted by the raw name and value. */
type EncodedParam = [name: string, value: string, encoded: string];
const encodeParam = (name: string, value: string, encoding: QueryEncoding | undefined): EncodedParam => [
  name,
  value,
  `${encodeQueryComponent(name, encoding)}=${encodeQueryComponent(value, encoding)}`,
];

/** The canonical query of already encoded parameters (sorted in place). */
function joinCanonical(params: EncodedParam[]): string {
  params.sort(byNameThenValue);
  let canonical = params[0]?.[2] ?? "";
  for (let i = 1; i < params.length; i++) canonical += `&${params[i]?.[2]}`;
  return canonical;
}

/** Sorted, encoded `name=value&…` — both what is signed and the query string sent. */
export function canonicalQuery(params: QueryInput, encoding: QueryEncoding = "rfc3986"): string {
  return joinCanonical(entriesOf(params).map(([name, value]) => encodeParam(name, value, encoding)));
}

/** Lower-case hex MD5 of the exact body bytes (a string is taken as its UTF-8 bytes). */
export function md5Hex(body: string | Uint8Array = ""): string {
  return createHash("md5").update(body).digest("hex");
}

export interface StringToSignInput {
  method: string;
  /** The uri as it is to be signed (see `signedUri`). */
  uri: string;
  /** The canonical query (see `canonicalQuery`). */
  query: string;
  /** The exact body bytes sent; omit or "" for GET. */
  body?: string | Uint8Array;
}

/** `METHOD \n uri \n canonical_query \n md5hex(body)`. */
export function buildStringToSign({ method, uri, query, body }: StringToSignInput): string {
  return `${method.toUpperCase()}\n${uri}\n${query}\n${md5Hex(body ?? "")}`;
}

/** Base64(HMAC-SHA256(secret, stringToSign)) — not yet URL-encoded. */
export function sign(stringToSign: string, secretAccessKey: string): string {
  return createHmac("sha256", secretAccessKey).update(stringToSign, "utf8").digest("base64");
}

/** The signature as it appears in the query string. */
export function encodeSignature(signature: string, encoding: SignatureEncoding = "double"): string {
  const once = encodeRfc3986(signature);
  return encoding === "double" ? encodeRfc3986(once) : once;
}

export function signedUri(path: string, style: SignedUriStyle = "trailing-slash"): string {
  return style === "trailing-slash" && !path.endsWith("/") ? `${path}/` : path;
}

export interface SigningOptions {
  accessKeyId: string;
  secretAccessKey: string;
  signatureEncoding?: SignatureEncoding;
  signedUri?: SignedUriStyle;
  queryEncoding?: QueryEncoding;
}

export interface SignRequestInput extends SigningOptions {
  method: string;
  /** Request path without query, e.g. `/api/user/deleteUser`. */
  path: string;
  /** Caller's query parameters, including `zone` (and the operation's own parameters for GET). */
  query: QueryInput;
  /** Exact body bytes that will be sent. */
  body?: string | Uint8Array;
  /** When the request is signed; becomes the `timestamp` parameter. */
  timestamp: Date;
}

export interface SignedRequest {
  /** Canonical query without the signature. */
  canonicalQuery: string;
  stringToSign: string;
  /** Base64 signature (not URL-encoded). */
  signature: string;
  /** The full query string to send: canonical query + `&signature=<encoded>`. */
  queryString: string;
  /** `path?queryString`. */
  pathAndQuery: string;
}

/** The parameters QingCloud adds to every request, apart from `timestamp` (which changes every second). */
const commonParams = (accessKeyId: string): Array<[string, string]> => [
  ["access_key_id", accessKeyId],
  ["signature_method", SIGNATURE_METHOD],
  ["signature_version", SIGNATURE_VERSION],
  ["version", API_VERSION],
];

function requireKeys(signing: SigningOptions): void {
  if (!signing.accessKeyId) throw new TypeError("accessKeyId: is required");
  if (!signing.secretAccessKey) throw new TypeError("secretAccessKey: is required");
}

/**
 * The one signing step, shared by `signRequest` and `createSigner`: canonicalize the request's parameters (the
 * common ones included), sign method, uri, canonical query and body, and append the encoded signature.
 */
function signParams(
  method: string,
  path: string,
  params: EncodedParam[],
  body: string | Uint8Array | undefined,
  signing: SigningOptions,
): Omit<SignedRequest, "pathAndQuery"> {
  const canonical = joinCanonical(params);
  const stringToSign = buildStringToSign({
    method,
    uri: signedUri(path, signing.signedUri),
    query: canonical,
    body: body ?? "",
  });
  const signature = sign(stringToSign, signing.secretAccessKey);
  return {
    canonicalQuery: canonical,
    stringToSign,
    signature,
    queryString: `${canonical}&signature=${encodeSignature(signature, signing.signatureEncoding)}`,
  };
}

/** Everything the signer computes for one request; pure (no clock, no I/O). */
export function signRequest(input: SignRequestInput): SignedRequest {
  requireKeys(input);
  const encoding = input.queryEncoding;
  const params: EncodedParam[] = [];
  for (const [name, value] of entriesOf(input.query))
    if (!MANAGED.has(name)) params.push(encodeParam(name, value, encoding));
  for (const [name, value] of commonParams(input.accessKeyId))
    params.push(encodeParam(name, value, encoding));
  params.push(encodeParam("timestamp", formatTimestamp(input.timestamp), encoding));
  const signed = signParams(input.method, input.path, params, input.body, input);
  return { ...signed, pathAndQuery: `${input.path}?${signed.queryString}` };
}

/** Split a raw query string; openapi-fetch encodes with encodeURIComponent, so decodeURIComponent inverts it. */
export function parseQuery(search: string): Array<[string, string]> {
  const raw = search.startsWith("?") ? search.slice(1) : search;
  if (raw === "") return [];
  return raw.split("&").map((pair) => {
    const eq = pair.indexOf("=");
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? "" : pair.slice(eq + 1);
    return [decodeURIComponent(name), decodeURIComponent(value)];
  });
}

export interface SigningMiddlewareOptions extends SigningOptions {
  /** Zone used when the request carries none. */
  zone: string;
  now?: () => Date;
  /** Called once per signed request with what was signed (never the secret). */
  onSigned?: (info: { method: string; url: string; stringToSign: string }) => void;
}

/**
 * Signs one request: the common parameters added (`zone` too when the query has none), the query canonicalized
 * and signed over the exact body text, and the URL to send returned. `base` is the URL without its query. Shared
 * by the openapi-fetch middleware (`raw` calls) and the client's direct path (its typed methods).
 */
export function createSigner(
  options: SigningMiddlewareOptions,
): (method: string, base: string, query: QueryInput, body: string | Uint8Array | undefined) => string {
  const { zone, now = () => new Date(), onSigned, ...signing } = options;
  // The URL before its query is the same for every call of an operation: parsed once per distinct value.
  const parsed = new Map<string, { origin: string; pathname: string }>();
  const locate = (base: string) => {
    let found = parsed.get(base);
    if (!found) {
      const { origin, pathname } = new URL(base);
      found = { origin, pathname };
      if (parsed.size >= 64) parsed.clear(); // a raw client calling many distinct paths stays bounded
      parsed.set(base, found);
    }
    return found;
  };
  const encoding = signing.queryEncoding;
  // The common parameters are the same on every call, encoded once: a call encodes only its own parameters and
  // the timestamp (once per second), then takes the same signing step as signRequest.
  const fixed = commonParams(signing.accessKeyId).map(([name, value]) => encodeParam(name, value, encoding));
  let stampSecond = Number.NaN;
  let stamp: EncodedParam = ["timestamp", "", ""];
  return (method, base, query, body) => {
    requireKeys(signing);
    const url = locate(base);
    const date = now();
    const second = Math.floor(date.getTime() / 1000);
    if (second !== stampSecond) {
      stamp = encodeParam("timestamp", formatTimestamp(date), encoding);
      stampSecond = second;
    }
    const params = [...fixed, stamp];
    let hasZone = false;
    for (const [name, value] of entriesOf(query)) {
      if (MANAGED.has(name)) continue;
      if (name === "zone") hasZone = true;
      params.push(encodeParam(name, value, encoding));
    }
    if (!hasZone) params.push(encodeParam("zone", zone, encoding));
    const { queryString, stringToSign } = signParams(method, url.pathname, params, body, signing);
    const target = `${url.origin}${url.pathname}?${queryString}`;
    onSigned?.({ method, url: target, stringToSign });
    return target;
  };
}

/**
 * openapi-fetch middleware: adds the common parameters, signs, and re-issues the request with the very body
 * bytes that were hashed (the body is serialized once, by openapi-fetch, and only read here).
 */
export function createSigningMiddleware(options: SigningMiddlewareOptions): Middleware {
  const signTarget = createSigner(options);
  return {
    async onRequest({ request }) {
      // openapi-fetch's URLs carry no fragment, so the query is everything after the first "?".
      const mark = request.url.indexOf("?");
      const query = parseQuery(mark < 0 ? "" : request.url.slice(mark));
      // Read the bytes once (no clone: the request is replaced below), hash exactly them and send exactly them.
      // The invoker's light request holds openapi-fetch's JSON text itself: hashed and sent as that string.
      const held: unknown = request.body;
      const body =
        typeof held === "string" ? held : held ? new Uint8Array(await request.arrayBuffer()) : undefined;
      const target = signTarget(
        request.method,
        mark < 0 ? request.url : request.url.slice(0, mark),
        query,
        body,
      );
      // The same class as the request given: the invoker sends a lighter stand-in for Request (client-core).
      const SameRequest = request.constructor as typeof Request;
      return new SameRequest(target, {
        method: request.method,
        headers: request.headers,
        body,
        signal: request.signal,
        redirect: request.redirect,
      });
    },
  };
}
