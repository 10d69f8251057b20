#!/usr/bin/env node
// `pnpm start`: start the three Prism mocks, show one call per API through its typed client, then keep serving.
import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createMilvusClient } from "@userctl/milvus";
import { APIS, startMock } from "@userctl/mock";
import { createEhpcClient } from "@userctl/qingcloud-ehpc";
import { createSunbirdClient } from "@userctl/sunbird-user";

const servers = {};
let portal;
const stopAll = async (code = 0) => {
  await Promise.all([...Object.values(servers).map((s) => s.stop()), portal?.close()]);
  process.exit(code);
};
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

const show = (value) => JSON.stringify(value);
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const userctl = join(root, "apps/cli/dist/userctl.mjs");

/** Run the built `userctl` against a mock, print the command (as a user would type it) and its output. */
// Credentials travel in the environment, as a user would keep them, so no secret is printed with the command.
function cli(commandLine, secrets) {
  console.log(`\n  $ userctl ${commandLine}    # with ${Object.keys(secrets).join(", ")} set`);
  const out = execFileSync(process.execPath, [userctl, ...commandLine.split(" ")], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...secrets },
  });
  console.log(out.replace(/^/gm, "    ").trimEnd());
}

try {
  // Started side by side: each Prism spends its start-up mostly on one core.
  await Promise.all(
    Object.entries(APIS).map(async ([api, { port, env }]) => {
      servers[api] = await startMock(api, { port: Number(process.env[env] ?? port) });
    }),
  );
  console.log("\nPrism mocks (request validation on):");
  for (const api of Object.keys(APIS)) console.log(`  ${api.padEnd(15)} ${servers[api].url}`);

  console.log("\nOne call per API through its generated client:");
  const milvus = createMilvusClient({ endpoint: servers.milvus.url, token: "root:Milvus" });
  console.log(
    `  milvus  dropUser({ userName: "milvusAdmin" })  → ${show(await milvus.dropUser({ userName: "milvusAdmin" }))}`,
  );

  const ehpc = createEhpcClient({
    endpoint: servers["qingcloud-ehpc"].url,
    accessKeyId: "QYACCESSKEYIDEXAMPLE",
    secretAccessKey: "demo-secret-not-real",
    zone: "jn1a",
  });
  const ehpcArgs = { cluster_id: "ehpc-8jqdq0mz", username: "isabel", zone: "jn1a" };
  console.log(`  ehpc    deleteUser(${show(ehpcArgs)})  → ${show(await ehpc.deleteUser(ehpcArgs))}`);

  const sunbird = createSunbirdClient({
    baseUrl: servers["sunbird-user"].url,
    apiKey: "demo-gateway-token",
    userToken: "demo-user-token",
  });
  const sunbirdArgs = { request: { userId: "5a0e8e5e-7c1c-4a0e-9f2a-0c3f0d6c1b11" } };
  console.log(`  sunbird deleteUser(${show(sunbirdArgs)})  → ${show(await sunbird.deleteUser(sunbirdArgs))}`);

  console.log("\nThe same through the userctl CLI (apps/cli/dist/userctl.mjs):");
  cli(`milvus user list --uri ${servers.milvus.url}`, { MILVUS_TOKEN: "root:Milvus" });
  cli(
    `ehpc user delete isabel --cluster-id ehpc-8jqdq0mz --yes --endpoint ${servers["qingcloud-ehpc"].url} --access-key-id QYACCESSKEYIDEXAMPLE --zone jn1a`,
    { QINGCLOUD_SECRET_ACCESS_KEY: "demo-secret-not-real" },
  );
  cli(
    `sunbird user delete 5a0e8e5e-7c1c-4a0e-9f2a-0c3f0d6c1b11 --yes --base-url ${servers["sunbird-user"].url}`,
    {
      SUNBIRD_API_KEY: "demo-gateway-token",
      SUNBIRD_USER_TOKEN: "demo-user-token",
    },
  );

  // The portal (apps/docs), built by `pnpm build` alongside everything else.
  const { startServer } = await import("../../../apps/docs/src/server.mjs");
  portal = await startServer({
    root: join(root, "apps/docs/dist"),
    port: Number(process.env.USERCTL_DOCS_PORT ?? 4000),
  });
  console.log(`\nAPI portal (reference, samples, CLI reference, spec downloads): ${portal.url}`);

  console.log("\nMocks and portal keep running; Ctrl-C stops them.");
} catch (error) {
  console.error(`demo: ${error instanceof Error ? error.message : error}`);
  await stopAll(1);
}
