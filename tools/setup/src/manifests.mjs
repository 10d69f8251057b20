// Reads the set-up manifests: the one list of everything outside npm that the build, the tests and the main
// job need. The installer (install.mjs) and the preflight of `pnpm test` (preflight.mjs) both read them here,
// so they cannot disagree. Parsing is pure; readManifests() only adds the file reads and hashes.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";

export const FILES = {
  debian: "tools/setup/debian-packages.txt",
  requirements: "tools/python/requirements.txt",
  constraints: "tools/python/constraints.txt",
  goMod: "tools/go/go.mod",
  goSum: "tools/go/go.sum",
  goModules: "tools/setup/go-modules.txt",
  mavenProjects: "tools/setup/maven-projects.txt",
};

export const VENV = "tools/python/.venv";
export const GO_BIN = "tools/go/bin";
/** Stamps recording what was installed from which manifest version (git-ignored). */
export const STATE_DIR = "tools/setup/.state";

/** Lines without `#` comments and blanks. */
export function entries(text) {
  return text
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .filter(Boolean);
}

/** `<package> <proof> [<minimum version>]  # why` per line; `# suite: <name>` records the Debian suite. */
export function parseDebianPackages(text) {
  const suite = /^#\s*suite:\s*(\S+)/m.exec(text)?.[1] ?? null;
  const packages = [];
  for (const raw of text.split("\n")) {
    const hash = raw.indexOf("#");
    const line = (hash === -1 ? raw : raw.slice(0, hash)).trim();
    if (!line) continue;
    const [name, proof, minimum, ...rest] = line.split(/\s+/);
    if (!proof || rest.length > 0) {
      throw new Error(`${FILES.debian}: "${line}" must be "<package> <proof> [<minimum version>]"`);
    }
    const why = hash === -1 ? "" : raw.slice(hash + 1).trim();
    packages.push({ name, proof, minimum: minimum ?? null, why });
  }
  return { suite, packages };
}

/** The binary names `go install tool` writes, from the `tool` directives of a go.mod. */
export function parseGoTools(goMod) {
  const paths = [];
  const block = /^tool\s*\(([^)]*)\)/gm;
  for (const match of goMod.matchAll(block)) paths.push(...entries(match[1]));
  for (const match of goMod.matchAll(/^tool\s+([^\s(]+)\s*$/gm)) paths.push(match[1]);
  return paths.map((path) => {
    const parts = path.split("/");
    const last = parts.at(-1);
    // a major-version suffix (…/v2) is not the command's name
    return /^v\d+$/.test(last) && parts.length > 1 ? parts.at(-2) : last;
  });
}

export function hashOf(...texts) {
  const hash = createHash("sha256");
  for (const text of texts) hash.update(`${text.length}:${text}`);
  return hash.digest("hex");
}

/**
 * The `groupId:artifactId:version` of every dependency declared inside a `<plugin>` of a pom (e.g. surefire's
 * JUnit provider). `dependency:go-offline` does not fetch these (apache/maven-surefire#3248, MDEP-198), so an
 * offline test run would fail on a fresh machine; the installer fetches each with `dependency:get`.
 * `${property}` versions are resolved from the pom's `<properties>`.
 */
export function parsePluginDependencies(pomXml, pom = "pom.xml") {
  const parser = new XMLParser({
    isArray: (name) => ["plugin", "dependency"].includes(name),
    parseTagValue: false, // versions stay text: "1.10" is not the number 1.1
  });
  const project = parser.parse(pomXml).project ?? {};
  const properties = project.properties ?? {};
  const resolve = (value) =>
    String(value ?? "").replace(/\$\{([^}]+)\}/g, (_whole, name) => {
      if (properties[name] === undefined)
        throw new Error(`${pom}: unknown property \${${name}} in a plugin dependency`);
      return String(properties[name]);
    });
  const plugins = [
    ...(project.build?.plugins?.plugin ?? []),
    ...(project.build?.pluginManagement?.plugins?.plugin ?? []),
  ];
  const coordinates = plugins.flatMap((plugin) =>
    (plugin.dependencies?.dependency ?? []).map((dep) => {
      const parts = [dep.groupId, dep.artifactId, dep.version].map(resolve);
      if (parts.some((part) => part === "")) {
        throw new Error(
          `${pom}: a dependency of plugin ${plugin.artifactId} needs groupId, artifactId and version`,
        );
      }
      return parts.join(":");
    }),
  );
  return [...new Set(coordinates)];
}

/** Everything the set-up must provide, read from the manifests under `root`. */
export function readManifests(root) {
  const read = (file) => (existsSync(join(root, file)) ? readFileSync(join(root, file), "utf8") : null);
  const requirements = read(FILES.requirements);
  const goMod = read(FILES.goMod);
  const goModules = entries(read(FILES.goModules) ?? "");
  const poms = entries(read(FILES.mavenProjects) ?? "");
  return {
    debian: parseDebianPackages(read(FILES.debian) ?? ""),
    python:
      requirements === null
        ? null
        : {
            hash: hashOf(requirements, read(FILES.constraints) ?? ""),
            constraints: read(FILES.constraints) !== null,
          },
    goTools:
      goMod === null ? null : { names: parseGoTools(goMod), hash: hashOf(goMod, read(FILES.goSum) ?? "") },
    goModules,
    mavenProjects: poms.map((pom) => {
      const text = read(pom) ?? "";
      return { pom, hash: hashOf(text), pluginDependencies: text ? parsePluginDependencies(text, pom) : [] };
    }),
  };
}
