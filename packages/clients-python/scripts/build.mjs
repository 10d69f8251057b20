#!/usr/bin/env node
// Byte-compiles each generated client and packs it (with the EHPC signer for EHPC) as dist/<api>-python.tar.gz,
// the download the portal offers.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { python, run } from "@userctl/polyglot";
import { APIS, compileCommand, packageDir } from "../commands.mjs";

const dist = join(packageDir, "dist");
// Bytecode goes to a scratch folder: the build reads generated/ and never writes into it.
const pycache = mkdtempSync(join(tmpdir(), "userctl-pycache-"));
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);
for (const api of APIS) {
  const [, ...args] = compileCommand(api);
  if ((await run(python, args, { cwd: packageDir, env: { PYTHONPYCACHEPREFIX: pycache } })).code !== 0)
    process.exit(1);
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
rmSync(pycache, { recursive: true, force: true });
console.log(`packed ${APIS.length} Python clients into dist/`);
