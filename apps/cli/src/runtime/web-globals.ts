// Stand-ins for the WHATWG Headers, Response and FormData classes, injected into the CLI bundle only
// (scripts/build.mjs `inject`): every free `Headers`, `Response` and `FormData` in the bundled code (openapi-fetch,
// client-core's light request, node-fetch.ts) refers to these.
//
// Why: on Node 20 the first touch of any of those globals loads the whole undici bundle (its HTTP/1 and HTTP/2
// clients, node:http2, the fetch machinery), which is the largest single cost of a one-item `userctl … drop x`
// after Node's own start-up, though such a run sends over node:http and never needs undici. Headers behaves as
// undici's does (names lower-cased and checked, values trimmed and checked, same TypeError messages, sorted
// iteration, `getSetCookie`); `instanceof` accepts the real classes too, so undici's objects (bulk runs, which
// use Node's fetch) pass every check they passed before. FormData is only ever tested with `instanceof` here:
// its constructor hands over to the real class.

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const INVALID_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
const isSpace = (code: number) => code === 10 || code === 13 || code === 9 || code === 32;
const tagOf = (value: unknown) => Object.prototype.toString.call(value);

function trimValue(value: string): string {
  let i = 0;
  let j = value.length;
  while (j > i && isSpace(value.charCodeAt(j - 1))) --j;
  while (j > i && isSpace(value.charCodeAt(i))) ++i;
  return i === 0 && j === value.length ? value : value.substring(i, j);
}

function checked(prefix: string, name: unknown, value?: unknown): [string, string] {
  const n = String(name);
  if (!TOKEN.test(n)) throw new TypeError(`${prefix}: "${n}" is an invalid header name.`);
  if (value === undefined) return [n.toLowerCase(), ""];
  const v = trimValue(String(value));
  if (INVALID_VALUE.test(v)) throw new TypeError(`${prefix}: "${v}" is an invalid header value.`);
  return [n.toLowerCase(), v];
}

const OWN = Symbol("userctl.headers");

class LightHeaders {
  /** Lower-case name → values in order (joined with ", " when read, except set-cookie). */
  readonly [OWN] = new Map<string, string[]>();

  constructor(init?: unknown) {
    if (init === undefined || init === null) return;
    if (typeof init !== "object") {
      throw new TypeError(
        "Headers constructor: Argument 1 could not be converted to one of: sequence<sequence<ByteString>>, record<ByteString, ByteString>.",
      );
    }
    if (Symbol.iterator in init) {
      for (const pair of init as Iterable<Iterable<unknown>>) {
        const entry = [...pair];
        if (entry.length !== 2) {
          throw new TypeError(
            `Headers constructor: expected name/value pair to be length 2, found ${entry.length}.`,
          );
        }
        this.append(entry[0] as string, entry[1] as string);
      }
    } else {
      for (const key of Object.keys(init)) this.append(key, (init as Record<string, string>)[key] as string);
    }
  }

  append(name: string, value: string): void {
    const [n, v] = checked("Headers.append", name, value);
    const list = this[OWN].get(n);
    if (list) list.push(v);
    else this[OWN].set(n, [v]);
  }

  set(name: string, value: string): void {
    const [n, v] = checked("Headers.set", name, value);
    this[OWN].set(n, [v]);
  }

  delete(name: string): void {
    this[OWN].delete(checked("Headers.delete", name)[0]);
  }

  has(name: string): boolean {
    return this[OWN].has(checked("Headers.has", name)[0]);
  }

  get(name: string): string | null {
    return this[OWN].get(checked("Headers.get", name)[0])?.join(", ") ?? null;
  }

  getSetCookie(): string[] {
    return [...(this[OWN].get("set-cookie") ?? [])];
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of [...this[OWN].keys()].sort()) {
      const values = this[OWN].get(name) as string[];
      if (name === "set-cookie") for (const value of values) yield [name, value];
      else yield [name, values.join(", ")];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(callback: (value: string, name: string, headers: LightHeaders) => void, thisArg?: unknown): void {
    for (const [name, value] of this.entries()) callback.call(thisArg, value, name, this);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return "Headers";
  }

  /** Ours, or undici's (told by its tag, so checking never loads undici). */
  static [Symbol.hasInstance](value: unknown): boolean {
    return (
      (typeof value === "object" && value !== null && OWN in value) || tagOf(value) === "[object Headers]"
    );
  }
}

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);
const decoder = new TextDecoder();

/** The Response node-fetch.ts builds: its body is already read, as bytes. */
class LightResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: LightHeaders;
  readonly type = "basic";
  readonly url = "";
  readonly redirected = false;
  #bytes: Uint8Array | null;
  #used = false;

  constructor(body?: Uint8Array | string | null, init: ResponseInit = {}) {
    const status = init.status ?? 200;
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new RangeError(`init["status"] must be in the range of 200 to 599, inclusive.`);
    }
    const bytes = typeof body === "string" ? new TextEncoder().encode(body) : (body ?? null);
    if (bytes !== null && NULL_BODY_STATUS.has(status)) {
      throw new TypeError(`Response constructor: Invalid response status code ${status}`);
    }
    this.status = status;
    this.statusText = init.statusText ?? "";
    this.headers = init.headers instanceof LightHeaders ? init.headers : new LightHeaders(init.headers);
    this.#bytes = bytes;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  get body(): ReadableStream<Uint8Array> | null {
    const bytes = this.#bytes;
    if (bytes === null) return null;
    return new ReadableStream({
      start: (controller) => {
        this.#used = true;
        controller.enqueue(bytes);
        controller.close();
      },
    });
  }

  #take(): Uint8Array {
    if (this.#used) throw new TypeError("Body is unusable: Body has already been read");
    this.#used = true;
    return this.#bytes ?? new Uint8Array();
  }

  async bytes(): Promise<Uint8Array> {
    return this.#take().slice();
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return (await this.bytes()).buffer as ArrayBuffer;
  }

  async text(): Promise<string> {
    return decoder.decode(this.#take());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  clone(): LightResponse {
    if (this.#used) throw new TypeError("Response.clone: Body has already been consumed.");
    return new LightResponse(this.#bytes, {
      status: this.status,
      statusText: this.statusText,
      headers: new LightHeaders(this.headers),
    });
  }

  get [Symbol.toStringTag](): string {
    return "Response";
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return (
      (typeof value === "object" && value !== null && #bytes in value) || tagOf(value) === "[object Response]"
    );
  }
}

/** The real global, read through a computed key so the bundle's `define` of `globalThis.Request` skips it. */
const realGlobal = (name: string) =>
  (globalThis as unknown as Record<string, new (...a: unknown[]) => unknown>)[name] as new (
    ...a: unknown[]
  ) => unknown;

/** Only `instanceof` is used on FormData in the bundle; constructing one hands over to the real class. */
function LightFormData(...args: unknown[]): FormData {
  return new (realGlobal("FormData"))(...args) as FormData;
}
Object.defineProperty(LightFormData, Symbol.hasInstance, {
  value: (value: unknown) => tagOf(value) === "[object FormData]",
});

/** openapi-fetch's default `Request` (`globalThis.Request`, via `define`): the real class, looked up on first use. */
function DeferredRequest(...args: unknown[]): Request {
  return new (realGlobal("Request"))(...args) as Request;
}
Object.defineProperty(DeferredRequest, Symbol.hasInstance, {
  value: (value: unknown) => tagOf(value) === "[object Request]",
});

export {
  DeferredRequest as __userctlDeferredRequest,
  LightFormData as FormData,
  LightHeaders as Headers,
  LightResponse as Response,
};
