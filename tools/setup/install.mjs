#!/usr/bin/env node
// THE installer for everything outside npm that the build, the tests and the main job need, read from the
// manifests (see tools/setup/README.md). `npm run bootstrap` and `.ci/run` both run it. Idempotent: installs only
// what is missing or whose manifest changed, one line per step. `--check` only says what it would do (exit 1 if
// anything is to do). Where it cannot install (not root, no apt-get, no go …) it stops with the command that would.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readManifests } from "./src/manifests.mjs";
import { describeCommand, plan } from "./src/plan.mjs";
import { probe } from "./src/probe.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== "--check");
if (unknown.length > 0) {
  console.error(`setup: unknown argument ${unknown[0]} (usage: node tools/setup/install.mjs [--check])`);
  process.exit(2);
}
const checkOnly = args.includes("--check");
const say = (status, text) => console.log(`setup: ${status.padEnd(9)} ${text}`);

let manifests;
try {
  manifests = readManifests(root);
} catch (error) {
  console.error(`setup: ${error.message}`);
  process.exit(2);
}
const steps = plan(manifests, probe(root, manifests));

if (checkOnly) {
  for (const step of steps) {
    if (step.status === "ok") say("ok", step.title);
    else if (step.status === "blocked") say("blocked", `${step.title}: ${step.blocked}`);
    else
      say("would run", `${step.title}: ${step.commands.map((c) => describeCommand(c, root)).join(" && ")}`);
  }
  process.exit(steps.every((s) => s.status === "ok") ? 0 : 1);
}

let installed = 0;
for (const step of steps) {
  if (step.status === "ok") {
    say("ok", step.title);
    continue;
  }
  if (step.status === "blocked") {
    say("cannot", `install ${step.title}: ${step.blocked}`);
    process.exit(1);
  }
  say("install", `${step.title}: ${step.commands.map((c) => describeCommand(c, root)).join(" && ")}`);
  for (const command of step.commands) run(command);
  if (step.stamp) {
    mkdirSync(dirname(join(root, step.stamp.file)), { recursive: true });
    writeFileSync(join(root, step.stamp.file), `${step.stamp.hash}\n`);
  }
  installed++;
}

// Whatever was installed must now satisfy the manifests (e.g. a Debian version below its minimum).
const after = plan(manifests, probe(root, manifests)).filter((s) => s.status !== "ok");
for (const step of after) {
  for (const m of step.missing) say("failed", `${step.title}: still missing ${m.name} (${m.why})`);
}
if (after.length > 0) process.exit(1);
say("done", `${steps.length} steps, ${installed} installed, everything the tests need is present`);

/** Runs one command quietly; its output is shown only if it fails. */
function run(command) {
  const env = { ...process.env };
  for (const [k, v] of Object.entries(command.env ?? {})) env[k] = v.replace("$ROOT", root);
  const result = spawnSync(command.argv[0], command.argv.slice(1), {
    cwd: join(root, command.cwd ?? "."),
    env,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status === 0) return;
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trimEnd().split("\n").slice(-40).join("\n");
  const why = result.error ? result.error.message : `exited with ${result.status ?? result.signal}`;
  say("failed", `${describeCommand(command, root)} ${why}${output ? `:\n${output}` : ""}`);
  process.exit(1);
}
