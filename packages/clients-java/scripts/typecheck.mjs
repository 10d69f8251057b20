#!/usr/bin/env node
// Compiles the generated clients, the signer and the tests (Maven, offline; commands.mjs, shown on the portal).
// Its own turbo task, before the tests, so that `pnpm build` stays a build of what is published.
import { runAll } from "@userctl/polyglot";
import { compileCommand, packageDir } from "../commands.mjs";

if ((await runAll([compileCommand], { cwd: packageDir })) !== 0) process.exit(1);
console.log(`compiled the Java clients and their tests (${compileCommand.join(" ")})`);
