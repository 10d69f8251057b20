// The CLI reference comes from `userctl __reference --json` — the CLI's own command tree — never by hand.
import { execFileSync } from "node:child_process";
import { page } from "./html.mjs";
import { code, html } from "./pages.mjs";

export function readCliReference(cliPath) {
  let out;
  try {
    out = execFileSync(process.execPath, [cliPath, "__reference", "--json"], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 30_000,
    });
  } catch (error) {
    const detail = String(error.stderr ?? error.message)
      .trim()
      .split("\n")[0];
    throw new Error(`cannot read the CLI reference from ${cliPath} __reference --json: ${detail}`);
  }
  const ref = JSON.parse(out);
  if (!ref?.root?.commands) throw new Error(`${cliPath} __reference --json: no root.commands in its output`);
  return ref;
}

export function* walkCommands(node) {
  yield node;
  for (const child of node.commands ?? []) yield* walkCommands(child);
}

/**
 * Maps each API's operationIds to the CLI leaf that calls it. The CLI names the operation of a leaf in
 * `operationId` (and its API in `api`); vendor command groups are matched by the API's `cliGroup`.
 */
export function commandsByOperation(ref, api) {
  const vendor = ref.root.commands.find((c) => c.name === api.cliGroup);
  const map = new Map();
  if (!vendor) return map;
  for (const cmd of walkCommands(vendor)) {
    if (cmd.operationId && (!cmd.api || cmd.api === api.id)) map.set(cmd.operationId, cmd);
  }
  return map;
}

const anchor = (cmd) => `cmd-${cmd.path.slice(1).join("-") || "userctl"}`;

function commandSection(cmd) {
  return html`<section class="cli-command" id="${anchor(cmd)}">
  <h3><code>${cmd.path.join(" ")}</code></h3>
  <p>${cmd.summary}</p>
  ${cmd.description && cmd.description !== cmd.summary ? html`<p class="description">${cmd.description}</p>` : ""}
  ${code(cmd.usage, "shell")}
  ${cmd.operationId ? html`<p>Calls <a href="${cmd.apiId}/index.html#operation/${cmd.operationId}"><code>${cmd.operationId}</code></a>.</p>` : ""}
  ${cmd.arguments?.length ? html`<h4>Arguments</h4><dl class="options">${cmd.arguments.map((a) => html`<dt>${a.required ? `<${a.name}>` : `[${a.name}]`}</dt><dd>${a.description}</dd>`)}</dl>` : ""}
  ${
    cmd.options?.length
      ? html`<h4>Options</h4><dl class="options">${cmd.options.map(
          (o) =>
            html`<dt>${o.flags}</dt><dd>${o.description}${o.choices ? ` (one of ${o.choices.join(", ")})` : ""}${o.default !== undefined ? html` <span class="env">default: ${String(o.default)}</span>` : ""}${o.env ? html` <span class="env">env: ${o.env}</span>` : ""}${o.required ? html` <span class="env">required</span>` : ""}</dd>`,
        )}</dl>`
      : ""
  }
  ${cmd.examples?.length ? html`<h4>Examples</h4>${code(cmd.examples.join("\n"), "shell")}` : ""}
</section>`;
}

export function cliReferencePage(ref, apis) {
  const byGroup = new Map(apis.map((a) => [a.cliGroup, a.id]));
  const all = [...walkCommands(ref.root)].map((cmd) => ({ ...cmd, apiId: byGroup.get(cmd.path[1]) }));
  const [root, ...rest] = all;
  const body = html`<h1>CLI reference <small>userctl ${ref.version}</small></h1>
<p>Generated from <code>userctl __reference --json</code>, the CLI's own command definitions, on every docs build.</p>
<nav class="cli-toc" aria-label="Commands"><ul>${rest.map(
    (c) =>
      html`<li><a href="#${anchor(c)}"><code>${c.path.slice(1).join(" ")}</code></a> — ${c.summary}</li>`,
  )}</ul></nav>
${commandSection(root)}
${ref.exitCodes?.length ? html`<h2 id="exit-codes">Exit codes</h2><table><thead><tr><th>Code</th><th>Meaning</th></tr></thead><tbody>${ref.exitCodes.map((e) => html`<tr><td>${e.code}</td><td>${e.meaning}</td></tr>`)}</tbody></table>` : ""}
<h2>Commands</h2>
${rest.map(commandSection)}`;
  return page({ title: "CLI reference — userctl API portal", root: "", active: "cli", body });
}

/**
 * Breaks a long shell command before each option (outside quotes) with `\` continuations, so the reference's
 * narrow sample panel shows it whole. The result is the same command to a shell.
 */
export function wrapCommand(command, width = 72) {
  if (command.length <= width || command.includes("\n")) return command;
  const parts = [];
  let quote = "";
  let start = 0;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === "'" || c === '"') quote = c;
    else if (c === " " && command[i + 1] === "-" && i > start) {
      parts.push(command.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(command.slice(start));
  return parts.join(" \\\n  ");
}
