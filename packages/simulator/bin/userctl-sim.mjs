#!/usr/bin/env node
// userctl-sim <milvus|qingcloud-ehpc|sunbird-user|all>: serve stateful simulators until Ctrl-C.
import { extname } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { APIS, startSimulator } from "../src/index.mjs";
import { specFile } from "../src/spec.mjs";
import { startValidationProxy } from "../src/validate-proxy.mjs";

const collect = (value, previous) => [...previous, value];
const port = (value) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError("must be an integer 0-65535");
  return n;
};

const program = new Command("userctl-sim")
  .description("Stateful simulators of the Milvus, QingCloud EHPC and Sunbird user APIs")
  .argument("<api>", `one of ${[...Object.keys(APIS), "all"].join(", ")}`)
  .option("--host <host>", "address to listen on", "127.0.0.1")
  .option("--port <n>", "port (one API; default: the API's port, 0 = any free port)", port)
  .option(
    "--state-file <file>",
    "persist the state to this file (with `all`: one file per API, <file>.<api>.json)",
  )
  .option("--fault <name>", "switch a fault on from the start (repeatable)", collect, [])
  .addOption(
    new Option("--milvus-version <v>", "Milvus server version to behave like")
      .choices(["2.5", "2.6", "3.0"])
      .default("2.6"),
  )
  .addOption(
    new Option("--password-policy <p>", "Milvus name and password rules")
      .choices(["server", "zilliz-cloud"])
      .default("server"),
  )
  .option("--no-milvus-auth", "Milvus with authentication off (the open-source default)")
  .option("--milvus-api-key <key>", "API key Milvus accepts as root (default: generated)")
  .option("--access-key-id <id>", "EHPC access key id (default: generated)")
  .option("--secret-access-key <secret>", "EHPC secret access key (default: generated)")
  .option("--ehpc-zone-in-body", "EHPC: accept POSTs with zone only in the body (QingCloud's Python SDK)")
  .addOption(
    new Option("--sunbird-release <r>", "Sunbird block/unblock semantics").choices(["6", "7.0"]).default("6"),
  )
  .option("--sunbird-api-key <token>", "Sunbird gateway bearer token (default: generated)")
  .option("--sunbird-user-token <token>", "Sunbird X-Authenticated-User-token (default: generated)")
  .option(
    "--validate",
    "put Prism's validation proxy in front: violations are reported on stderr, answers unchanged",
  )
  .option("--quiet", "print only the endpoints")
  // Usage errors: commander prints one line; the exit code is 2 (the project's code for usage errors).
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
  .action(run);

function stateFileFor(file, api, all) {
  if (!file || !all) return file;
  const ext = extname(file);
  return `${ext ? file.slice(0, -ext.length) : file}.${api}${ext || ".json"}`;
}

async function run(apiArg, opts) {
  const all = apiArg === "all";
  if (!all && !APIS[apiArg]) {
    program.error(
      `error: api: must be one of ${[...Object.keys(APIS), "all"].join(", ")} (got "${apiArg}")`,
      {
        exitCode: 2,
      },
    );
  }
  if (all && opts.port !== undefined)
    program.error("error: --port: not allowed with `all` (use the USERCTL_SIM_*_PORT variables)", {
      exitCode: 2,
    });
  const names = all ? Object.keys(APIS) : [apiArg];
  const options = {
    milvusVersion: opts.milvusVersion,
    passwordPolicy: opts.passwordPolicy,
    auth: opts.milvusAuth,
    ...(opts.milvusApiKey ? { apiKeys: [opts.milvusApiKey] } : {}),
    ...(opts.accessKeyId ? { accessKeyId: opts.accessKeyId } : {}),
    ...(opts.secretAccessKey ? { secretAccessKey: opts.secretAccessKey } : {}),
    ...(opts.sunbirdApiKey ? { apiKey: opts.sunbirdApiKey } : {}),
    acceptZoneInBody: opts.ehpcZoneInBody === true,
    sunbirdRelease: opts.sunbirdRelease,
    ...(opts.sunbirdUserToken ? { userToken: opts.sunbirdUserToken } : {}),
  };
  const started = [];
  const stopAll = async (code) => {
    await Promise.all(started.map((s) => s.stop()));
    process.exit(code);
  };
  process.on("SIGINT", () => stopAll(0));
  process.on("SIGTERM", () => stopAll(0));
  try {
    for (const api of names) {
      const envPort = process.env[APIS[api].env];
      const faults = opts.fault.filter((f) => APIS[api].module.faults.some((x) => x.name === f));
      const wanted = opts.port ?? (envPort !== undefined ? port(envPort) : APIS[api].port);
      const sim = await startSimulator({
        api,
        host: opts.host,
        port: opts.validate ? 0 : wanted,
        stateFile: stateFileFor(opts.stateFile, api, all),
        faults,
        options,
      });
      started.push(sim);
      if (opts.validate) {
        const proxy = await startValidationProxy({
          specFile: specFile(api),
          upstream: sim.url,
          host: opts.host,
          port: wanted,
          onViolation: (line) => console.error(`[validate ${api}] ${line}`),
        });
        const stopSim = sim.stop;
        sim.upstream = sim.url;
        sim.url = proxy.url;
        sim.stop = async () => {
          await proxy.stop();
          await stopSim();
        };
      }
    }
    const unknown = opts.fault.filter((f) => !started.some((s) => s.faults().some((x) => x.name === f)));
    if (unknown.length > 0)
      throw new RangeError(`--fault: unknown fault "${unknown[0]}" (GET /__sim/faults lists them)`);
  } catch (error) {
    if (error?.code === "EADDRINUSE" || error?.code === "EACCES") {
      console.error(
        `userctl-sim: cannot listen on ${error.address}:${error.port} (${error.code}): choose another --port or USERCTL_SIM_*_PORT`,
      );
      await stopAll(4);
    }
    console.error(`userctl-sim: ${error instanceof Error ? error.message : error}`);
    await stopAll(2);
  }
  for (const sim of started) {
    console.log(
      `${sim.api.padEnd(15)} ${sim.url}${sim.upstream ? ` (Prism validation proxy → ${sim.upstream})` : ""}`,
    );
    if (!opts.quiet) {
      console.log(`  accepts: ${JSON.stringify(sim.credentials)}`);
      const on = sim
        .faults()
        .filter((f) => f.enabled)
        .map((f) => f.name);
      if (on.length > 0) console.log(`  faults on: ${on.join(", ")}`);
    }
  }
  if (!opts.quiet) console.log("Control plane: /__sim/reset, /__sim/state, /__sim/faults. Ctrl-C stops.");
}

await program.parseAsync();
