// "Generate a client in another language": openapi-generator commands for the bundled specs, with what each
// generator produces for our specs (class and method names derived from the specs' tags and operationIds).

import { page } from "./html.mjs";
import { code, html } from "./pages.mjs";

const pascal = (s) => s.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, __, c) => c.toUpperCase());
const snakeCase = (s) =>
  s
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toLowerCase();
const flat = (id) => id.replace(/[^a-z0-9]/gi, "").toLowerCase();

export function generateClientsPage({ apis }) {
  const ver = "7.14.0";
  const perApi = apis.map(({ api, operations }) => {
    const tags = [...new Set(operations.flatMap((o) => (o.tags.length ? o.tags : ["Default"])))];
    const example = operations[0];
    const pkg = `${flat(api.id)}_client`;
    return html`<section id="gen-${api.id}">
  <h3>${api.title} <small><a href="specs/${api.id}.openapi.yaml" download>${api.id}.openapi.yaml</a> ·
    <a href="specs/${api.id}.openapi.json" download>${api.id}.openapi.json</a></small></h3>
  <p>Tags become API classes: ${tags.map((t, i) => html`${i ? ", " : ""}<code>${pascal(t)}Api</code>`)};
  each operationId becomes a method, e.g. <code>${example.operationId}</code> →
  Python <code>${snakeCase(example.operationId)}()</code>, Go <code>${pascal(example.tags[0] ?? "Default")}API.${pascal(example.operationId)}(ctx)</code>,
  Java <code>${example.operationId}()</code>. Every named schema (<code>components.schemas</code>) becomes a model class.</p>
  ${code(
    [
      `# Python: package ${pkg}, pip-installable from ./out/python-${api.id}`,
      `openapi-generator-cli generate -i ${api.id}.openapi.yaml -g python -o out/python-${api.id} \\`,
      `  --additional-properties=packageName=${pkg},projectName=${api.id}-client`,
      "",
      `# Go: module example.com/${flat(api.id)}client, package ${flat(api.id)}client`,
      `openapi-generator-cli generate -i ${api.id}.openapi.yaml -g go -o out/go-${api.id} \\`,
      `  --git-user-id example --git-repo-id ${flat(api.id)}client \\`,
      `  --additional-properties=packageName=${flat(api.id)}client,withGoMod=true`,
      "",
      `# Java (java.net.http, no extra HTTP library): Maven project in out/java-${api.id}`,
      `openapi-generator-cli generate -i ${api.id}.openapi.yaml -g java --library native -o out/java-${api.id} \\`,
      `  --additional-properties=groupId=com.example,artifactId=${api.id}-client,apiPackage=com.example.${flat(api.id)}.api,modelPackage=com.example.${flat(api.id)}.model`,
    ].join("\n"),
    "shell",
  )}
</section>`;
  });

  const body = html`<h1>Generate a client in another language</h1>
<p>The TypeScript clients and <code>userctl</code> are generated from the same bundled specs you can download here.
Each bundle is self-contained (no external <code>$ref</code>), OpenAPI 3.1, and passes Redocly's
<code>recommended-strict</code> lint, so <a href="https://openapi-generator.tech/">openapi-generator</a> reads it as is.
Pass the bundle with <code>-i</code>, the language with <code>-g</code>, an output folder with <code>-o</code>, and
package names with <code>--additional-properties</code>.</p>
<h2>Get openapi-generator</h2>
${code(
  [
    `# needs Java 11+; the npm wrapper downloads the generator jar (pin the version)`,
    `npm install --global @openapitools/openapi-generator-cli`,
    `openapi-generator-cli version-manager set ${ver}`,
    "",
    `# or without Java, in a container`,
    `docker run --rm -v "$PWD:/local" openapitools/openapi-generator-cli:v${ver} generate \\`,
    `  -i /local/milvus.openapi.yaml -g python -o /local/out/python-milvus`,
  ].join("\n"),
  "shell",
)}
<h2>Commands per API</h2>
${perApi}
<h2>What to expect — and what you must add yourself</h2>
<ul>
  <li><b>Errors inside a success.</b> Milvus answers most errors with HTTP 200 and a non-zero <code>code</code>;
  EHPC reports failures in <code>ret_code</code>; Sunbird sets <code>params.status</code> to <code>FAILED</code>.
  Generated clients only raise on HTTP status codes, so check those fields yourself (the TypeScript clients do).</li>
  <li><b>Vendor rules beyond JSON Schema.</b> <code>x-max-bytes</code> (a limit in UTF-8 bytes, where the server
  counts bytes), <code>x-min-character-classes</code> (password strength), <code>x-zilliz-cloud-policy</code> (the
  Zilliz Cloud documents' stricter name and password rule, an opt-in overlay: the schemas themselves state what the
  open-source Milvus server accepts), <code>x-idempotent</code> (safe to retry) and <code>x-client-managed</code>
  (parameters the client fills in) are vendor extensions that generators ignore: apply them in your own code.</li>
  <li><b>Authentication.</b> Milvus: set the bearer token on the generated configuration (in Python
  <code>Configuration(access_token=…)</code>; in Go the <code>ContextAccessToken</code> context value). Sunbird: the bearer token plus the
  <code>X-Authenticated-User-token</code> API key. QingCloud EHPC: the signature is documented as a
  <code>signature</code> query-parameter scheme, but it is an HMAC over each request — add a request interceptor
  that sets <code>timestamp</code>, sorts and encodes the query, hashes the body and signs (see the scheme's
  description in the <a href="qingcloud-ehpc/index.html">EHPC reference</a>).</li>
  <li><b>Non-JSON answers.</b> Sunbird's gateway denies with a plain-text 403 body; generated clients surface it as
  an API exception with the raw body.</li>
  <li><b>OpenAPI 3.1.</b> openapi-generator's 3.1 support is still marked beta. These specs use no webhooks and no
  <code>$dynamicRef</code>; if the generator warns about a 3.1 keyword, check the affected model by hand.
  userctl's own CI does not run openapi-generator (it needs Java), so treat these commands as a recipe, not a
  tested artifact.</li>
</ul>`;
  return page({ title: "Generate clients — userctl API portal", root: "", active: "generate", body });
}
