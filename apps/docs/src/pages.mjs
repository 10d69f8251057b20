import { esc, html, page, raw, renderHtml, topBar } from "./html.mjs";
import { redocAnchor } from "./openapi.mjs";

const code = (text, lang = "") =>
  html`<pre><code${lang ? raw(` class="language-${lang}"`) : ""}>${text}</code></pre>`;

/** Landing page: what userctl is, every operation of the three APIs, how to install and use it. */
export function landingPage({ apis }) {
  const total = apis.reduce((n, a) => n + a.operations.length, 0);
  const sections = apis.map(
    ({ api, doc, operations }) => html`<section class="api" id="${api.id}">
  <h2><a href="${api.id}/index.html">${api.title}</a> <small>${doc.info.title} · v${doc.info.version}</small></h2>
  <p>${api.blurb} ${doc.info.summary ?? ""}</p>
  <p class="links"><a href="${api.id}/index.html">Reference</a> · <a href="${api.id}/changelog.html">Changelog</a> ·
    <a href="specs/${api.id}.openapi.json" download>${api.id}.openapi.json</a> ·
    <a href="specs/${api.id}.openapi.yaml" download>${api.id}.openapi.yaml</a> ·
    client <code>${api.clientPackage}</code> · CLI <code>userctl ${api.cliGroup}</code></p>
  <table class="ops">
    <thead><tr><th>Operation</th><th>Endpoint</th><th>What it does</th></tr></thead>
    <tbody>${operations.map(
      (op) => html`<tr data-operation-id="${op.operationId}">
      <td><a href="${api.id}/index.html#${redocAnchor(op)}"><code>${op.operationId}</code></a></td>
      <td><span class="method ${op.method}">${op.method.toUpperCase()}</span> <code>${op.path}</code></td>
      <td>${op.summary}</td></tr>`,
    )}</tbody>
  </table>
</section>`,
  );
  const first = apis[0];
  const body = html`<section class="hero">
  <h1>userctl API portal</h1>
  <p><strong>userctl</strong> manages user accounts (and Milvus roles) across three systems —
  ${apis.map((a, i) => html`${i ? (i === apis.length - 1 ? " and " : ", ") : ""}<a href="${a.api.id}/index.html">${a.api.title}</a>`)} —
  from one contract: a hand-written OpenAPI 3.1 spec per API. The typed TypeScript clients, the <code>userctl</code>
  command line and this portal are all generated or checked from those specs, so they cannot drift apart.</p>
  <p>${total} operations in ${apis.length} APIs. Every operation's reference shows it called from <b>curl</b>,
  from <b>TypeScript</b> (compiled against the client on every build) and from <b>userctl</b>
  (run against the mock server in the portal's tests).</p>
  <form class="search big" action="search.html" method="get" role="search">
    <input type="search" name="q" placeholder="Search every operation, e.g. “drop user”" aria-label="Search operations">
    <button type="submit">Search</button>
  </form>
</section>
<section class="start">
  <h2>Install and use</h2>
  <h3>TypeScript clients</h3>
  <p>One package per API, built on <code>openapi-fetch</code>; one method per operationId, typed from the spec.
  Inputs are validated before anything is sent, failures are typed errors (<code>ApiError</code> subclasses with the
  vendor's code and message, <code>ValidationError</code>, <code>NetworkError</code>, <code>TimeoutError</code>) and
  no secret ever appears in one.</p>
  ${code(`npm install ${apis.map((a) => a.api.clientPackage).join(" ")}`, "shell")}
  ${first ? code(first.tsSample ?? "", "ts") : ""}
  <h3>Command line</h3>
  <p><code>userctl</code> has the same verbs for every vendor, profiles, <code>-o json|yaml</code> output,
  <code>--dry-run</code> (prints the exact request as curl, secrets redacted) and confirmation for destructive commands.
  See the <a href="cli.html">CLI reference</a>.</p>
  ${code(
    `npm install --global @userctl/cli\nuserctl --help\n${apis
      .map((a) => a.cliExample)
      .filter(Boolean)
      .join("\n")}`,
    "shell",
  )}
  <h3>Other languages</h3>
  <p>Download a bundled spec below and <a href="generate-clients.html">generate a client with openapi-generator</a>
  (Python, Go, Java).</p>
</section>
${sections}`;
  return page({ title: "userctl API portal", root: "", active: "home", body });
}

/** The Redoc page of one API: the portal's top bar over Redoc's standalone bundle, all served locally. */
export function referencePage({ api }) {
  const options = {
    scrollYOffset: 56,
    nativeScrollbars: true,
    hideDownloadButton: false,
    expandResponses: "200",
    jsonSampleExpandLevel: 3,
    // fonts the machine already has: the portal never loads a web font
    theme: {
      typography: {
        fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
        headings: { fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" },
        code: { fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace" },
      },
    },
  };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`${api.title} API reference — userctl`)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="../assets/site.css">
</head>
<body class="reference">
${renderHtml(topBar("../", api.id))}
<div id="redoc" data-api="${esc(api.id)}"></div>
<script src="../assets/redoc.standalone.js"></script>
<script>
  Redoc.init("./openapi.json", ${JSON.stringify(options)}, document.getElementById("redoc"));
</script>
</body>
</html>
`;
}

export function searchPage() {
  const body = html`<h1>Search operations</h1>
<form class="search big" action="search.html" method="get" role="search">
  <input id="q" type="search" name="q" placeholder="e.g. grant role, block, password" aria-label="Search operations" autofocus>
</form>
<p id="search-status" aria-live="polite"></p>
<ol id="search-results" class="results"></ol>`;
  return page({
    title: "Search — userctl API portal",
    root: "",
    active: "search",
    body,
    scripts: ["assets/minisearch.js", "assets/search.js"],
  });
}

export { code, html, raw, renderHtml };
