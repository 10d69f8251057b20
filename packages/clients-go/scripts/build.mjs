#!/usr/bin/env node
// go vet + go build of the generated clients and the signer, then dist/<api>-go.tar.gz for the portal:
// the generated package (and, for EHPC, the ehpcsign package) with this module's go.mod.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { run } from "@userctl/polyglot";
import { APIS, compileCommands, packageDir } from "../commands.mjs";

for (const [command, ...args] of compileCommands)
  if ((await run(command, args, { cwd: packageDir })).code !== 0) process.exit(1);
const dist = join(packageDir, "dist");
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);
for (const api of APIS) {
  const files = [
    "go.mod",
    "go.sum",
    `generated/${api}`,
    ...(api === "qingcloud-ehpc" ? ["ehpcsign/ehpcsign.go"] : []),
  ];
  const tar = ["--sort=name", "--owner=0", "--group=0", "--numeric-owner", "--mtime=@0"];
  if (
    (await run("tar", [...tar, "-czf", join(dist, `${api}-go.tar.gz`), ...files], { cwd: packageDir }))
      .code !== 0
  )
    process.exit(1);
}
console.log(`compiled and packed ${APIS.length} Go clients into dist/`);
