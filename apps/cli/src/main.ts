#!/usr/bin/env node
// Entry point. `--version` is answered before anything else is loaded: start-up cost matters for a CLI that
// scripts call in loops, and the bundle's other chunks (commander, clients) are only imported when needed.
declare const __USERCTL_VERSION__: string;

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  // Injected by the bundler; read directly so this path imports no other chunk.
  process.stdout.write(`${typeof __USERCTL_VERSION__ === "string" ? __USERCTL_VERSION__ : "0.0.0-dev"}\n`);
} else {
  import("./cli.js").then(
    async ({ main }) => {
      process.exitCode = await main(argv);
    },
    (error: unknown) => {
      process.stderr.write(`userctl: cannot start: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
