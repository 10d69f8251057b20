// A snapshot of the machine for plan(): which proofs exist, which versions are installed, which stamps match.
// Only reads; never installs.
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { GO_BIN, VENV } from "./manifests.mjs";
import { stampFile } from "./plan.mjs";

const quiet = { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] };

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function onPath(command) {
  return (process.env.PATH ?? "").split(delimiter).some((dir) => dir && executable(join(dir, command)));
}

function proofHolds(proof) {
  if (proof.startsWith("py:")) {
    return onPath("python3") && spawnSync("python3", ["-c", `import ${proof.slice(3)}`], quiet).status === 0;
  }
  return proof.startsWith("/") ? executable(proof) : onPath(proof);
}

/** true/false when dpkg knows the package, null when it cannot tell (no dpkg, or installed another way). */
function meetsMinimum(name, minimum) {
  if (!minimum || !onPath("dpkg-query")) return null;
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own field syntax
  const query = spawnSync("dpkg-query", ["-W", "-f=${Status} ${Version}", name], quiet);
  const match = /install ok installed (\S+)/.exec(query.stdout ?? "");
  if (query.status !== 0 || !match) return null;
  return spawnSync("dpkg", ["--compare-versions", match[1], "ge", minimum], quiet).status === 0;
}

const readStamp = (root, file) =>
  existsSync(join(root, file)) ? readFileSync(join(root, file), "utf8").trim() : null;

/** Go answers `go mod download` from its module cache alone (GOPROXY=off) only when everything is there. */
function goModuleCached(root, dir) {
  const env = { ...process.env, GOPROXY: "off", GOFLAGS: "-mod=mod" };
  return spawnSync("go", ["mod", "download"], { ...quiet, cwd: join(root, dir), env }).status === 0;
}

export function probe(root, manifests) {
  const go = onPath("go");
  const proofs = {};
  const versionOk = {};
  for (const p of manifests.debian.packages) {
    proofs[p.proof] = proofHolds(p.proof);
    versionOk[p.name] = proofs[p.proof] ? meetsMinimum(p.name, p.minimum) : null;
  }
  const files = {};
  for (const name of manifests.goTools?.names ?? [])
    files[`${GO_BIN}/${name}`] = executable(join(root, GO_BIN, name));
  const stampFiles = [
    `${VENV}/.userctl-requirements.sha256`,
    `${GO_BIN}/.userctl-go-sum.sha256`,
    ...manifests.mavenProjects.map(({ pom }) => stampFile(`maven:${pom}`)),
  ];
  return {
    root: process.getuid?.() === 0,
    aptGet: onPath("apt-get"),
    proofs,
    versionOk,
    python3: onPath("python3"),
    venvPython: executable(join(root, VENV, "bin", "python")),
    go,
    mvn: onPath("mvn"),
    files,
    stamps: Object.fromEntries(stampFiles.map((file) => [file, readStamp(root, file)])),
    goModulesCached: Object.fromEntries(
      manifests.goModules.map((dir) => [dir, go && goModuleCached(root, dir)]),
    ),
  };
}
