// The set-up's decisions, table by table: what the manifests say, what the machine has, what gets run.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  entries,
  hashOf,
  parseDebianPackages,
  parseGoTools,
  parsePluginDependencies,
} from "../src/manifests.mjs";
import { describeCommand, plan, preflightLines, stampFile } from "../src/plan.mjs";

const pom = (body, properties = "") =>
  `<?xml version="1.0"?><project><properties>${properties}</properties><build><plugins>${body}</plugins></build></project>`;
const plugin = (deps) =>
  `<plugin><artifactId>maven-surefire-plugin</artifactId><dependencies>${deps}</dependencies></plugin>`;
/** A Maven property reference, `${name}` (spelt out so it does not read as a template placeholder). */
const ref = (name) => `$${"{"}${name}}`;
const dep = (g, a, v) =>
  `<dependency><groupId>${g}</groupId><artifactId>${a}</artifactId><version>${v}</version></dependency>`;

describe("plugin dependencies of a pom (what go-offline leaves out)", () => {
  it.each([
    ["none", pom("<plugin><artifactId>x</artifactId></plugin>"), []],
    ["one", pom(plugin(dep("g", "a", "1.0"))), ["g:a:1.0"]],
    ["two in one plugin", pom(plugin(dep("g", "a", "1") + dep("g", "b", "2"))), ["g:a:1", "g:b:2"]],
    ["a property version, kept as text", pom(plugin(dep("g", "a", ref("v"))), "<v>1.10</v>"), ["g:a:1.10"]],
    [
      "pluginManagement too",
      `<project><build><pluginManagement><plugins>${plugin(dep("g", "m", "3"))}</plugins></pluginManagement></build></project>`,
      ["g:m:3"],
    ],
  ])("%s", (_name, xml, expected) => {
    expect(parsePluginDependencies(xml)).toEqual(expected);
  });

  it("names the pom and the property it cannot resolve", () => {
    expect(() => parsePluginDependencies(pom(plugin(dep("g", "a", ref("nope")))), "p/pom.xml")).toThrow(
      `p/pom.xml: unknown property ${ref("nope")} in a plugin dependency`,
    );
  });

  it("finds surefire's JUnit provider in the project's Java client pom", () => {
    const text = readFileSync(new URL("../../../packages/clients-java/pom.xml", import.meta.url), "utf8");
    expect(parsePluginDependencies(text)).toContain(
      "org.apache.maven.surefire:surefire-junit-platform:3.2.5",
    );
  });
});

describe("manifest parsing", () => {
  it("drops comments and blank lines", () => {
    expect(entries("# head\n\na  # why\n  b\n#c\n")).toEqual(["a", "b"]);
  });

  it("reads package, proof, minimum version, reason and the recorded suite", () => {
    const text = "# suite: bookworm\nzsh  zsh  5.9  # completion tests\nchromium /usr/bin/chromium\n";
    expect(parseDebianPackages(text)).toEqual({
      suite: "bookworm",
      packages: [
        { name: "zsh", proof: "zsh", minimum: "5.9", why: "completion tests" },
        { name: "chromium", proof: "/usr/bin/chromium", minimum: null, why: "" },
      ],
    });
  });

  it.each([["zsh"], ["zsh zsh 5.9 extra"]])("rejects %j, naming the file and the expected shape", (line) => {
    expect(() => parseDebianPackages(line)).toThrow(
      `tools/setup/debian-packages.txt: "${line}" must be "<package> <proof> [<minimum version>]"`,
    );
  });

  it.each([
    ["a tool block", "tool (\n\tgithub.com/a/b/v2/cmd/gen\n\tgithub.com/c/d\n)\n", ["gen", "d"]],
    ["single tool lines", "tool github.com/x/y/v3\ntool example.com/z\n", ["y", "z"]],
    ["no tools", "module m\n\ngo 1.26.0\n", []],
  ])("names the binaries of %s", (_name, goMod, names) => {
    expect(parseGoTools(goMod)).toEqual(names);
  });
});

const manifests = (over = {}) => ({
  debian: {
    suite: "bookworm",
    packages: [
      { name: "zsh", proof: "zsh", minimum: "5.9", why: "completion tests" },
      { name: "chromium", proof: "/usr/bin/chromium", minimum: null, why: "" },
    ],
  },
  python: { hash: "req-1", constraints: false },
  goTools: { names: ["oasdiff"], hash: "go-1" },
  goModules: [],
  mavenProjects: [],
  ...over,
});
const VENV_STAMP = "tools/python/.venv/.userctl-requirements.sha256";
const GO_STAMP = "tools/go/bin/.userctl-go-sum.sha256";
const machine = (over = {}) => ({
  root: true,
  aptGet: true,
  proofs: { zsh: true, "/usr/bin/chromium": true },
  versionOk: { zsh: true, chromium: null },
  python3: true,
  venvPython: true,
  go: true,
  mvn: true,
  files: { "tools/go/bin/oasdiff": true },
  stamps: { [VENV_STAMP]: "req-1", [GO_STAMP]: "go-1" },
  goModulesCached: {},
  ...over,
});
const byId = (steps, id) => steps.find((s) => s.id === id);
const argvs = (step) => step.commands.map((c) => c.argv.join(" "));

describe("plan", () => {
  it("has nothing to do when everything is present and the stamps match", () => {
    const steps = plan(manifests(), machine());
    expect(steps.map((s) => [s.id, s.status])).toEqual([
      ["debian", "ok"],
      ["python", "ok"],
      ["go-tools", "ok"],
    ]);
    expect(steps.flatMap((s) => s.commands)).toEqual([]);
    expect(preflightLines(steps)).toEqual([]);
  });

  it.each([
    ["a command that is absent", { proofs: { zsh: false, "/usr/bin/chromium": true } }, ["zsh"]],
    ["a path that is absent", { proofs: { zsh: true, "/usr/bin/chromium": false } }, ["chromium"]],
    ["a version below the minimum", { versionOk: { zsh: false, chromium: null } }, ["zsh"]],
    ["two absent", { proofs: {} }, ["zsh", "chromium"]],
  ])("installs only what is missing (%s), refreshing the lists first", (_case, over, packages) => {
    const step = byId(plan(manifests(), machine(over)), "debian");
    expect(step.status).toBe("install");
    expect(argvs(step)).toEqual([
      "apt-get update -qq",
      `apt-get install -y -qq --no-install-recommends ${packages.join(" ")}`,
    ]);
    expect(step.missing.map((m) => m.name)).toEqual(packages);
  });

  it.each([
    [
      "not root",
      { root: false },
      "not running as root; run: sudo apt-get update && sudo apt-get install -y --no-install-recommends zsh",
      "sudo apt-get install -y --no-install-recommends zsh",
    ],
    [
      "no apt-get",
      { root: true, aptGet: false },
      "no apt-get on this machine; run: install the Debian packages zsh (or your system's equivalents)",
      "your system's package for zsh on PATH (Debian: zsh)",
    ],
  ])("stops with the exact command when it cannot install (%s)", (_case, over, blocked, fix) => {
    const steps = plan(manifests(), machine({ proofs: { "/usr/bin/chromium": true }, ...over }));
    const step = byId(steps, "debian");
    expect(step.status).toBe("blocked");
    expect(step.blocked).toBe(blocked);
    expect(step.commands).toEqual([]);
    expect(preflightLines(steps)).toEqual([
      `preflight: missing zsh (no zsh on PATH; completion tests); install it with: ${fix}`,
    ]);
  });

  it("says why a present package still counts as missing", () => {
    const steps = plan(manifests(), machine({ versionOk: { zsh: false } }));
    expect(preflightLines(steps)).toEqual([
      "preflight: missing zsh (older than 5.9; completion tests); install it with: node tools/setup/install.mjs",
    ]);
  });

  it.each([
    [
      "no venv",
      { venvPython: false, stamps: {} },
      false,
      [
        "python3 -m venv tools/python/.venv",
        "tools/python/.venv/bin/python -m pip install -q --disable-pip-version-check -r tools/python/requirements.txt",
      ],
    ],
    [
      "requirements changed",
      { stamps: { [VENV_STAMP]: "req-0", [GO_STAMP]: "go-1" } },
      false,
      [
        "tools/python/.venv/bin/python -m pip install -q --disable-pip-version-check -r tools/python/requirements.txt",
      ],
    ],
    [
      "a constraints lock present",
      { stamps: { [GO_STAMP]: "go-1" } },
      true,
      [
        "tools/python/.venv/bin/python -m pip install -q --disable-pip-version-check -r tools/python/requirements.txt -c tools/python/constraints.txt",
      ],
    ],
  ])("Python: %s", (_case, over, constraints, commands) => {
    const step = byId(plan(manifests({ python: { hash: "req-1", constraints } }), machine(over)), "python");
    expect(step.status).toBe("install");
    expect(argvs(step)).toEqual(commands);
    expect(step.stamp).toEqual({ file: VENV_STAMP, hash: "req-1" });
  });

  it("Python without python3 is blocked with the command that installs it", () => {
    const step = byId(plan(manifests(), machine({ python3: false, venvPython: false })), "python");
    expect(step).toMatchObject({
      status: "blocked",
      blocked: "no python3; run: apt-get install -y python3 python3-venv",
    });
  });

  it.each([
    ["a binary is missing", { files: {} }],
    ["go.mod or go.sum changed", { stamps: { [VENV_STAMP]: "req-1", [GO_STAMP]: "go-0" } }],
  ])("Go tools are (re)built with GOBIN when %s", (_case, over) => {
    const step = byId(plan(manifests(), machine(over)), "go-tools");
    expect(step.status).toBe("install");
    expect(step.commands).toEqual([
      { argv: ["go", "install", "tool"], cwd: "tools/go", env: { GOBIN: "$ROOT/tools/go/bin" } },
    ]);
    expect(describeCommand(step.commands[0], "/repo")).toBe(
      "(cd tools/go && GOBIN=/repo/tools/go/bin go install tool)",
    );
  });

  it("Go tools without go are blocked", () => {
    const step = byId(plan(manifests(), machine({ go: false, files: {} })), "go-tools");
    expect(step.status).toBe("blocked");
    expect(preflightLines([step])).toEqual([
      "preflight: missing tools/go/bin/oasdiff (not built); install it with: node tools/setup/install.mjs",
    ]);
  });

  it.each([
    [true, "ok", []],
    [false, "install", ["go mod download"]],
  ])("a listed Go module cached=%s is %s", (cached, status, commands) => {
    const steps = plan(
      manifests({ goModules: ["clients/go"] }),
      machine({ goModulesCached: { "clients/go": cached } }),
    );
    const step = byId(steps, "go-module:clients/go");
    expect(step.status).toBe(status);
    expect(argvs(step)).toEqual(commands);
    if (commands.length) expect(step.commands[0].cwd).toBe("clients/go");
  });

  it.each([
    ["pom-1", "ok", []],
    [
      "pom-0",
      "install",
      [
        "mvn -B -q -f clients/java/pom.xml dependency:go-offline",
        "mvn -B -q -f clients/java/pom.xml dependency:get -Dartifact=g:provider:1",
      ],
    ],
    [
      null,
      "install",
      [
        "mvn -B -q -f clients/java/pom.xml dependency:go-offline",
        "mvn -B -q -f clients/java/pom.xml dependency:get -Dartifact=g:provider:1",
      ],
    ],
  ])("a listed Maven project with stamp %s is %s", (stamped, status, commands) => {
    const file = stampFile("maven:clients/java/pom.xml");
    const steps = plan(
      manifests({
        mavenProjects: [{ pom: "clients/java/pom.xml", hash: "pom-1", pluginDependencies: ["g:provider:1"] }],
      }),
      machine({ stamps: { [VENV_STAMP]: "req-1", [GO_STAMP]: "go-1", [file]: stamped } }),
    );
    const step = byId(steps, "maven:clients/java/pom.xml");
    expect(step.status).toBe(status);
    expect(argvs(step)).toEqual(commands);
    expect(step.stamp).toEqual({ file, hash: "pom-1" });
  });

  it("hashes tell texts apart even when their concatenations agree", () => {
    expect(hashOf("ab", "c")).not.toBe(hashOf("a", "bc"));
    expect(hashOf("ab", "c")).toBe(hashOf("ab", "c"));
  });
});
