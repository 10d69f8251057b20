// A package build without a type-checker. `tsc --noCheck` still builds a whole program: it parses and binds every
// library declaration the package can see (@types/node, openapi-fetch, ...), about three quarters of a client's
// build time. With `isolatedDeclarations` each file's declarations follow from that file alone, so TypeScript's
// own `transpileDeclaration` writes the same declarations (and maps) from the sources only. The JavaScript is
// esbuild's, file by file with the tsconfig's module settings: TypeScript's `transpileModule` wrote the same
// program in 1.2 s for packages/contract where esbuild takes 0.15 s (a cold compiler runs mostly interpreted).
// The typecheck task (`tsc --noEmit` with the same option) is what proves the sources allow it.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative, resolve } from "node:path";

const require = createRequire(import.meta.url);
// Loaded through require: importing TypeScript's 9 MB CommonJS file from ESM makes Node scan all of it for named
// exports first (cjs-module-lexer), about 0.7 s of every build.
const ts = require("typescript");
const esbuild = require("esbuild");

export class EmitError extends Error {}

/** `file:line:column: TSnnnn: message`, the file relative to the project's directory (where its tsconfig is). */
const format = (diagnostic, projectDir) => {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
  if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code}: ${message}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${relative(projectDir, diagnostic.file.fileName)}:${line + 1}:${character + 1}: TS${diagnostic.code}: ${message}`;
};

/** Reads a tsconfig as tsc would (extends, include/exclude, `${configDir}`); throws EmitError on a bad one. */
export function readProject(configPath) {
  const diagnostics = [];
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => diagnostics.push(d) };
  const parsed = ts.getParsedCommandLineOfConfigFile(resolve(configPath), {}, host);
  diagnostics.push(...(parsed?.errors ?? []));
  if (!parsed || diagnostics.length > 0) {
    throw new EmitError(diagnostics.map((d) => format(d, dirname(resolve(configPath)))).join("\n"));
  }
  const { options } = parsed;
  const missing = ["isolatedDeclarations", "outDir", "rootDir"].filter((key) => !options[key]);
  if (missing.length > 0) {
    throw new EmitError(
      `${configPath}: compilerOptions.${missing.join(", ")} must be set (emitting file by file needs isolatedDeclarations, and an outDir and rootDir to place each file)`,
    );
  }
  if (options.allowJs) {
    throw new EmitError(
      `${configPath}: compilerOptions.allowJs must be off (a JavaScript file's declarations need the checker; ship a .d.ts beside it)`,
    );
  }
  return { options, fileNames: parsed.fileNames };
}

/**
 * esbuild's settings from the tsconfig: the output's language level, and the options that change what the
 * JavaScript means (class fields, kept imports), which esbuild reads from `tsconfigRaw` as TypeScript would.
 */
function esbuildOptions(options) {
  const target = ts.ScriptTarget[options.target ?? ts.ScriptTarget.ES5].toLowerCase();
  return {
    loader: "ts",
    target: target === "latest" ? "esnext" : target,
    sourcemap: options.sourceMap ? "external" : false,
    sourcesContent: false, // as tsc's maps: they point at the sources instead of carrying them
    tsconfigRaw: {
      compilerOptions: {
        target,
        useDefineForClassFields: options.useDefineForClassFields,
        verbatimModuleSyntax: options.verbatimModuleSyntax,
        experimentalDecorators: options.experimentalDecorators,
      },
    },
  };
}

/** The map's `file` and `sources` as tsc writes them for an outDir build. */
function placeMap(mapText, sourceFile, outFile) {
  const map = JSON.parse(mapText);
  map.file = basename(outFile);
  map.sources = [relative(dirname(outFile), sourceFile).split("\\").join("/")];
  return JSON.stringify(map);
}

/**
 * Emits every file of the project into its outDir, which it empties first (so a deleted source leaves nothing
 * behind). `.ts` files are transpiled; a `.d.ts` file is copied with the `.js` file beside it (generated code that
 * ships its own declarations, such as the Ajv validators). Returns the files written; throws EmitError listing every diagnostic, having written nothing.
 */
export function emitProject(configPath) {
  const { options, fileNames } = readProject(configPath);
  const projectDir = dirname(resolve(configPath));
  const transform = esbuildOptions(options);
  const outputs = [];
  const messages = []; // one line per problem, the file relative to the project's directory
  for (const sourceFile of fileNames) {
    const rel = relative(options.rootDir, sourceFile);
    const outBase = join(options.outDir, rel);
    if (sourceFile.endsWith(".d.ts")) {
      // Hand-written or generated declarations ship as they are, with the JavaScript they declare, if any.
      outputs.push({ path: outBase, copyFrom: sourceFile });
      const implementation = sourceFile.replace(/\.d\.ts$/, ".js");
      if (existsSync(implementation)) {
        outputs.push({ path: outBase.replace(/\.d\.ts$/, ".js"), copyFrom: implementation });
      }
      continue;
    }
    const text = readFileSync(sourceFile, "utf8");
    const stem = outBase.replace(/\.(m|c)?ts$/, "");
    const ext = { ".mts": ".mjs", ".cts": ".cjs" }[sourceFile.slice(-4)] ?? ".js";
    const dts = ts.transpileDeclaration(text, {
      compilerOptions: options,
      fileName: sourceFile,
      reportDiagnostics: true,
    });
    // A file TypeScript cannot read (a syntax error) is reported once, in TypeScript's words.
    if (dts.diagnostics?.length) {
      messages.push(...dts.diagnostics.map((d) => format(d, projectDir)));
      continue;
    }
    const jsFile = `${stem}${ext}`;
    const dtsFile = `${stem}.d${ext.replace("js", "ts")}`;
    // The module format TypeScript decides for the file under its tsconfig (package.json "type", .mts, .cts).
    const nodeFormat = ts.getImpliedNodeFormatForFile(sourceFile, undefined, ts.sys, options);
    let js;
    try {
      js = esbuild.transformSync(text, {
        ...transform,
        format: nodeFormat === ts.ModuleKind.CommonJS ? "cjs" : "esm",
        sourcefile: sourceFile,
      });
    } catch (error) {
      for (const e of error.errors ?? [{ text: error.message }])
        messages.push(
          e.location
            ? `${relative(projectDir, sourceFile)}:${e.location.line}:${e.location.column + 1}: esbuild: ${e.text}`
            : `${relative(projectDir, sourceFile)}: esbuild: ${e.text}`,
        );
      continue;
    }
    const mapComment = transform.sourcemap ? `//# sourceMappingURL=${basename(jsFile)}.map\n` : "";
    outputs.push({ path: jsFile, text: `${js.code}${mapComment}` });
    if (transform.sourcemap)
      outputs.push({ path: `${jsFile}.map`, text: placeMap(js.map, sourceFile, jsFile) });
    outputs.push({ path: dtsFile, text: dts.outputText });
    if (dts.sourceMapText) {
      outputs.push({ path: `${dtsFile}.map`, text: placeMap(dts.sourceMapText, sourceFile, dtsFile) });
    }
  }
  if (messages.length > 0) throw new EmitError(messages.join("\n"));
  rmSync(options.outDir, { recursive: true, force: true });
  for (const output of outputs) {
    mkdirSync(dirname(output.path), { recursive: true });
    if (output.copyFrom) copyFileSync(output.copyFrom, output.path);
    else writeFileSync(output.path, output.text);
  }
  return outputs.map((output) => output.path);
}
