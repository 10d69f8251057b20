#!/usr/bin/env node
// `pnpm mock`: serve every bundled spec with Prism until Ctrl-C.
import { APIS, startMock } from "../src/index.mjs";

const servers = [];
const stopAll = async () => {
  await Promise.all(servers.map((s) => s.stop()));
  process.exit(0);
};
process.on("SIGINT", stopAll);
process.on("SIGTERM", stopAll);

try {
  for (const [api, { port, env }] of Object.entries(APIS)) {
    const server = await startMock(api, { port: Number(process.env[env] ?? port) });
    servers.push(server);
    console.log(`${api.padEnd(15)} ${server.url}   (spec: specs/dist/${api}.openapi.json)`);
  }
  console.log("Prism mocks running with request validation on. Ctrl-C to stop.");
} catch (error) {
  console.error(`mock: ${error instanceof Error ? error.message : error}`);
  await Promise.all(servers.map((s) => s.stop()));
  process.exit(1);
}
