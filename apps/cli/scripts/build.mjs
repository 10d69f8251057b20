// Bundles src/main.ts into dist/userctl.mjs (+ lazily loaded chunks) with esbuild.
import { chmodSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
rmSync(join(root, "dist"), { recursive: true, force: true });

/**
 * commander requires node:child_process at load time, only to run executable subcommands, which userctl has none
 * of; loading it is a sizeable share of a one-item run's start-up. Its copy is a stand-in that loads the real
 * module on first use.
 */
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer)
        ? { path: "child_process", namespace: "lazy-builtin" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, () => ({
      contents:
        'let real; module.exports = new Proxy({}, { get: (_, key) => (real ??= require("node:child_process"))[key] });',
      loader: "js",
    }));
  },
};

await build({
  absWorkingDir: root,
  entryPoints: { userctl: "src/main.ts" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  legalComments: "linked",
  sourcemap: false,
  // Headers, Response and FormData in the bundled code are src/runtime/web-globals.ts's (see there why), and
  // openapi-fetch's default Request is looked up on first use.
  inject: ["src/runtime/web-globals.ts"],
  define: {
    __USERCTL_VERSION__: JSON.stringify(pkg.version),
    "globalThis.Request": "__userctlDeferredRequest",
  },
  // CommonJS dependencies (commander, cli-table3, cli-progress) call require() for Node built-ins.
  banner: {
    js: 'import { createRequire as __userctlCreateRequire } from "node:module"; const require = __userctlCreateRequire(import.meta.url);',
  },
  plugins: [lazyChildProcess],
  logLevel: "warning",
});
chmodSync(join(root, "dist/userctl.mjs"), 0o755);
