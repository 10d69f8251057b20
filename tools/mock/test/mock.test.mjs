// The mock plumbing every suite relies on: globalSetup starts Prism once and provides its URL, readiness is an
// answer on the port, a port already taken and a start-up past its ceiling fail saying what was awaited.
import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { STARTUP_CEILING_MS, startMock } from "../src/index.mjs";
import { mockGlobalSetup } from "../src/vitest.mjs";

/** The HTTP status Prism answers for GET <path>, or the connection error's code. */
const statusOf = (url) =>
  new Promise((resolve) => {
    const req = request(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on("error", (error) => resolve(error.code));
    req.end();
  });

describe("mockGlobalSetup", () => {
  it("provides a Prism URL that answers from the spec, refuses a second server on its port, stops at teardown", async () => {
    const provided = {};
    const teardown = await mockGlobalSetup(["milvus"])({ provide: (key, value) => (provided[key] = value) });
    const url = provided.mocks.milvus;
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(Object.keys(provided.mocks)).toEqual(["milvus"]);
      // the spec's path answers (request validation on: an empty body is rejected, not 404)
      expect(await statusOf(`${url}/v2/vectordb/users/list`)).not.toBe(404);
      const port = Number(new URL(url).port);
      await expect(startMock("milvus", { port })).rejects.toThrow(
        `cannot start Prism for milvus: port ${port} is already in use on 127.0.0.1`,
      );
    } finally {
      await teardown();
    }
    expect(await statusOf(url)).toBe("ECONNREFUSED");
  });
});

describe("startMock", () => {
  it("sizes its default ceiling for a loaded machine", () => {
    expect(STARTUP_CEILING_MS).toBeGreaterThanOrEqual(120_000);
  });

  it("says what it awaited and what Prism printed when the ceiling passes", async () => {
    // a ceiling far below Prism's start-up time, so it must pass first
    const error = await startMock("sunbird-user", { startupTimeoutMs: 1 }).catch((e) => e);
    expect(error.message).toMatch(
      /^Gave up after 0\.001 s waiting for Prism for sunbird-user \(specs\/dist\/sunbird-user\.openapi\.json\) to answer HTTP on http:\/\/127\.0\.0\.1:\d+\. Prism printed/,
    );
  });

  it("rejects an unknown API by name", async () => {
    await expect(startMock("nope")).rejects.toThrow(
      'unknown API "nope" (one of: milvus, qingcloud-ehpc, sunbird-user)',
    );
  });
});
