#!/usr/bin/env node
// The installed entry point. It exists before the first build so package managers can link it at install time;
// the CLI itself is the esbuild bundle in dist/.
try {
  await import("../dist/userctl.mjs");
} catch (error) {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("userctl.mjs")) {
    process.stderr.write("userctl: not built yet: run `pnpm build` first\n");
    process.exit(1);
  }
  throw error;
}
