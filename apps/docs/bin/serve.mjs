#!/usr/bin/env node
// Serves the built portal (apps/docs/dist) on 127.0.0.1; port from USERCTL_DOCS_PORT, default 4000.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../src/server.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const raw = process.env.USERCTL_DOCS_PORT ?? "4000";
const port = Number(raw);
if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
  console.error(`docs: USERCTL_DOCS_PORT must be a port number from 1 to 65535 (got "${raw}")`);
  process.exit(2);
}
if (!existsSync(join(root, "index.html"))) {
  console.error(
    "docs: apps/docs/dist/index.html is missing — build it first: pnpm --filter @userctl/docs build",
  );
  process.exit(1);
}
try {
  const { url, close } = await startServer({ root, port });
  console.log(`docs: API portal at ${url}`);
  const stop = () => close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (error) {
  console.error(`docs: cannot listen on 127.0.0.1:${port}: ${error.code ?? error.message}`);
  process.exit(1);
}
