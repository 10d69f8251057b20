// openapi-fetch builds a WHATWG Request for every call and hands it to fetch, which builds a second one (and a
// signal of its own) from it: the largest share of a client's per-call cost in a profile. The invoker passes
// openapi-fetch this stand-in instead: it carries what openapi-fetch and the clients' middleware use (url,
// method, headers, body, signal), and `sendLight` turns it into a single fetch(url, init).

// Node's own fetch types (undici, via @types/node): the packages compile without the browser's lib.dom.
type RequestRedirect = NonNullable<RequestInit["redirect"]>;
type BodyInit = NonNullable<RequestInit["body"]>;

const encoder = new TextEncoder();

export class LightRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  /** openapi-fetch's JSON body serializer gives a string; a middleware may hand back bytes. */
  readonly body: string | Uint8Array | null;
  readonly signal: AbortSignal | undefined;
  readonly redirect: RequestRedirect;

  constructor(input: string | URL | LightRequest, init: RequestInit = {}) {
    const from = input instanceof LightRequest ? input : undefined;
    this.url = from ? from.url : String(input);
    this.method = (init.method ?? from?.method ?? "GET").toUpperCase();
    this.headers =
      init.headers instanceof Headers ? init.headers : new Headers(init.headers ?? from?.headers);
    const body = init.body ?? from?.body ?? null;
    if (body !== null && typeof body !== "string" && !(body instanceof Uint8Array)) {
      throw new TypeError("LightRequest: the body must be a string or bytes");
    }
    this.body = body;
    this.signal = init.signal ?? from?.signal ?? undefined;
    this.redirect = init.redirect ?? from?.redirect ?? "follow";
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = typeof this.body === "string" ? encoder.encode(this.body) : (this.body ?? new Uint8Array());
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async text(): Promise<string> {
    return typeof this.body === "string"
      ? this.body
      : new TextDecoder().decode(this.body ?? new Uint8Array());
  }
}

/** Sends a LightRequest with `fetchImpl` (the client's own fetch, or the global one) as one fetch(url, init). */
export function sendLight(fetchImpl: (url: string, init: RequestInit) => Promise<Response>) {
  return (request: LightRequest): Promise<Response> =>
    fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === null ? {} : { body: request.body as BodyInit }),
      ...(request.signal ? { signal: request.signal } : {}),
      redirect: request.redirect,
    });
}
