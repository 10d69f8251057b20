#!/usr/bin/env node
// Packs each generated client (with the EHPC signer for EHPC) as dist/<api>-python.tar.gz, the download the portal
// offers. Byte-compiling them is scripts/typecheck.mjs, run before the tests.
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
  // The EHPC download carries the hand-written signer beside the generated package.
  const signer =
    api === "qingcloud-ehpc"
      ? [
          "-C",
          join(packageDir, "src"),
          "--transform=s,^userctl_ehpc_auth,qingcloud-ehpc/userctl_ehpc_auth,",
          "userctl_ehpc_auth",
        ]
      : [];
  // Reproducible archive: fixed order, owner and mtime, no bytecode.
  const tar = [
    "--sort=name",
    "--owner=0",
    "--group=0",
    "--numeric-owner",
    "--mtime=@0",
    "--exclude=__pycache__",
    "-czf",
    join(dist, `${api}-python.tar.gz`),
    "-C",
    join(packageDir, "generated"),
    api,
    ...signer,
  ];
  if ((await run("tar", tar, { cwd: packageDir })).code !== 0) process.exit(1);
}
console.log(`packed ${APIS.length} Python clients into dist/`);
