// The static server the main job runs: serves dist only, never a file outside it, and says where it listens.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM module without types
import { startServer } from "../src/server.mjs";
import { DOCS_DIR, requireBuiltSite } from "./helpers.js";

const root = mkdtempSync(join(tmpdir(), "userctl-docs-root-"));
let site: { url: string; close(): Promise<void> };

beforeAll(async () => {
  mkdirSync(join(root, "site", "milvus"), { recursive: true });
  writeFileSync(join(root, "site", "index.html"), "<h1>home</h1>");
  writeFileSync(join(root, "site", "milvus", "index.html"), "<h1>milvus</h1>");
  writeFileSync(join(root, "site", "a.yaml"), "openapi: 3.1.0\n");
  writeFileSync(join(root, "secret.txt"), "outside the root");
  site = await startServer({ root: join(root, "site"), port: 0 });
});
afterAll(async () => {
  await site.close();
  rmSync(root, { recursive: true, force: true });
});

/** Raw request, so `..` segments reach the server unnormalised. */
function get(path: string, method = "GET"): Promise<{ status: number; type: string; body: string }> {
  const { hostname, port } = new URL(site.url);
  return new Promise((ok, fail) => {
    const req = request({ hostname, port, path, method }, (res) => {
      let body = "";
      res.on("data", (c) => {
        body += c;
      });
      res.on("end", () =>
        ok({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body }),
      );
    });
    req.on("error", fail);
    req.end();
  });
}

describe("static server", () => {
  it("listens on 127.0.0.1 and serves index.html for folders", async () => {
    expect(site.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await get("/")).toMatchObject({ status: 200, body: "<h1>home</h1>" });
    expect(await get("/milvus/")).toMatchObject({ status: 200, body: "<h1>milvus</h1>" });
    expect((await get("/milvus/index.html")).type).toBe("text/html; charset=utf-8");
    expect((await get("/a.yaml")).type).toBe("application/yaml; charset=utf-8");
  });

  it.each([
    "/../secret.txt",
    "/%2e%2e/secret.txt",
    "/milvus/..%2f..%2fsecret.txt",
    "/%00",
    "/missing.html",
    "/%E0%A4%A",
  ])("answers 404 for %s", async (path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain("outside the root");
  });

  it("refuses other methods", async () => {
    expect((await get("/", "POST")).status).toBe(405);
  });
});

describe("bin/serve.mjs", () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill("SIGTERM");
  });

  it("rejects a bad USERCTL_DOCS_PORT with a one-line error", () => {
    const r = spawnSync(process.execPath, [join(DOCS_DIR, "bin/serve.mjs")], {
      encoding: "utf8",
      env: { ...process.env, USERCTL_DOCS_PORT: "http" },
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([
      'docs: USERCTL_DOCS_PORT must be a port number from 1 to 65535 (got "http")',
    ]);
  });

  it("serves the built portal on the port from USERCTL_DOCS_PORT and stops on SIGTERM", async () => {
    requireBuiltSite();
    // a port the OS just handed out and released
    const probe = await startServer({ root, port: 0 });
    const port = new URL(probe.url).port;
    await probe.close();
    child = spawn(process.execPath, [join(DOCS_DIR, "bin/serve.mjs")], {
      env: { ...process.env, USERCTL_DOCS_PORT: port },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const line = await new Promise<string>((ok, fail) => {
      child?.stdout?.once("data", (d) => ok(String(d)));
      child?.once("exit", (code) => fail(new Error(`exited ${code}`)));
    });
    expect(line.trim()).toBe(`docs: API portal at http://127.0.0.1:${port}/`);
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<title>userctl API portal</title>");
    const exited = new Promise((ok) => child?.once("exit", ok));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    child = undefined;
  });
});
