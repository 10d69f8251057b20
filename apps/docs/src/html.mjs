// The portal's own pages share one layout: a top bar (home, the three references, CLI reference, client
// generation, search) over the page body. Everything is plain HTML + one stylesheet, served from the site.
import { APIS } from "./apis.mjs";

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const esc = (value) => String(value ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** Tagged template that escapes every interpolated value unless it was produced by `raw()`. */
export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1];
  });
  return raw(out);
}
const RAW = Symbol("raw");
export const raw = (text) => ({ [RAW]: true, text });
const render = (v) => {
  if (v === undefined || v === null || v === false) return "";
  if (Array.isArray(v)) return v.map(render).join("");
  if (typeof v === "object" && v[RAW]) return v.text;
  return esc(v);
};
export const renderHtml = (fragment) => render(fragment);

/** `root` is the relative path from the page to the site root ("" or "../"). */
export function topBar(root, active) {
  const link = (href, label, key) =>
    html`<a href="${root}${href}"${active === key ? raw(' aria-current="page"') : ""}>${label}</a>`;
  return html`<header class="topbar">
  <a class="brand" href="${root}index.html">userctl <span>API portal</span></a>
  <nav aria-label="Site">
    ${APIS.map((a) => link(`${a.id}/index.html`, a.title, a.id))}
    ${link("cli.html", "CLI reference", "cli")}
    ${link("generate-clients.html", "Other languages", "generate")}
  </nav>
  <form class="search" action="${root}search.html" method="get" role="search">
    <input type="search" name="q" placeholder="Search operations" aria-label="Search operations">
  </form>
</header>`;
}

export function page({ title, root, active, body, scripts = [] }) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${root}assets/site.css">
</head>
<body>
${renderHtml(topBar(root, active))}
<main class="content">
${renderHtml(body)}
</main>
${scripts.map((s) => `<script src="${root}${s}"></script>`).join("\n")}
</body>
</html>
`;
}
