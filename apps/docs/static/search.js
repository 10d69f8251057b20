// Client side of the portal search: loads the index built at build time and searches it as you type.
(async () => {
  const input = document.getElementById("q");
  const list = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  const data = await (await fetch("assets/search-index.json")).json();
  const search = MiniSearch.loadJS(data.index, data.options);
  const item = (hit) => {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = hit.url;
    a.textContent = `${hit.apiTitle} · ${hit.operationId}`;
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = ` ${hit.method} ${hit.path} — ${hit.summary}`;
    li.append(a, meta);
    if (hit.command) {
      const cmd = document.createElement("code");
      cmd.textContent = hit.command;
      li.append(document.createElement("br"), cmd);
    }
    return li;
  };
  const run = () => {
    const q = input.value.trim();
    const hits = q
      ? search.search(q, { prefix: true, fuzzy: 0.2, boost: { operationId: 3, summary: 2 } })
      : [];
    list.replaceChildren(...hits.map(item));
    status.textContent = q
      ? `${hits.length} operation${hits.length === 1 ? " matches" : "s match"} “${q}”`
      : `${data.count} operations indexed`;
    const url = new URL(location.href);
    if (q) url.searchParams.set("q", q);
    else url.searchParams.delete("q");
    history.replaceState(null, "", url);
  };
  input.value = new URLSearchParams(location.search).get("q") ?? "";
  input.addEventListener("input", run);
  input.form.addEventListener("submit", (e) => {
    e.preventDefault();
    run();
  });
  run();
  document.body.dataset.searchReady = "true";
})();
