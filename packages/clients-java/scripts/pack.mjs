#!/usr/bin/env node
// Packs dist/<api>-java.tar.gz for the portal: the generated Maven project (and, for EHPC, the signer's source).
// Compiling them (Maven, offline) is scripts/typecheck.mjs, run before the tests: the build only derives what is
// published, so a cold `pnpm build` does not wait for a JVM.
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
  const signer = api === "qingcloud-ehpc" ? ["src/main/java/dev/userctl/ehpc/auth/EhpcSigner.java"] : [];
  const tar = ["--sort=name", "--owner=0", "--group=0", "--numeric-owner", "--mtime=@0"];
  const files = [`generated/${api}`, ...signer];
  if (
    (await run("tar", [...tar, "-czf", join(dist, `${api}-java.tar.gz`), ...files], { cwd: packageDir }))
      .code !== 0
  )
    process.exit(1);
}
console.log(`packed ${APIS.length} Java clients into dist/`);
