// What the set-up has to do, decided from the manifests and a snapshot of the machine (probe.mjs). Pure, so
// every case is table-tested (test/plan.test.mjs); install.mjs runs the plan, preflight.mjs reports it.
import { FILES, GO_BIN, STATE_DIR, VENV } from "./manifests.mjs";

const INSTALLER = "node tools/setup/install.mjs";

/** The stamp file recording which manifest version a step installed. */
export const stampFile = (id) => `${STATE_DIR}/${id.replace(/[^A-Za-z0-9._-]+/g, "_")}.sha256`;

/**
 * @typedef {{ argv: string[], cwd?: string, env?: Record<string, string> }} Command
 * @typedef {{ name: string, why: string, fix: string }} Missing  one thing the tests need and do not have
 * @typedef {{
 *   id: string, title: string, status: "ok" | "install" | "blocked",
 *   missing: Missing[], commands: Command[], stamp?: { file: string, hash: string }, blocked?: string
 * }} Step
 */

/**
 * @param {ReturnType<typeof import("./manifests.mjs").readManifests>} manifests
 * @param {{
 *   root: boolean, aptGet: boolean,
 *   proofs: Record<string, boolean>, versionOk: Record<string, boolean | null>,
 *   python3: boolean, venvPython: boolean, go: boolean, mvn: boolean,
 *   files: Record<string, boolean>, stamps: Record<string, string | null>, goModulesCached: Record<string, boolean>
 * }} state
 * @returns {Step[]}
 */
export function plan(manifests, state) {
  const steps = [debianStep(manifests.debian, state)];
  if (manifests.python) steps.push(pythonStep(manifests.python, state));
  if (manifests.goTools && manifests.goTools.names.length > 0)
    steps.push(goToolsStep(manifests.goTools, state));
  for (const dir of manifests.goModules) steps.push(goModuleStep(dir, state));
  for (const project of manifests.mavenProjects) steps.push(mavenStep(project, state));
  return steps;
}

function debianStep({ packages }, state) {
  const absent = packages.filter((p) => !state.proofs[p.proof] || state.versionOk[p.name] === false);
  const names = absent.map((p) => p.name);
  const aptInstall = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...names];
  const sudo = state.root ? "" : "sudo ";
  const fix = state.aptGet
    ? `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${names.join(" ")}`
    : `install the Debian packages ${names.join(" ")} (or your system's equivalents)`;
  const step = {
    id: "debian",
    title: `Debian packages (${packages.map((p) => p.name).join(", ")})`,
    missing: absent.map((p) => ({
      name: p.name,
      why: `${state.proofs[p.proof] ? `older than ${p.minimum}` : `no ${proofLabel(p.proof)}`}${p.why ? `; ${p.why}` : ""}`,
      fix: !state.aptGet
        ? `your system's package for ${proofLabel(p.proof)} (Debian: ${p.name})`
        : state.root
          ? INSTALLER
          : `sudo apt-get install -y --no-install-recommends ${p.name}`,
    })),
    commands: [],
  };
  if (absent.length === 0) return { ...step, status: "ok" };
  if (!state.root || !state.aptGet) {
    const reason = state.aptGet ? "not running as root" : "no apt-get on this machine";
    return { ...step, status: "blocked", blocked: `${reason}; run: ${fix}` };
  }
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  // the package lists are refreshed only when something is to be installed
  return {
    ...step,
    status: "install",
    commands: [
      { argv: ["apt-get", "update", "-qq"], env },
      { argv: aptInstall, env },
    ],
  };
}

function proofLabel(proof) {
  if (proof.startsWith("py:")) return `python3 module ${proof.slice(3)}`;
  return proof.startsWith("/") ? proof : `${proof} on PATH`;
}

function pythonStep(python, state) {
  const id = "python";
  const stamp = { file: `${VENV}/.userctl-requirements.sha256`, hash: python.hash };
  const pip = [`${VENV}/bin/python`, "-m", "pip", "install", "-q", "--disable-pip-version-check"];
  pip.push("-r", FILES.requirements, ...(python.constraints ? ["-c", FILES.constraints] : []));
  const base = { id, title: `Python tools (${FILES.requirements} → ${VENV})`, commands: [], stamp };
  const missing = (why) => [{ name: VENV, why, fix: INSTALLER }];
  if (!state.venvPython) {
    if (!state.python3) {
      const fix = state.aptGet ? "apt-get install -y python3 python3-venv" : "install Python 3";
      return {
        ...base,
        status: "blocked",
        missing: missing("no python3"),
        blocked: `no python3; run: ${fix}`,
      };
    }
    const commands = [{ argv: ["python3", "-m", "venv", VENV] }, { argv: pip }];
    return { ...base, status: "install", missing: missing("not created"), commands };
  }
  if (state.stamps[stamp.file] !== python.hash) {
    return {
      ...base,
      status: "install",
      missing: missing(`${FILES.requirements} changed`),
      commands: [{ argv: pip }],
    };
  }
  return { ...base, status: "ok", missing: [] };
}

function goToolsStep(goTools, state) {
  const stamp = { file: `${GO_BIN}/.userctl-go-sum.sha256`, hash: goTools.hash };
  const absent = goTools.names.filter((name) => !state.files[`${GO_BIN}/${name}`]);
  const changed = state.stamps[stamp.file] !== goTools.hash;
  const base = {
    id: "go-tools",
    title: `Go tools (${goTools.names.join(", ")} → ${GO_BIN})`,
    stamp,
    commands: [],
  };
  const missing = absent.length
    ? absent.map((name) => ({ name: `${GO_BIN}/${name}`, why: "not built", fix: INSTALLER }))
    : changed
      ? [{ name: GO_BIN, why: `${FILES.goMod} changed`, fix: INSTALLER }]
      : [];
  if (missing.length === 0) return { ...base, status: "ok", missing };
  if (!state.go)
    return {
      ...base,
      status: "blocked",
      missing,
      blocked: "no go on PATH; install Go ≥ the version in tools/go/go.mod",
    };
  // GOBIN is absolute: go resolves it from its own working directory
  const command = { argv: ["go", "install", "tool"], cwd: "tools/go", env: { GOBIN: `$ROOT/${GO_BIN}` } };
  return { ...base, status: "install", missing, commands: [command] };
}

function goModuleStep(dir, state) {
  const base = { id: `go-module:${dir}`, title: `Go module ${dir} (go mod download)`, commands: [] };
  if (state.goModulesCached[dir]) return { ...base, status: "ok", missing: [] };
  const missing = [{ name: `Go modules of ${dir}`, why: "not downloaded", fix: INSTALLER }];
  if (!state.go) return { ...base, status: "blocked", missing, blocked: "no go on PATH" };
  return { ...base, status: "install", missing, commands: [{ argv: ["go", "mod", "download"], cwd: dir }] };
}

function mavenStep({ pom, hash, pluginDependencies = [] }, state) {
  const stamp = { file: stampFile(`maven:${pom}`), hash };
  const base = {
    id: `maven:${pom}`,
    title: `Maven project ${pom} (dependency:go-offline)`,
    stamp,
    commands: [],
  };
  if (state.stamps[stamp.file] === hash) return { ...base, status: "ok", missing: [] };
  const missing = [{ name: `Maven dependencies of ${pom}`, why: "not resolved", fix: INSTALLER }];
  if (!state.mvn)
    return { ...base, status: "blocked", missing, blocked: "no mvn on PATH; run: apt-get install -y maven" };
  return {
    ...base,
    status: "install",
    missing,
    commands: [
      { argv: ["mvn", "-B", "-q", "-f", pom, "dependency:go-offline"] },
      // go-offline leaves out the dependencies declared inside plugins (surefire's JUnit provider): fetch each
      ...pluginDependencies.map((artifact) => ({
        argv: ["mvn", "-B", "-q", "-f", pom, "dependency:get", `-Dartifact=${artifact}`],
      })),
    ],
  };
}

/** The preflight's lines: one per missing thing, naming it, why it is needed and the command that installs it. */
export function preflightLines(steps) {
  return steps.flatMap((step) =>
    step.missing.map((m) => `preflight: missing ${m.name} (${m.why}); install it with: ${m.fix}`),
  );
}

/** A command as a human would type it (for --check and the progress lines); `$ROOT` is the repository root. */
export function describeCommand({ argv, cwd, env }, root) {
  const vars = Object.entries(env ?? {}).map(([k, v]) => `${k}=${v.replace("$ROOT", root)} `);
  const line = `${vars.join("")}${argv.join(" ")}`;
  return cwd ? `(cd ${cwd} && ${line})` : line;
}
