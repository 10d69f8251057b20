// The built portal in a real browser (Debian's Chromium, headless): every page loads from the site alone,
// logs no error, and shows every operation of every spec with its three samples.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM module without types
import { loadPolyglot } from "../src/generate-page.mjs";
// @ts-expect-error plain ESM module without types
import { startServer } from "../src/server.mjs";
import {
  apis,
  BROWSER_CEILING_MS,
  DIST,
  launchChromium,
  operationsOf,
  type PageWatch,
  RESULTS,
  requireBuiltSite,
  SPECS_DIR,
  waitForText,
  watchedPage,
} from "./helpers.js";

let browser: Browser;
let site: { url: string; close(): Promise<void> };

beforeAll(async () => {
  requireBuiltSite();
  mkdirSync(RESULTS, { recursive: true });
  site = await startServer({ root: DIST, port: 0 });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function open(path: string): Promise<{ page: Page; watch: PageWatch }> {
  const opened = await watchedPage(browser, site.url);
  await opened.page.goto(new URL(path, site.url).href, { waitUntil: "networkidle" });
  return opened;
}

async function finish(page: Page, watch: PageWatch, shot: string) {
  await page.screenshot({ path: join(RESULTS, `${shot}.png`) });
  await page.context().close();
  expect(watch.offsite, "requests outside the site").toEqual([]);
  expect(watch.consoleErrors, "console errors").toEqual([]);
}

const operationSection = (id: string) =>
  `[data-section-id$="/operation/${id}"], [data-section-id="operation/${id}"]`;

describe("landing page", () => {
  it("lists every operation of every API and links each reference", async () => {
    const { page, watch } = await open("index.html");
    expect(await page.title()).toBe("userctl API portal");
    for (const api of apis) {
      const rows = await page.$$eval(`section#${api.id} tr[data-operation-id]`, (trs) =>
        trs.map((tr) => tr.getAttribute("data-operation-id")),
      );
      expect(rows).toEqual(operationsOf(api.id).map((o) => o.operationId));
      // a plain link: the reference test below opens its target (deep-linked) and checks what renders there
      expect(await page.getAttribute(`section#${api.id} h2 a`, "href")).toBe(`${api.id}/index.html`);
    }
    await finish(page, watch, "landing");
  });
});

describe.each(apis)("$title reference", (api) => {
  // One Redoc render per API (rendering is most of this suite's CPU): the page is opened cold on a deep link,
  // which must scroll to that operation, and then shows every operation with its three samples.
  it("deep-links #operation/<operationId> and shows every operationId with its curl, TypeScript and userctl samples", async () => {
    const operations = operationsOf(api.id);
    const last = operations.at(-1)?.operationId ?? "";
    const { page, watch } = await open(`${api.id}/index.html#operation/${last}`);
    await page.waitForSelector(operationSection(last), { timeout: BROWSER_CEILING_MS });
    await page.waitForFunction(() => window.scrollY > 0, undefined, { timeout: BROWSER_CEILING_MS });
    await page.screenshot({ path: join(RESULTS, `${api.id}-deep-link.png`) });
    const spec = JSON.parse(readFileSync(join(DIST, api.id, "openapi.json"), "utf8"));
    for (const op of operations) {
      const section = operationSection(op.operationId);
      expect(await page.locator(section).count(), `${op.operationId} on the page`).toBeGreaterThan(0);
      const samples = spec.paths[op.path][op.method]["x-codeSamples"] as { label: string; source: string }[];
      expect(samples.map((s) => s.label)).toEqual(["curl", "TypeScript", "userctl"]);
      for (const sample of samples) {
        await page.locator(section).first().getByRole("tab", { name: sample.label, exact: true }).click();
        // the sample's first line is what the reader sees first in the rendered panel
        const firstLine =
          sample.source
            .split("\n")
            .find((l) => l.trim() !== "")
            ?.trim() ?? "";
        await waitForText(page, `[data-section-id$="/operation/${op.operationId}"]`, firstLine);
      }
    }
    await finish(page, watch, `${api.id}-reference`);
  });

  it("serves the bundled spec downloads unchanged (JSON and YAML)", async () => {
    for (const ext of ["json", "yaml"]) {
      const res = await fetch(new URL(`specs/${api.id}.openapi.${ext}`, site.url));
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(readFileSync(join(SPECS_DIR, `${api.id}.openapi.${ext}`), "utf8"));
    }
  });
});

describe("search", () => {
  it("finds operations of every API and links to their reference", async () => {
    const { page, watch } = await open("search.html");
    await page.waitForSelector("body[data-search-ready=true]");
    await page.fill("#q", "drop");
    await page.waitForFunction(() => document.querySelectorAll("#search-results li").length > 0);
    const hits = await page.$$eval("#search-results a", (as) => as.map((a) => a.getAttribute("href")));
    expect(hits).toContain("milvus/index.html#operation/dropUser");
    expect(hits).toContain("milvus/index.html#operation/dropRole");
    // every operation is reachable by its own operationId
    for (const api of apis)
      for (const op of operationsOf(api.id)) {
        await page.fill("#q", op.operationId);
        await page.waitForFunction(
          (href) =>
            [...document.querySelectorAll("#search-results a")].some((a) => a.getAttribute("href") === href),
          `${api.id}/index.html#operation/${op.operationId}`,
        );
      }
    await page.fill("#q", "block");
    await page.waitForSelector('#search-results a[href="sunbird-user/index.html#operation/blockUser"]');
    await page.screenshot({ path: join(RESULTS, "search.png") });
    await page.click('#search-results a[href="sunbird-user/index.html#operation/blockUser"]');
    // the deep link's own rendering is the reference test's; here the hit must lead to it
    await page.waitForURL("**/sunbird-user/index.html#operation/blockUser");
    await page.context().close();
    expect(watch.offsite).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
  });

  it("starts from the top bar's query on any page", async () => {
    const { page, watch } = await open("generate-clients.html");
    await page.fill(".topbar input[name=q]", "password");
    await page.press(".topbar input[name=q]", "Enter");
    await page.waitForURL("**/search.html?q=password");
    await page.waitForSelector('#search-results a[href="milvus/index.html#operation/updatePassword"]');
    await page.context().close();
    expect(watch.offsite).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
  });
});

describe("other pages", () => {
  it("CLI reference shows a command for every operation, from the CLI's own definitions", async () => {
    const { page, watch } = await open("cli.html");
    const text = (await page.locator("main").textContent()) ?? "";
    for (const api of apis) {
      expect(text).toContain(`userctl ${api.cliGroup}`);
      for (const op of operationsOf(api.id))
        expect(
          await page.locator(`main a[href="${api.id}/index.html#operation/${op.operationId}"]`).count(),
        ).toBe(1);
    }
    await finish(page, watch, "cli-reference");
  });

  it("other-languages page: the build's own commands, the tested snippets and every download", async () => {
    const languages = await loadPolyglot();
    const { page, watch } = await open("generate-clients.html");
    const text = (await page.locator("main").textContent()) ?? "";
    expect(languages.map((l: { id: string }) => l.id)).toEqual(["python", "go", "java"]);
    for (const lang of languages) {
      for (const command of lang.commands) expect(text).toContain(command);
      for (const api of apis) {
        expect(text).toContain(lang.snippet(api.id));
        const href = `downloads/${api.id}-${lang.id}.tar.gz`;
        expect(await page.locator(`main a[href="${href}"]`).count()).toBe(1);
        const answer = await page.request.get(new URL(href, site.url).href);
        expect(answer.status()).toBe(200);
        expect((await answer.body()).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip
      }
    }
    for (const api of apis)
      for (const file of [`${api.id}.openapi-3.0.json`, `${api.id}.openapi-3.0.yaml`])
        expect(readFileSync(join(DIST, "specs", file), "utf8")).toContain("3.0.3");
    await finish(page, watch, "generate-clients");
  });
});
