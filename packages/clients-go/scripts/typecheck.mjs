#!/usr/bin/env node
// go vet + go build of the generated clients and the hand-written signer (commands.mjs, shown on the portal).
// Its own turbo task, before the tests, so that `pnpm build` stays a build of what is published.
import { runAll } from "@userctl/polyglot";
import { compileCommands, packageDir } from "../commands.mjs";

if ((await runAll(compileCommands, { cwd: packageDir })) !== 0) process.exit(1);
console.log(`vetted and compiled the Go clients (${compileCommands.map((c) => c.join(" ")).join(", ")})`);
