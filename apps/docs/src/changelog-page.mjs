// The changelog of one API: what changed in its spec in each recorded release (specs/releases/<api>/, written by
// the release flow with the same engine as the breaking-change gate), newest first, breaking changes marked.
import { page } from "./html.mjs";
import { html } from "./pages.mjs";

const change = (c) => html`<li class="change ${c.level}" data-check="${c.id}">
  ${c.operation ? html`<code>${c.operation}</code> ` : ""}${c.text}
  <small><code>${c.id}</code>${c.pointer ? html` at <code>${c.pointer}</code>` : ""}</small>
  ${c.accepted ? html`<br><small>Shipped without a major bump as a fix of the spec (${c.accepted.name}): ${c.accepted.reason}</small>` : ""}
</li>`;

function release({ version, previous, date, changes }) {
  const breaking = changes.filter((c) => c.level === "breaking");
  const rest = changes.filter((c) => c.level !== "breaking");
  let body;
  if (!previous) body = html`<p>First release of this spec.</p>`;
  else if (!changes.length) body = html`<p>No change to this API since ${previous}.</p>`;
  else
    body = html`${breaking.length ? html`<h3>Breaking changes</h3><ul>${breaking.map(change)}</ul>` : ""}
  ${rest.length ? html`<h3>Other changes</h3><ul>${rest.map(change)}</ul>` : ""}`;
  return html`<section class="release" id="v${version}">
  <h2>${version} <small>${date ?? ""}${previous ? ` · since ${previous}` : ""}</small></h2>
  ${body}
</section>`;
}

export function changelogPage({ api, shipper, history }) {
  const body = html`<h1>${api.title} changelog</h1>
<p>What changed in the ${api.id} spec — and so in <code>${api.clientPackage}</code> — in each release of
<code>${shipper}</code>, newest first. Breaking changes are listed first; each names the operation, the check that
found it and a JSON pointer into the spec. Back to the <a href="index.html">${api.title} reference</a>.</p>
${history.length ? history.map(release) : html`<p class="empty">No release of <code>${shipper}</code> yet: the changelog starts with the first release.</p>`}`;
  return page({ title: `${api.title} changelog — userctl API portal`, root: "../", active: api.id, body });
}
