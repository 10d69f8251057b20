#!/usr/bin/env node
import { createMilvusClient } from "@userctl/milvus";
// `pnpm start`: start the three Prism mocks, show one call per API through its typed client, then keep serving.
import { APIS, startMock } from "@userctl/mock";
import { createEhpcClient } from "@userctl/qingcloud-ehpc";
import { createSunbirdClient } from "@userctl/sunbird-user";

const servers = {};
const stopAll = async (code = 0) => {
  await Promise.all(Object.values(servers).map((s) => s.stop()));
  process.exit(code);
};
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

const show = (value) => JSON.stringify(value);

try {
  for (const [api, { port, env }] of Object.entries(APIS)) {
    servers[api] = await startMock(api, { port: Number(process.env[env] ?? port) });
  }
  console.log("\nPrism mocks (request validation on):");
  for (const [api, server] of Object.entries(servers)) console.log(`  ${api.padEnd(15)} ${server.url}`);

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

  console.log("\nMocks keep running; Ctrl-C stops them.");
} catch (error) {
  console.error(`demo: ${error instanceof Error ? error.message : error}`);
  await stopAll(1);
}
