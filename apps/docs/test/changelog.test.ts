// The changelog page per API: rendered from the recorded releases with the gate's own engine, linked from the
// landing page and from each reference.
import { readFileSync } from "node:fs";
import { join } from "node:path";
// @ts-expect-error plain ESM module without types
import { diffDocuments, releaseHistory } from "@userctl/spec-diff";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM module without types
import { apiById } from "../src/apis.mjs";
// @ts-expect-error plain ESM module without types
import { changelogPage } from "../src/changelog-page.mjs";
import { apis, DIST, requireBuiltSite, SPECS_DIR } from "./helpers.js";

describe("changelogPage", () => {
  it("lists each release newest first, breaking changes marked, with operation, check and pointer", () => {
    const base = JSON.parse(readFileSync(join(SPECS_DIR, "milvus.openapi.json"), "utf8"));
    const next = structuredClone(base);
    delete next.paths["/v2/vectordb/users/describe"];
    next.paths["/v2/vectordb/users/drop"].post.description = "Drops a <user>.";
    next.components.schemas.CreateUserRequest.properties.note = { type: "string" };
    const { changes } = diffDocuments(base, next);
    changes[0].accepted = { name: "fix-1", reason: "The server has no such <route>.", reviewedBy: "r" };
    const history = [
      { version: "2.0.0", previous: "1.0.0", date: "2026-12-01", changes },
      { version: "1.1.0", previous: "1.0.0", date: "2026-11-20", changes: [] },
      { version: "1.0.0", previous: null, date: "2026-11-01", changes: [] },
    ];
    const html: string = changelogPage({ api: apiById("milvus"), shipper: "@userctl/specs", history });
    const order = ["v2.0.0", "v1.1.0", "v1.0.0"].map((id) => html.indexOf(`id="${id}"`));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] ?? 0)))).toBe(true);
    const breaking = html.slice(
      html.indexOf("<h3>Breaking changes</h3>"),
      html.indexOf("<h3>Other changes</h3>"),
    );
    expect(breaking).toContain(
      "<code>POST /v2/vectordb/users/describe</code> API path removed without deprecation",
    );
    expect(breaking).toContain('data-check="api-path-removed-without-deprecation"');
    expect(breaking).toContain("<code>#/paths/~1v2~1vectordb~1users~1describe/post</code>");
    expect(breaking).toContain("(fix-1): The server has no such &lt;route&gt;.");
    expect(html).toContain("added the new optional request property `note`");
    expect(html).toContain("No change to this API since 1.0.0.");
    expect(html).toContain("First release of this spec.");
  });

  it("says plainly that there is no release yet", () => {
    const html: string = changelogPage({
      api: apiById("sunbird-user"),
      shipper: "@userctl/specs",
      history: [],
    });
    expect(html).toContain("No release of <code>@userctl/specs</code> yet");
  });
});

describe("the built site", () => {
  it.each(apis.map((a) => [a.id]))(
    "has %s/changelog.html, linked from the landing page and the reference",
    (id) => {
      requireBuiltSite();
      const page = readFileSync(join(DIST, id, "changelog.html"), "utf8");
      const history = releaseHistory(id);
      if (history.length) for (const r of history) expect(page).toContain(`id="v${r.version}"`);
      else expect(page).toContain("No release of <code>@userctl/specs</code> yet");
      expect(page).not.toMatch(/(src|href)="(https?:)?\/\//); // the portal loads nothing from outside
      expect(page).toContain('<link rel="stylesheet" href="../assets/site.css">');
      expect(readFileSync(join(DIST, "index.html"), "utf8")).toContain(
        `<a href="${id}/changelog.html">Changelog</a>`,
      );
      const reference = JSON.parse(readFileSync(join(DIST, id, "openapi.json"), "utf8"));
      expect(reference.info.description).toMatch(/^\*\*\[Changelog\]\(changelog\.html\)\*\*/);
    },
  );
});
