// Vitest plumbing: one Prism per API per package run, started by globalSetup before any test file and stopped
// after the last one; test files get the URLs through vitest's provide/inject, never start Prism themselves.
import { inject } from "vitest";
import { startMock } from "./index.mjs";

/**
 * A vitest globalSetup function that starts a Prism for each API in `apis` (in parallel) and provides their
 * URLs as `mocks`. Use as `export default mockGlobalSetup(["milvus"])` in the package's globalSetup file.
 * @param {Array<import("./index.mjs").ApiId>} apis
 */
export function mockGlobalSetup(apis) {
  return async function setup(project) {
    const results = await Promise.allSettled(apis.map((api) => startMock(api)));
    const servers = results.filter((r) => r.status === "fulfilled").map((r) => r.value);
    const failed = results.filter((r) => r.status === "rejected");
    if (failed.length > 0) {
      await Promise.all(servers.map((s) => s.stop()));
      throw new Error(failed.map((r) => r.reason?.message ?? String(r.reason)).join("\n"));
    }
    project.provide("mocks", Object.fromEntries(servers.map((s) => [s.api, s.url])));
    return async function teardown() {
      await Promise.all(servers.map((s) => s.stop()));
    };
  };
}

/** The URL of the Prism that the package's globalSetup started for `api`. */
export function mockUrl(api) {
  const url = inject("mocks")?.[api];
  if (!url) {
    throw new Error(
      `no mock for ${api}: add it to mockGlobalSetup([...]) in this package's vitest globalSetup`,
    );
  }
  return url;
}
