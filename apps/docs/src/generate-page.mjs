// "Other languages": the Python, Go and Java clients the build generates from the bundles. Every command is
// read from the packages that run it (packages/clients-*/commands.mjs), every snippet is a file those
// packages' test suites execute, and every download is their build output.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { page } from "./html.mjs";
import { code, html } from "./pages.mjs";

const require = createRequire(import.meta.url);
const packageDir = (name) => dirname(require.resolve(`@userctl/${name}/package.json`));
const shell = (argv) => argv.map((a) => (/^[\w./=:,@+-]+$/.test(a) ? a : `'${a}'`)).join(" ");

/** Everything the page shows, loaded from the client packages (also used by the docs build to copy downloads). */
export async function loadPolyglot() {
  const load = async (name) => ({
    dir: packageDir(name),
    ...(await import(`@userctl/${name}/commands.mjs`)),
  });
  const [python, go, java] = await Promise.all([
    load("clients-python"),
    load("clients-go"),
    load("clients-java"),
  ]);
  const read = (dir, file) => readFileSync(join(dir, file), "utf8").trimEnd();
  const javaSnippets = read(java.dir, "src/test/java/dev/userctl/clients/Snippets.java");
  const javaSnippet = (name) => {
    const match = new RegExp(`// snippet:${name}\\n([\\s\\S]*?)\\n\\s*// end-snippet`).exec(javaSnippets);
    if (!match) throw new Error(`Snippets.java has no snippet:${name}`);
    return match[1].replace(/^ {2}/gm, "");
  };
  const goExamples = read(go.dir, "example_test.go");
  const goExample = (name) => {
    const match = new RegExp(`(func Example_${name}\\(\\) \\{[\\s\\S]*?\\n\\})`).exec(goExamples);
    if (!match) throw new Error(`example_test.go has no Example_${name}`);
    return match[1];
  };
  const snippetFile = { milvus: "milvus", "qingcloud-ehpc": "ehpc", "sunbird-user": "sunbird" };
  return [
    {
      id: "python",
      title: "Python",
      ...python,
      commands: python.APIS.map((api) => shell(python.generateCommand(api))).concat(
        python.APIS.map((api) => shell(python.compileCommand(api))),
      ),
      snippet: (api) => read(python.dir, `snippets/${snippetFile[api]}_usage.py`),
      snippetLang: "python",
      tests: "packages/clients-python/tests (pytest)",
    },
    {
      id: "go",
      title: "Go",
      ...go,
      commands: go.APIS.map((api) => shell(go.generateCommand(api))).concat(go.compileCommands.map(shell)),
      snippet: (api) => goExample(snippetFile[api]),
      snippetLang: "go",
      tests: "packages/clients-go (go test; the snippets are its Example functions)",
    },
    {
      id: "java",
      title: "Java",
      ...java,
      commands: [shell(java.generateCommand), shell(java.compileCommand)],
      config: read(java.dir, "config/qingcloud-ehpc.yaml"),
      snippet: (api) => javaSnippet(snippetFile[api]),
      snippetLang: "java",
      tests: "packages/clients-java (JUnit 5 through Maven Surefire)",
    },
  ];
}

/** download file name of one generated client */
export const downloadName = (api, lang) => `${api}-${lang}.tar.gz`;

// Known limitations, each shown by a test named in the text (the test makes the workaround work).
const LIMITATIONS = {
  python: [
    html`<li>The generated functions take every required spec parameter as a keyword argument, the signer's own
      (<code>access_key_id</code>, <code>timestamp</code>, <code>signature</code>, …) included. Pass
      <code>**placeholders(operation)</code> from <code>userctl_ehpc_auth</code>; the signer replaces them
      (<code>test_clients.py</code>, <code>test_snippets.py</code>).</li>`,
    html`<li>Schema-level <code>examples</code> and the <code>x-</code> rules (<code>x-min-character-classes</code>,
      <code>x-idempotent</code>) are not carried into the code: validate passwords and decide on retries yourself.</li>`,
  ],
  go: [
    html`<li>A <code>oneOf</code> without a discriminator (Milvus and EHPC answer HTTP 200 with either a success or
      an error body) becomes a union whose <code>As…()</code> methods all succeed. Tell them apart with the
      generated enum of the success variant: <code>ok.Code.Valid()</code> (Milvus) or
      <code>ok.RetCode.Valid()</code> (EHPC) is false for an error (<code>TestDocumentedErrorsToldApartFromSuccess</code>).</li>`,
    html`<li>Sunbird's 401 is either the service's envelope (<code>UOS_0070</code>) or the gateway's own
      <code>{"message": "Unauthorized"}</code>, a union with no code enum to test: both <code>AsErrorResponse()</code> and
      <code>AsGatewayUnauthorized()</code> accept either body. Decode the union's raw JSON
      (<code>MarshalJSON()</code>) into each type with <code>json.Decoder.DisallowUnknownFields()</code>; only the right one
      accepts it (<code>TestSunbirdGatewayUnauthorizedNeedsTheStrictDecode</code>).</li>`,
    html`<li>The EHPC params structs require the signer's parameters; fill them with anything, the
      <code>RequestEditorFn</code> replaces them (<code>Example_ehpc</code>). Without the signer the mock refuses the call
      (<code>TestUnsignedEhpcCallIsRefused</code>).</li>`,
    html`<li>Milvus names a parameter and a schema <code>DbName</code>; the config sets
      <code>resolve-type-name-collisions</code> so the parameter type is suffixed.</li>`,
  ],
  java: [
    html`<li>openapi-generator reads OpenAPI 3.1 only in beta, so the Java client is generated from the 3.0 bundle.
      There the Sunbird rule "email or phone" is a <code>not</code>, which the Java model ignores (the server
      still enforces it), and a field that is always <code>null</code> on success becomes a nullable empty string
      (<code>newUserOrRuleIsLeftToTheServer</code>).</li>`,
    html`<li>The generated client sends <code>Accept: application/json</code> only, so a server that honours
      <code>Accept</code> cannot send the documented plain-text 403 (gateway) or 404; add an OkHttp interceptor that
      asks for <code>application/json, text/plain</code> (<code>withoutTheAcceptWorkaroundThePlainText403CannotArrive</code>,
      the Sunbird snippet).</li>`,
    html`<li>Non-2xx answers are thrown as <code>ApiException</code>; parse the body with the error model's
      <code>fromJson</code> (<code>documentedErrorToldApartFromSuccess</code>).</li>`,
  ],
};

const SIGNER = {
  python: html`<code>packages/clients-python/src/userctl_ehpc_auth</code>: an <code>httpx.Auth</code> with
    <code>requires_request_body = True</code>, passed as <code>httpx_args={"auth": EhpcSigner(…)}</code>.`,
  go: html`<code>packages/clients-go/ehpcsign</code>: <code>signer.Edit</code> is a <code>RequestEditorFn</code>, passed as
    <code>WithRequestEditorFn(signer.Edit)</code>.`,
  java: html`<code>packages/clients-java/src/main/java/dev/userctl/ehpc/auth/EhpcSigner.java</code>: an OkHttp
    <code>Interceptor</code>, added with <code>apiClient.setHttpClient(apiClient.getHttpClient().newBuilder().addInterceptor(signer).build())</code>.`,
};

export function generateClientsPage({ apis, languages }) {
  const sections = languages.map(
    (lang) => html`<section id="lang-${lang.id}">
  <h2>${lang.title}: ${lang.generator.name} ${lang.generator.version}</h2>
  <p>From the OpenAPI ${lang.generator.bundle} bundle. Install: <code>${lang.generator.install}</code>.
  The build runs exactly these commands (in <code>packages/clients-${lang.id}</code>):</p>
  ${code(lang.commands.join("\n"), "shell")}
  ${lang.config ? html`<p>Each <code>config/&lt;api&gt;.yaml</code> holds the generator settings, e.g.:</p>${code(lang.config, "yaml")}` : ""}
  <p>Downloads (generated, compiled and tested in the same build):
  ${apis.map(({ api }, i) => html`${i ? " · " : ""}<a href="downloads/${downloadName(api.id, lang.id)}" download>${downloadName(api.id, lang.id)}</a>`)}</p>
  <h3>Signing EHPC requests</h3>
  <p>${SIGNER[lang.id]} It reproduces every vector of <code>specs/qingcloud-ehpc/signing-vectors.json</code>, the
  file the TypeScript signer is tested against too.</p>
  <h3>Usage</h3>
  <p>Run by ${lang.tests} against the mock servers, exactly as shown.</p>
  ${apis.map(({ api }) => html`<h4>${api.title}</h4>${code(lang.snippet(api.id), lang.snippetLang)}`)}
  <h3>Limitations and workarounds</h3>
  <ul>${LIMITATIONS[lang.id]}</ul>
</section>`,
  );

  const body = html`<h1>Clients in other languages</h1>
<p>Every build generates a Python, a Go and a Java client from the bundles you can download here, compiles
them, and calls every operation of every API through them against the mock servers with request validation on;
the documented errors (Milvus HTTP 200 with <code>code</code> ≠ 0, EHPC <code>ret_code</code> ≠ 0, Sunbird 400
<code>UOS_USRDLT0008</code>, the gateway's plain-text 403 and its JSON 401) are told apart from success by the generated code.</p>
<h2>Bundles</h2>
<p>Each API is published as OpenAPI 3.1 (the source of truth) and as OpenAPI 3.0.3 derived from it in the build,
for the generators, gateways and validators that read only 3.0. Both load in Python's
<code>openapi-spec-validator</code> and Go's kin-openapi (the 3.0 ones also in kin-openapi 0.110, which Debian ships).</p>
<ul>${apis.map(
    ({ api }) => html`<li>${api.title}: 3.1
    <a href="specs/${api.id}.openapi.json" download>json</a> · <a href="specs/${api.id}.openapi.yaml" download>yaml</a>;
    3.0 <a href="specs/${api.id}.openapi-3.0.json" download>json</a> · <a href="specs/${api.id}.openapi-3.0.yaml" download>yaml</a></li>`,
  )}</ul>
${sections}
<h2>Common to every language</h2>
<ul>
  <li>Vendor rules beyond JSON Schema (<code>x-min-character-classes</code>, <code>x-min-bytes</code>, <code>x-max-bytes</code>,
  <code>x-idempotent</code>, <code>x-client-managed</code>) are ignored by all three generators.</li>
  <li><code>x-zilliz-cloud-policy</code> is the Zilliz Cloud documents' stricter Milvus name and password rule, an
  opt-in overlay: the schemas themselves state what the open-source Milvus server accepts, so a generated client
  never refuses what that server takes; apply the overlay yourself when you target Zilliz Cloud.</li>
</ul>`;
  return page({ title: "Other languages — userctl API portal", root: "", active: "generate", body });
}
