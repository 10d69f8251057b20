import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
// @ts-expect-error plain ESM module without types
import { APIS } from "../src/apis.mjs";
// @ts-expect-error plain ESM module without types
import { listOperations } from "../src/openapi.mjs";

export const DOCS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const DIST = join(DOCS_DIR, "dist");
export const RESULTS = join(DOCS_DIR, "test-results");
export const REPO = join(DOCS_DIR, "..", "..");
export const SPECS_DIR = join(REPO, "specs", "dist");

export interface ApiInfo {
  id: string;
  title: string;
  cliGroup: string;
  clientPackage: string;
}
export interface Operation {
  operationId: string;
  method: string;
  path: string;
  summary: string;
  tags: string[];
}

export const apis: ApiInfo[] = APIS;
export function operationsOf(apiId: string): Operation[] {
  return listOperations(JSON.parse(readFileSync(join(SPECS_DIR, `${apiId}.openapi.json`), "utf8")));
}

export function requireBuiltSite(): void {
  if (!existsSync(join(DIST, "index.html")))
    throw new Error(
      "apps/docs/dist is not built: run `pnpm --filter @userctl/docs build` (turbo does it before test)",
    );
}

/**
 * How long a browser step may take before the test counts it as hung. Redoc renders in a second or two on an idle
 * machine and many times that on a loaded 2-core one; no test depends on it being fast.
 */
export const BROWSER_CEILING_MS = 120_000;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    timeout: BROWSER_CEILING_MS,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Everything a page did that the portal forbids: requests leaving the site, console errors, uncaught errors. */
export interface PageWatch {
  offsite: string[];
  consoleErrors: string[];
}

/** Opens a page that records (and blocks) every request not served by `siteUrl`. */
export async function watchedPage(
  browser: Browser,
  siteUrl: string,
): Promise<{ page: Page; watch: PageWatch }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(BROWSER_CEILING_MS);
  page.setDefaultNavigationTimeout(BROWSER_CEILING_MS);
  const watch: PageWatch = { offsite: [], consoleErrors: [] };
  const origin = new URL(siteUrl).origin;
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    watch.offsite.push(url);
    return route.abort();
  });
  // blob: (Redoc's search worker) and data: URLs never leave the page, so they never reach route()
  page.on("console", (m) => {
    if (m.type() === "error") watch.consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => watch.consoleErrors.push(`uncaught: ${e.message}`));
  return { page, watch };
}

/** Polls until the element's visible text contains `snippet`. */
export async function waitForText(
  page: Page,
  selector: string,
  snippet: string,
  timeoutMs = BROWSER_CEILING_MS,
) {
  await page.waitForFunction(
    ([sel, text]) => {
      const el = document.querySelector(sel as string) as HTMLElement | null;
      // innerText, not textContent: only what is rendered visibly counts
      // biome-ignore lint/performance/useDomNodeTextContent: visibility is the point here
      return !!el && el.innerText.includes(text as string);
    },
    [selector, snippet],
    { timeout: timeoutMs },
  );
}
