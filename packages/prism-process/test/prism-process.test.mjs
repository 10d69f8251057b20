// A real Prism (mock and proxy) started the way tools/mock and `userctl-sim --validate` start it: ready once it
// answers HTTP, the probe invisible to Prism's handler, a port already taken, an early exit and a passed ceiling
// each fail saying what was awaited and what Prism printed, and stop() leaves the port closed.
import { once } from "node:events";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answersHttp, freePort, STARTUP_CEILING_MS, startPrism } from "../src/index.mjs";

const spec = join(dirname(fileURLToPath(import.meta.url)), "fixtures/echo.openapi.json");

const post = (url, body) =>
  fetch(`${url}/echo`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  }).then(async (res) => ({ status: res.status, json: await res.json() }));

/** A plain HTTP server on 127.0.0.1 that records what it is asked and answers {"echoed": <name>}. */
async function upstream() {
  const seen = [];
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", () => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ echoed: JSON.parse(text || "{}").name ?? null }));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, seen, url: `http://127.0.0.1:${server.address().port}` };
}

describe("startPrism mock", () => {
  let prism;
  beforeAll(async () => {
    prism = await startPrism({ command: "mock", args: ["--errors", spec], name: "Prism for echo" });
  }, STARTUP_CEILING_MS);
  afterAll(() => prism?.stop());

  it("is ready when it resolves: it serves the spec and validates requests", async () => {
    expect(prism.url).toBe(`http://127.0.0.1:${prism.port}`);
    expect(await post(prism.url, { name: "alice" })).toEqual({ status: 200, json: { echoed: "alice" } });
    expect((await post(prism.url, {})).status).toBe(422);
  });

  it("refuses a port already answering, with the code a caller can map", async () => {
    const error = await startPrism({
      command: "mock",
      args: [spec],
      name: "Prism for echo",
      port: prism.port,
    }).catch((e) => e);
    expect(error.message).toBe(
      `cannot start Prism for echo: port ${prism.port} is already in use on 127.0.0.1`,
    );
    expect(error).toMatchObject({ code: "EADDRINUSE", address: "127.0.0.1", port: prism.port });
  });

  it("stop() ends Prism: nothing answers on its port afterwards", async () => {
    const other = await startPrism({ command: "mock", args: [spec], name: "Prism for echo" });
    expect(await answersHttp("127.0.0.1", other.port)).toBe(true);
    await other.stop();
    expect(await answersHttp("127.0.0.1", other.port)).toBe(false);
    await other.stop(); // a second stop is a no-op
  });
});

describe("startPrism proxy", () => {
  let up;
  let prism;
  const lines = [];
  beforeAll(async () => {
    up = await upstream();
    prism = await startPrism({
      command: "proxy",
      args: ["--cors", "false", spec, up.url],
      name: "Prism's validation proxy",
      onLine: (line) => lines.push(line),
    });
  }, STARTUP_CEILING_MS);
  afterAll(async () => {
    await prism?.stop();
    up?.server.close();
  });

  it("never forwards its readiness probe, so the upstream and the violation log see only real requests", async () => {
    expect(up.seen).toEqual([]);
    expect(lines.filter((l) => /VALIDATOR/.test(l))).toEqual([]);
    expect(await post(prism.url, { name: "bob" })).toEqual({ status: 200, json: { echoed: "bob" } });
    expect(up.seen).toEqual(["POST /echo"]);
  });

  it("passes every line Prism prints to onLine, colours stripped: a violation is reported, the answer unchanged", async () => {
    expect(await post(prism.url, { nom: "x" })).toEqual({ status: 200, json: { echoed: null } });
    await expect
      .poll(() => lines.find((l) => /VALIDATOR/.test(l)), { timeout: 10_000 })
      .toMatch(/Violation: request\.body Request body must have required property 'name'/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserts no ANSI escape is left
    expect(lines.some((l) => /\u001b\[/.test(l))).toBe(false);
  });
});

describe("startPrism failures", () => {
  it("sizes its default ceiling for a loaded machine", () => {
    expect(STARTUP_CEILING_MS).toBeGreaterThanOrEqual(120_000);
  });

  it("says what it awaited and what Prism printed when the ceiling passes", async () => {
    // a ceiling far below Prism's start-up time, so it must pass first
    const error = await startPrism({
      command: "mock",
      args: [spec],
      name: "Prism for echo",
      source: "test/fixtures/echo.openapi.json",
      startupTimeoutMs: 1,
    }).catch((e) => e);
    expect(error.message).toMatch(
      /^Gave up after 0\.001 s waiting for Prism for echo \(test\/fixtures\/echo\.openapi\.json\) to answer HTTP on http:\/\/127\.0\.0\.1:\d+\. Prism (printed|printed nothing)/,
    );
  });

  it("says how Prism exited and what it printed when it exits before answering", async () => {
    const error = await startPrism({
      command: "mock",
      args: [join(dirname(spec), "missing.openapi.json")],
      name: "Prism for missing",
    }).catch((e) => e);
    expect(error.message).toMatch(
      /^Prism for missing exited \(\d+\) before answering on http:\/\/127\.0\.0\.1:\d+\. Prism printed:\n[\s\S]*missing\.openapi\.json/,
    );
  });

  it("answersHttp is false on a port nobody listens on and true on any HTTP server", async () => {
    expect(await answersHttp("127.0.0.1", await freePort())).toBe(false);
    const up = await upstream();
    try {
      expect(await answersHttp("127.0.0.1", up.server.address().port)).toBe(true);
      expect(up.seen).toEqual([]); // the probe never reached the request handler
    } finally {
      up.server.close();
    }
  });
});
