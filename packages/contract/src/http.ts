// Sends one test request the way the vendor expects it (token, EHPC signature, Sunbird's two tokens), or on
// purpose without or with wrong credentials, and renders it as a curl line with every secret redacted.
import {
  API_VERSION,
  buildStringToSign,
  canonicalQuery,
  encodeSignature,
  formatTimestamp,
  SIGNATURE_METHOD,
  SIGNATURE_VERSION,
  sign,
  signedUri,
} from "@userctl/qingcloud-ehpc";
import type { ContractProfile } from "./profile.js";
import type { Operation, SpecModel } from "./spec.js";

export interface TestRequest {
  operationId: string;
  path: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: unknown;
  /** Body sent as raw text instead of JSON (a malformed body). */
  rawBody?: string;
}

export type AuthMode = "valid" | "none" | "invalid";

export interface Omission {
  in: "header" | "query";
  name: string;
}

export interface Credentials {
  /** Milvus: `user:password` or an API key. */
  token?: string;
  /** EHPC */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Sunbird */
  apiKey?: string;
  userToken?: string;
}

export interface SentExchange {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  status: number;
  responseHeaders: Record<string, string>;
  responseText: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  responseBody: unknown;
  ms: number;
}

export class NetworkFailure extends Error {
  override name = "NetworkFailure";
}

export interface Transport {
  /** `omit`: leave out one required header or signed query parameter (still signing what is sent). */
  send(op: Operation, req: TestRequest, auth?: AuthMode, omit?: Omission): Promise<SentExchange>;
  /** Every secret this transport knows (credentials), for redaction and the no_secret_echo check. */
  secrets: string[];
  requests: number;
  /** Set for cleanup after an abort: the run's signal no longer cancels requests. */
  detached: boolean;
}

export interface TransportOptions {
  baseUrl: string;
  profile: ContractProfile;
  spec: SpecModel;
  credentials: Credentials;
  settings: Record<string, string>;
  timeoutMs: number;
  /** Requests per second at most (0 = unlimited). */
  rate: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

const WRONG = "ct-wrong-credential";

export function createTransport(options: TransportOptions): Transport {
  const { profile, credentials } = options;
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, "");
  const secrets = [credentials.token, credentials.secretAccessKey, credentials.apiKey, credentials.userToken]
    .filter((s): s is string => typeof s === "string" && s.length >= 4)
    .concat(credentials.token?.includes(":") ? [credentials.token.split(":").slice(1).join(":")] : [])
    .filter((s) => s.length >= 4);
  let next = 0;
  const transport: Transport = {
    secrets,
    requests: 0,
    detached: false,
    async send(op, req, auth = "valid", omit) {
      if (options.rate > 0) {
        const now = Date.now();
        const wait = next - now;
        next = Math.max(now, next) + 1000 / options.rate;
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      let path = op.path;
      for (const [k, v] of Object.entries(req.path)) path = path.replace(`{${k}}`, encodeURIComponent(v));
      const headers: Record<string, string> = { accept: "application/json", ...req.headers };
      let body: string | undefined;
      if (req.rawBody !== undefined) body = req.rawBody;
      else if (req.body !== undefined) body = JSON.stringify(req.body);
      if (body !== undefined) headers["content-type"] = "application/json";
      let query = new URLSearchParams(req.query).toString().replace(/\+/g, "%20");
      const needsUserToken = op.security.some((names) => names.includes("userToken"));
      if (profile.auth === "bearer-token") {
        if (auth === "valid" && credentials.token) headers.authorization = `Bearer ${credentials.token}`;
        if (auth === "invalid") headers.authorization = `Bearer ${WRONG}:${WRONG}`;
      } else if (profile.auth === "sunbird-tokens") {
        if (auth === "valid") {
          if (credentials.apiKey) headers.authorization = `Bearer ${credentials.apiKey}`;
          if (needsUserToken && credentials.userToken)
            headers["x-authenticated-user-token"] = credentials.userToken;
        } else if (auth === "invalid") {
          headers.authorization = `Bearer ${WRONG}`;
          if (needsUserToken) headers["x-authenticated-user-token"] = WRONG;
        }
      } else if (profile.auth === "ehpc-signature" && auth !== "none") {
        // The signer's own steps, so one common parameter can be left out of both the query and the signature.
        const params: [string, string][] = [
          ...Object.entries(req.query),
          ["access_key_id", credentials.accessKeyId ?? ""],
          ["signature_method", SIGNATURE_METHOD],
          ["signature_version", SIGNATURE_VERSION],
          ["timestamp", formatTimestamp(new Date())],
          ["version", API_VERSION],
        ];
        const canonical = canonicalQuery(params.filter(([k]) => !(omit?.in === "query" && omit.name === k)));
        const secret = auth === "invalid" ? WRONG : (credentials.secretAccessKey ?? "");
        const signature = sign(
          buildStringToSign({ method: op.method, uri: signedUri(path), query: canonical, body: body ?? "" }),
          secret,
        );
        query = `${canonical}&signature=${encodeSignature(signature)}`;
      }
      if (omit?.in === "header") {
        for (const k of Object.keys(headers))
          if (k.toLowerCase() === omit.name.toLowerCase()) delete headers[k];
      }
      const url = `${base}${path}${query ? `?${query}` : ""}`;
      const started = Date.now();
      transport.requests++;
      let res: Response;
      try {
        res = await doFetch(url, {
          method: op.method,
          headers,
          ...(body !== undefined ? { body } : {}),
          signal: AbortSignal.any([
            AbortSignal.timeout(options.timeoutMs),
            ...(options.signal && !transport.detached ? [options.signal] : []),
          ]),
        });
      } catch (error) {
        const c = (error as { cause?: { code?: string; message?: string } }).cause;
        const cause = c?.code ?? c?.message;
        const why = (error as Error).name === "TimeoutError" ? `no answer in ${options.timeoutMs} ms` : cause;
        throw new NetworkFailure(`${op.method} ${base}${op.path}: ${why ?? (error as Error).message}`);
      }
      const responseText = await res.text();
      let responseBody: unknown;
      try {
        responseBody = responseText === "" ? undefined : JSON.parse(responseText);
      } catch {
        responseBody = undefined;
      }
      const responseHeaders: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        responseHeaders[k] = v;
      });
      return {
        method: op.method,
        url,
        headers,
        ...(body !== undefined ? { body } : {}),
        status: res.status,
        responseHeaders,
        responseText,
        responseBody,
        ms: Date.now() - started,
      };
    },
  };
  return transport;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Replaces every secret (and the EHPC signature, which only proves the secret) with ***. */
export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join("***");
  return out.replace(/([?&]signature=)[^&\s']+/g, "$1***");
}

/** The exchange as one curl command line, secrets shown as ***. */
export function toCurl(
  ex: Pick<SentExchange, "method" | "url" | "headers" | "body">,
  secrets: string[],
): string {
  const parts = ["curl", "-sS", "-X", ex.method, shellQuote(ex.url)];
  for (const [k, v] of Object.entries(ex.headers)) parts.push("-H", shellQuote(`${k}: ${v}`));
  if (ex.body !== undefined) parts.push("--data-raw", shellQuote(ex.body));
  return redact(parts.join(" "), secrets);
}
