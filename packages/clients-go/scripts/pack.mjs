#!/usr/bin/env node
// Packs dist/<api>-go.tar.gz for the portal: the generated package (and, for EHPC, the ehpcsign package) with
// this module's go.mod. Compiling them (go vet, go build) is scripts/typecheck.mjs, run before the tests: the build
// only derives what is published, so a cold `pnpm build` does not wait for the Go toolchain.
// Run by the `generate` script right after scripts/generate.mjs (one turbo task: a task of its own cost more to
// start than the packing itself).
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { run } from "@userctl/polyglot";
import { APIS, packageDir } from "../commands.mjs";

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
console.log(`packed ${APIS.length} Go clients into dist/`);
