// The emitter must write `tsc --noCheck`'s declarations and JavaScript that behaves as tsc's for the same project,
// and refuse what it cannot emit alone.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { EmitError, emitProject } from "../src/emit.mjs";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const bin = join(dirname(fileURLToPath(import.meta.url)), "..", "bin", "emit.mjs");

const compilerOptions = {
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  strict: true,
  resolveJsonModule: true,
  verbatimModuleSyntax: true,
  declaration: true,
  declarationMap: true,
  sourceMap: true,
  isolatedDeclarations: true,
  rootDir: "src",
  outDir: "dist",
};

const sources = {
  "src/index.ts": [
    'export { greet, type Greeting } from "./greet.js";',
    'export { validators } from "./generated/validators.js";',
    "export const LEVELS = { low: 1, high: [2, 3] } as const;",
    "export class Counter {",
    "  #count = 0;",
    "  constructor(readonly step: number = 1) {}",
    "  next(): number {",
    "    this.#count += this.step;",
    "    return this.#count;",
    "  }",
    "}",
    "",
  ].join("\n"),
  "src/greet.ts": [
    "/** A greeting. */",
    "export interface Greeting { text: string; loud?: boolean }",
    "export function greet(name: string, loud = false): Greeting {",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture's TypeScript source, not a template
    "  return { text: `hello ${name}`, loud };",
    "}",
    "export enum Tone { Calm = 'calm', Loud = 'loud' }",
    "",
  ].join("\n"),
  "src/legacy.cts": "export const legacy: string = 'cjs';\n",
  "src/generated/validators.js": "export const validators = { ok: () => true };\n",
  "src/generated/validators.d.ts": "export declare const validators: Record<string, () => boolean>;\n",
};

const dirs = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(files = sources, options = compilerOptions) {
  const dir = mkdtempSync(join(tmpdir(), "userctl-emit-"));
  dirs.push(dir);
  const all = {
    "package.json": JSON.stringify({ type: "module" }),
    "tsconfig.json": JSON.stringify({ compilerOptions: options, include: ["src"] }),
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const listFiles = (dir, base = dir) =>
  readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? listFiles(join(dir, e.name), base) : [join(dir, e.name).slice(base.length + 1)],
    )
    .sort();

describe("emitProject", () => {
  it("writes tsc --noCheck's declarations and their maps, JavaScript that behaves as tsc's, and ships generated .js/.d.ts pairs", async () => {
    const dir = project();
    const written = emitProject(join(dir, "tsconfig.json"));
    const byTsc = spawnSync(
      process.execPath,
      [tsc, "-p", "tsconfig.json", "--noCheck", "--outDir", "tsc-dist"],
      {
        cwd: dir,
        encoding: "utf8",
      },
    );
    expect(byTsc.stderr + byTsc.stdout).toBe("");
    const emitted = listFiles(join(dir, "dist"));
    expect(written.map((file) => file.slice(join(dir, "dist").length + 1)).sort()).toEqual(emitted);
    // tsc copies neither hand-written declarations nor (without allowJs) the JavaScript they declare
    const generated = ["generated/validators.d.ts", "generated/validators.js"];
    expect(emitted.filter((file) => !listFiles(join(dir, "tsc-dist")).includes(file))).toEqual(generated);
    // declarations and their maps: byte for byte tsc's
    for (const file of emitted.filter((f) => !generated.includes(f) && /\.d\.c?ts(\.map)?$/.test(f))) {
      expect([file, readFileSync(join(dir, "dist", file), "utf8")]).toEqual([
        file,
        readFileSync(join(dir, "tsc-dist", file), "utf8"),
      ]);
    }
    // JavaScript (esbuild's): the same program as tsc's, run side by side
    const exercise = async (root) => {
      const index = await import(pathToFileURL(join(dir, root, "index.js")).href);
      const greet = await import(pathToFileURL(join(dir, root, "greet.js")).href);
      const counter = new index.Counter(2);
      return {
        keys: Object.keys(index).sort(),
        levels: index.LEVELS,
        counts: [counter.next(), counter.next()],
        ownFields: Object.keys(counter),
        greeting: greet.greet("ada", true),
        tone: greet.Tone,
        legacy: createRequire(join(dir, root, "x.js"))("./legacy.cjs").legacy,
      };
    };
    // tsc does not copy the generated JavaScript the index re-exports
    cpSync(join(dir, "src", "generated"), join(dir, "tsc-dist", "generated"), { recursive: true });
    expect(await exercise("dist")).toEqual(await exercise("tsc-dist"));
    for (const file of generated) {
      expect(readFileSync(join(dir, "dist", file), "utf8")).toBe(
        readFileSync(join(dir, "src", file), "utf8"),
      );
    }
    // ESM where package.json says so, CommonJS for .cts, as tsc decides under NodeNext
    expect(readFileSync(join(dir, "dist", "greet.js"), "utf8")).toMatch(/^export \{[^}]*\bgreet\b/m);
    expect(readFileSync(join(dir, "dist", "legacy.cjs"), "utf8")).toMatch(/^module\.exports = /m);
    expect(readFileSync(join(dir, "dist", "greet.js"), "utf8")).toMatch(
      /\n\/\/# sourceMappingURL=greet\.js\.map\n$/,
    );
    // maps point from dist back to src, as tsc's do
    expect(JSON.parse(readFileSync(join(dir, "dist", "greet.js.map"), "utf8")).sources).toEqual([
      "../src/greet.ts",
    ]);
    expect(JSON.parse(readFileSync(join(dir, "dist", "greet.d.ts.map"), "utf8"))).toMatchObject({
      file: "greet.d.ts",
      sources: ["../src/greet.ts"],
    });
  });

  it("empties outDir first, so a deleted source leaves nothing behind", () => {
    const dir = project();
    emitProject(join(dir, "tsconfig.json"));
    rmSync(join(dir, "src", "legacy.cts"));
    emitProject(join(dir, "tsconfig.json"));
    expect(listFiles(join(dir, "dist")).filter((file) => file.startsWith("legacy"))).toEqual([]);
  });

  it.each([
    [
      "a function without a return type",
      { "src/bad.ts": "export function f(a: number) {\n  return a;\n}\n" },
      "src/bad.ts:1:17: TS9007: Function must have an explicit return type annotation with --isolatedDeclarations.",
    ],
    [
      "a syntax error",
      { "src/bad.ts": "export const x: number = ;\n" },
      "src/bad.ts:1:26: TS1109: Expression expected.",
    ],
  ])("refuses %s with file:line:column and the rule, writing nothing", (_, files, message) => {
    const dir = project({ ...sources, ...files });
    let error;
    try {
      emitProject(join(dir, "tsconfig.json"));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EmitError);
    expect(error.message).toBe(message);
    expect(existsSync(join(dir, "dist"))).toBe(false);
  });

  it.each([
    [
      "isolatedDeclarations off",
      { isolatedDeclarations: false },
      /compilerOptions\.isolatedDeclarations must be set/,
    ],
    ["no outDir", { outDir: undefined }, /compilerOptions\.outDir must be set/],
    ["allowJs on", { allowJs: true }, /compilerOptions\.allowJs must be off/],
    ["an unknown option value", { target: "ES1999" }, /TS6046: Argument for '--target' option must be/],
  ])("refuses a tsconfig with %s", (_, change, message) => {
    const dir = project(sources, { ...compilerOptions, ...change });
    expect(() => emitProject(join(dir, "tsconfig.json"))).toThrow(message);
    expect(existsSync(join(dir, "dist"))).toBe(false);
  });
});

describe("userctl-emit", () => {
  const run = (args, cwd) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8" });

  it("emits the project and says how many files, exit 0", () => {
    const dir = project();
    const r = run(["-p", "tsconfig.json"], dir);
    expect([r.status, r.stderr, r.stdout]).toEqual([0, "", "emitted 14 files from tsconfig.json\n"]);
  });

  it("exits 1 with the diagnostics and no stack trace when a file cannot be emitted alone", () => {
    const dir = project({ ...sources, "src/bad.ts": "export const f = (a: number) => a;\n" });
    const r = run(["-p", "tsconfig.json"], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^src\/bad\.ts:1:18: TS9007: Function must have an explicit return type annotation/,
    );
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("exits 1 with one line, no stack trace, when outDir cannot be written", () => {
    const dir = project(sources, { ...compilerOptions, outDir: "blocker/dist" });
    writeFileSync(join(dir, "blocker"), "a file where outDir's parent should be\n");
    const r = run(["-p", "tsconfig.json"], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^userctl-emit: ENOTDIR: not a directory/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("exits 2 on an unknown flag, naming it", () => {
    const r = run(["--watch"], tmpdir());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^userctl-emit: Unknown option '--watch'.*usage: userctl-emit \[-p <tsconfig>\]/,
    );
  });
});
