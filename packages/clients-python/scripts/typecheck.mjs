#!/usr/bin/env node
// Byte-compiles each generated client (commands.mjs, shown on the portal): a syntax error in
// what openapi-python-client wrote fails here. Its own turbo task, before the tests, like the Go and Java clients',
// so that `pnpm build` only derives what is published.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { python, runAll } from "@userctl/polyglot";
import { APIS, compileCommand, packageDir } from "../commands.mjs";

// Bytecode goes to a scratch folder: the check reads generated/ and never writes into it.
const pycache = mkdtempSync(join(tmpdir(), "userctl-pycache-"));
const commands = APIS.map((api) => [python, ...compileCommand(api).slice(1)]);
const code = await runAll(commands, { cwd: packageDir, env: { PYTHONPYCACHEPREFIX: pycache } });
rmSync(pycache, { recursive: true, force: true });
if (code !== 0) process.exit(1);
console.log(`byte-compiled ${APIS.length} Python clients`);
