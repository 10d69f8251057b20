#!/usr/bin/env node
// `pnpm start`: start the three Prism mocks, show one call per API through its typed client, then keep serving.
import { spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createMilvusClient } from "@userctl/milvus";
import { APIS, startMock } from "@userctl/mock";
import { createEhpcClient } from "@userctl/qingcloud-ehpc";
import { APIS as SIM_APIS, startSimulator } from "@userctl/simulator";
import { createSunbirdClient } from "@userctl/sunbird-user";

const servers = {};
const simulators = {};
let portal;
const stopAll = async (code = 0) => {
  await Promise.all([
    ...Object.values(servers).map((s) => s.stop()),
    ...Object.values(simulators).map((s) => s.stop()),
    portal?.close(),
  ]);
  process.exit(code);
};
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

const show = (value) => JSON.stringify(value);
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const userctl = join(root, "apps/cli/dist/userctl.mjs");

/**
 * Run the built `userctl`, print the command (as a user would type it) and its output. Credentials travel in the
 * environment, as a user would keep them, so no secret is printed with the command. Asynchronous: the simulators
 * answer from this very process, so it must not block.
 */
function cli(commandLine, secrets, { input } = {}) {
  const shown = input === undefined ? commandLine : `${commandLine} --password-stdin < password.txt`;
  const args = commandLine.split(" ");
  if (input !== undefined) args.push("--password-stdin");
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [userctl, ...args], {
      env: { ...process.env, NO_COLOR: "1", ...secrets },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk) => {
      out += chunk;
    });
    child.stdin.end(input ?? "");
    child.on("error", reject);
    child.on("exit", (code) => {
      console.log(`\n  $ userctl ${shown}    # with ${Object.keys(secrets).join(", ")} set`);
      console.log(out.replace(/^/gm, "    ").trimEnd());
      if (code === 0) resolveRun(out);
      else reject(new Error(`userctl ${commandLine} exited with ${code}`));
    });
  });
}

// Demo credentials for the simulators: fixed, so the test can check none of them is ever printed.
const SIM = {
  milvus: { rootPassword: "demo-sim-root-pass" },
  "qingcloud-ehpc": { accessKeyId: "QYSIMDEMOKEY", secretAccessKey: "demo-sim-secret-not-real" },
  "sunbird-user": { apiKey: "demo-sim-gateway-token", userToken: "demo-sim-user-token" },
};

/** create → list shows it → drop → list no longer shows it → drop again, reported as already gone. */
async function statefulRun() {
  for (const [api, { env, port }] of Object.entries(SIM_APIS)) {
    simulators[api] = await startSimulator({
      api,
      port: Number(process.env[env] ?? port),
      options: SIM[api],
    });
  }
  console.log("\nStateful simulators (@userctl/simulator, `pnpm sim`): state persists from call to call");
  for (const [api, sim] of Object.entries(simulators)) console.log(`  ${api.padEnd(15)} ${sim.url}`);

  const ehpc = {
    flags: `--endpoint ${simulators["qingcloud-ehpc"].url} --access-key-id ${SIM["qingcloud-ehpc"].accessKeyId} --zone jn1a --cluster-id ehpc-8jqdq0mz`,
    env: { QINGCLOUD_SECRET_ACCESS_KEY: SIM["qingcloud-ehpc"].secretAccessKey },
  };
  await cli(`ehpc user add isabel ${ehpc.flags}`, ehpc.env, { input: "Ehpc2024!Pass\n" });
  await cli(`ehpc user list ${ehpc.flags}`, ehpc.env);
  await cli(`ehpc user delete isabel --yes ${ehpc.flags}`, ehpc.env);
  await cli(`ehpc user list ${ehpc.flags}`, ehpc.env);
  await cli(`ehpc user delete isabel --yes ${ehpc.flags}`, ehpc.env);

  const sunbird = {
    flags: `--base-url ${simulators["sunbird-user"].url}`,
    env: { SUNBIRD_API_KEY: SIM["sunbird-user"].apiKey, SUNBIRD_USER_TOKEN: SIM["sunbird-user"].userToken },
  };
  const created = await cli(
    `sunbird user create --first-name Asha --email asha.rao@example.org -o json ${sunbird.flags}`,
    sunbird.env,
  );
  const userId = JSON.parse(created).data.userId;
  const search = `sunbird user search --filter email=asha.rao@example.org ${sunbird.flags}`;
  await cli(search, sunbird.env);
  await cli(`sunbird user delete ${userId} --yes ${sunbird.flags}`, sunbird.env);
  await cli(search, sunbird.env);
  await cli(`sunbird user delete ${userId} --yes ${sunbird.flags}`, sunbird.env);

  const milvus = {
    flags: `--uri ${simulators.milvus.url}`,
    env: { MILVUS_TOKEN: `root:${SIM.milvus.rootPassword}` },
  };
  await cli(`milvus user create alice ${milvus.flags}`, milvus.env, { input: "alice-pass-1\n" });
  await cli(`milvus user list ${milvus.flags}`, milvus.env);
  await cli(`milvus user drop alice --yes ${milvus.flags}`, milvus.env);
  await cli(`milvus user list ${milvus.flags}`, milvus.env);
  console.log(
    "    (Milvus answers a drop of a missing user with success, as the real server does: drop is idempotent)",
  );
}

try {
  for (const [api, { port, env }] of Object.entries(APIS)) {
    // Prism needs seconds to start; on a loaded machine many more, so the limit is generous.
    servers[api] = await startMock(api, {
      port: Number(process.env[env] ?? port),
      startupTimeoutMs: 120_000,
    });
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

  console.log("\nThe same through the userctl CLI (apps/cli/dist/userctl.mjs):");
  await cli(`milvus user list --uri ${servers.milvus.url}`, { MILVUS_TOKEN: "root:Milvus" });
  await cli(
    `ehpc user delete isabel --cluster-id ehpc-8jqdq0mz --yes --endpoint ${servers["qingcloud-ehpc"].url} --access-key-id QYACCESSKEYIDEXAMPLE --zone jn1a`,
    { QINGCLOUD_SECRET_ACCESS_KEY: "demo-secret-not-real" },
  );
  await cli(
    `sunbird user delete 5a0e8e5e-7c1c-4a0e-9f2a-0c3f0d6c1b11 --yes --base-url ${servers["sunbird-user"].url}`,
    {
      SUNBIRD_API_KEY: "demo-gateway-token",
      SUNBIRD_USER_TOKEN: "demo-user-token",
    },
  );

  await statefulRun();

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
