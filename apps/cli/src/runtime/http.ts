import { REDACTED, redact, UserctlError } from "@userctl/client-core";
import { createNodeFetch } from "./node-fetch.js";

/** Headers whose value is a credential whatever it contains. */
const SECRET_HEADERS = new Set([
  "authorization",
  "x-authenticated-user-token",
  "x-authenticated-for",
  "cookie",
]);
/** JSON body fields that carry passwords in the three specs. */
const SECRET_FIELDS =
  /^(password|newPassword|new_password|oldPassword|old_password|secret_access_key|token)$/;

/** Knows every secret of this run; everything userctl prints goes through `clean`. */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(...values: (string | undefined | null)[]): void {
    for (const value of values) {
      if (!value) continue;
      this.secrets.add(value);
      // How the value looks inside a JSON string, e.g. a password with a quote or backslash.
      this.secrets.add(JSON.stringify(value).slice(1, -1));
      // `user:password` tokens: each half is a secret on its own too.
      const colon = value.indexOf(":");
      if (colon > 0) this.secrets.add(value.slice(colon + 1));
    }
  }

  clean(text: string): string {
    return redact(text, this.secrets);
  }
}

export interface CapturedRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body: string | undefined;
}

export async function captureRequest(request: Request): Promise<CapturedRequest> {
  const body = request.body ? await request.clone().text() : undefined;
  return { method: request.method, url: request.url, headers: [...request.headers.entries()], body };
}

/** Structural redaction first (auth headers, password fields), then every known secret value. */
export function redactRequest(req: CapturedRequest, redactor: Redactor): CapturedRequest {
  const headers = req.headers.map(([name, value]): [string, string] => [
    name,
    SECRET_HEADERS.has(name.toLowerCase()) ? redactAuthValue(value) : redactor.clean(value),
  ]);
  return {
    method: req.method,
    url: redactor.clean(req.url),
    headers,
    body: req.body === undefined ? undefined : redactor.clean(redactBody(req.body)),
  };
}

function redactAuthValue(value: string): string {
  const scheme = /^(Bearer|Basic)\s/i.exec(value);
  return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
}

function redactBody(body: string): string {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return body;
  }
  let changed = false;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) {
        if (SECRET_FIELDS.test(k) && typeof v === "string") {
          out[k] = REDACTED;
          changed = true;
        } else out[k] = walk(v);
      }
      return out;
    }
    return node;
  };
  const cleaned = walk(data);
  // Unchanged bodies are printed byte for byte: EHPC signs the MD5 of the exact bytes.
  return changed ? JSON.stringify(cleaned) : body;
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export function toCurl(req: CapturedRequest): string {
  const parts = [`curl -X ${req.method} ${shellQuote(req.url)}`];
  for (const [name, value] of req.headers) parts.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  if (req.body !== undefined) parts.push(`--data-raw ${shellQuote(req.body)}`);
  return parts.join(" \\\n  ");
}

/** Thrown by the capturing fetch so the client stops before anything is sent (a UserctlError: never retried). */
export class DryRunStop extends UserctlError {
  override name = "DryRunStop";
}

export interface FetchOptions {
  extraHeaders: [string, string][];
  dryRun: boolean;
  verbose: boolean;
  redactor: Redactor;
  log: (line: string) => void;
  /** Filled by the capturing fetch in dry-run mode. */
  captured: CapturedRequest[];
  baseFetch?: typeof fetch;
  /** What sends (node-fetch.ts's; bulk runs: one limited to --concurrency connections). Default: a fresh one. */
  send?: typeof fetch;
}

/**
 * The fetch handed to the client factory: adds hidden extra headers (Prism's `Prefer` in tests), captures instead of
 * sending in dry-run mode (so the printed request is exactly what the client built, EHPC signature included), and logs
 * request and response with secrets redacted in verbose mode.
 */
export function makeFetch(options: FetchOptions): typeof fetch {
  // Requests go over node:http (see node-fetch.ts).
  const base = options.baseFetch ?? options.send ?? createNodeFetch();
  // Nothing to add, capture or log: hand the client's (url, init) straight on, without building a Request.
  if (!options.dryRun && !options.verbose && options.extraHeaders.length === 0) return base;
  return async (input, init) => {
    const request = new Request(input, init);
    for (const [name, value] of options.extraHeaders) request.headers.set(name, value);
    if (options.dryRun) {
      options.captured.push(await captureRequest(request));
      throw new DryRunStop("dry run: request captured, not sent");
    }
    if (options.verbose) {
      const shown = redactRequest(await captureRequest(request), options.redactor);
      options.log(`> ${shown.method} ${shown.url}`);
      for (const [name, value] of shown.headers) options.log(`> ${name}: ${value}`);
      if (shown.body !== undefined) options.log(`> ${shown.body}`);
    }
    const started = performance.now();
    const response = await base(request);
    if (options.verbose) {
      const ms = Math.round(performance.now() - started);
      options.log(`< HTTP ${response.status} ${response.statusText} (${ms} ms)`);
      for (const [name, value] of response.headers)
        options.log(`< ${name}: ${options.redactor.clean(value)}`);
      const text = await response.clone().text();
      if (text) options.log(`< ${options.redactor.clean(text)}`);
    }
    return response;
  };
}
