import { describe, expect, it } from "vitest";
import {
  __userctlDeferredRequest as DeferredRequest,
  FormData as LightFormData,
  Headers as LightHeaders,
  Response as LightResponse,
} from "../src/runtime/web-globals.js";

type AnyHeaders = {
  append(n: string, v: string): void;
  set(n: string, v: string): void;
  delete(n: string): void;
  get(n: string): string | null;
  has(n: string): boolean;
  getSetCookie(): string[];
  [Symbol.iterator](): Iterator<[string, string]>;
};

/** Runs the same steps on a Headers class; returns everything observable (or the error thrown). */
function observe(Make: new (init?: unknown) => AnyHeaders, init: unknown, steps: (h: AnyHeaders) => void) {
  try {
    const h = new Make(init);
    steps(h);
    return {
      entries: [...h],
      get: ["content-type", "X-Multi", "set-cookie", "absent"].map((n) => h.get(n)),
      has: h.has("x-multi"),
      cookies: h.getSetCookie(),
    };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

const cases: [string, unknown, (h: AnyHeaders) => void][] = [
  ["record", { "Content-Type": "application/json", "X-Multi": " a " }, (h) => h.append("x-multi", "b")],
  [
    "pairs",
    [
      ["B", "2"],
      ["a", "1"],
      ["Set-Cookie", "s=1"],
      ["set-cookie", "t=2"],
    ],
    (h) => h.delete("b"),
  ],
  ["copy of a Headers", new Headers({ "X-Multi": "1" }), (h) => h.set("X-MULTI", "\t2\r\n")],
  ["empty", undefined, (h) => h.append("Content-Type", "text/plain")],
  ["bad name", { "bad name": "x" }, () => {}],
  ["bad value", {}, (h) => h.set("x", "a\nb")],
  ["bad value with NUL", {}, (h) => h.append("x", "a\0b")],
  ["bad pair", [["only-one"]], () => {}],
  ["not an object", "nope", () => {}],
];

describe("the CLI bundle's Headers stand-in behaves as undici's", () => {
  for (const [name, init, steps] of cases) {
    it(name, () => {
      expect(observe(LightHeaders as never, init, steps)).toEqual(observe(Headers as never, init, steps));
    });
  }

  it("instanceof accepts both its own and undici's objects, and nothing else", () => {
    expect(new LightHeaders() instanceof LightHeaders).toBe(true);
    expect(new Headers() instanceof LightHeaders).toBe(true);
    expect({ get: () => null } instanceof LightHeaders).toBe(false);
    expect(new LightHeaders({ a: "1" }) instanceof Headers).toBe(false); // the other way round is not needed
    // Node's fetch accepts it as headers init (bulk runs hand it to undici).
    expect([...new Headers(new LightHeaders({ B: "2", a: "1" }) as never)]).toEqual([
      ["a", "1"],
      ["b", "2"],
    ]);
  });
});

describe("the Response stand-in", () => {
  const make = (R: typeof Response | typeof LightResponse) =>
    new R(new TextEncoder().encode('{"é":1}') as never, {
      status: 201,
      statusText: "Made",
      headers: { "Content-Type": "application/json" },
    });

  it("reads like undici's Response", async () => {
    const light = make(LightResponse);
    const real = make(Response);
    for (const key of ["status", "statusText", "ok", "redirected", "url", "bodyUsed"] as const) {
      expect(light[key]).toEqual(real[key]);
    }
    expect(light.type).toBe("basic"); // what Node's fetch reports for what it fetched (a constructed one: "default")
    expect(light.headers.get("content-type")).toBe(real.headers.get("content-type"));
    const [lightCopy, realCopy] = [light.clone(), real.clone()];
    expect(await light.text()).toBe(await real.text());
    expect(await lightCopy.json()).toEqual(await realCopy.json());
    expect(light.bodyUsed).toBe(true);
    await expect(light.text()).rejects.toThrow(TypeError);
    await expect(real.text()).rejects.toThrow(TypeError);
    expect(new LightResponse(null, { status: 204 }).body).toBeNull();
    expect(() => new LightResponse(null, { status: 600 })).toThrow(RangeError);
    expect(() => new Response(null, { status: 600 })).toThrow(RangeError);
    const stream = make(LightResponse).body as ReadableStream<Uint8Array>;
    const chunk = await stream.getReader().read();
    expect(new TextDecoder().decode(chunk.value)).toBe('{"é":1}');
  });

  it("instanceof accepts undici's Response too", () => {
    expect(make(LightResponse) instanceof LightResponse).toBe(true);
    expect(new Response("x") instanceof LightResponse).toBe(true);
    expect({} instanceof LightResponse).toBe(false);
  });
});

describe("FormData and the deferred Request", () => {
  it("are the real classes when made, and instanceof tells them by their tag", () => {
    const form = new (LightFormData as unknown as typeof FormData)();
    expect(form).toBeInstanceOf(FormData);
    expect(new FormData() instanceof (LightFormData as unknown as typeof FormData)).toBe(true);
    expect(("x" as unknown) instanceof (LightFormData as unknown as typeof FormData)).toBe(false);
    const request = new (DeferredRequest as unknown as typeof Request)("http://127.0.0.1/", {
      method: "POST",
    });
    expect(request).toBeInstanceOf(Request);
    expect(request.method).toBe("POST");
    expect(request instanceof (DeferredRequest as unknown as typeof Request)).toBe(true);
  });
});
