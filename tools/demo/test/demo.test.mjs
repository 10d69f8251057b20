// The README's main job, end to end: `pnpm start` runs this script after the build. It must bring up the three
// mocks and the portal on the ports it is given, show a working call per API through each client and through
// userctl, run userctl statefully against the simulators, print no secret, and shut everything down on SIGTERM.
// The generous start-up limit is for a loaded shared machine (about 13 CLI runs happen before "keep running").
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@userctl/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const demo = join(dirname(fileURLToPath(import.meta.url)), "../bin/demo.mjs");
let child;
let output = "";
let ports;

beforeAll(async () => {
  ports = {
    milvus: await freePort(),
    ehpc: await freePort(),
    sunbird: await freePort(),
    simMilvus: await freePort(),
    simEhpc: await freePort(),
    simSunbird: await freePort(),
    docs: await freePort(),
  };
  child = spawn(process.execPath, [demo], {
    env: {
      ...process.env,
      NO_COLOR: "1",
      USERCTL_MOCK_MILVUS_PORT: String(ports.milvus),
      USERCTL_MOCK_EHPC_PORT: String(ports.ehpc),
      USERCTL_MOCK_SUNBIRD_PORT: String(ports.sunbird),
      USERCTL_SIM_MILVUS_PORT: String(ports.simMilvus),
      USERCTL_SIM_EHPC_PORT: String(ports.simEhpc),
      USERCTL_SIM_SUNBIRD_PORT: String(ports.simSunbird),
      USERCTL_DOCS_PORT: String(ports.docs),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not finish starting:\n${output}`)), 240_000);
    const onData = (chunk) => {
      output += chunk;
      if (output.includes("keep running")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited with ${code}:\n${output}`));
    });
  });
}, 250_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
});

describe("pnpm start (tools/demo)", () => {
  it("serves each API on the port it was given", () => {
    expect(output).toContain(`milvus          http://127.0.0.1:${ports.milvus}`);
    expect(output).toContain(`qingcloud-ehpc  http://127.0.0.1:${ports.ehpc}`);
    expect(output).toContain(`sunbird-user    http://127.0.0.1:${ports.sunbird}`);
  });

  it.each([
    ["the Milvus client", '→ {"code":0,"data":{}}'],
    ["the EHPC client", '"action":"HpcUserDeleteUserResponse","job_id":"j-nmxc59kep40","ret_code":0'],
    ["the Sunbird client", '→ {"response":"SUCCESS"}'],
    ["userctl milvus", "│ milvusAdmin │"],
    ["userctl ehpc", "Deleting user isabel in cluster ehpc-8jqdq0mz (job j-nmxc59kep40)"],
    ["userctl sunbird", "Deleted user 5a0e8e5e-7c1c-4a0e-9f2a-0c3f0d6c1b11"],
  ])("shows a working call through %s", (_name, fragment) => {
    expect(output).toContain(fragment);
  });

  it("runs userctl statefully against the simulators: create, list shows it, drop, list no longer, drop again", () => {
    const stateful = output.slice(output.indexOf("Stateful simulators"));
    expect(stateful).toContain(`qingcloud-ehpc  http://127.0.0.1:${ports.simEhpc}`);
    const ehpcLists = stateful.split("$ userctl ehpc user list").slice(1, 3);
    expect(ehpcLists[0]).toContain("│ isabel ");
    expect(ehpcLists[1].split("$ userctl")[0]).not.toContain("isabel");
    expect(stateful).toContain("isabel: already deleted (ret_code 1610: user not found)");
    const searches = stateful.split("$ userctl sunbird user search").slice(1, 3);
    expect(searches[0]).toContain("as****@example.org");
    expect(searches[1].split("$ userctl")[0]).toContain("(none)");
    expect(stateful).toMatch(/[0-9a-f-]{36}: already deleted \(UOS_USRDLT0008: User is already deleted\.\)/);
    const milvusLists = stateful.split("$ userctl milvus user list").slice(1, 3);
    expect(milvusLists[0]).toContain("│ alice │");
    expect(milvusLists[1].split("$ userctl")[0]).not.toContain("alice");
  });

  it("serves the portal", async () => {
    const url = `http://127.0.0.1:${ports.docs}/`;
    expect(output).toContain(url);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("userctl");
  });

  it("prints no secret", () => {
    const secrets = ["root:Milvus", "demo-secret-not-real", "demo-gateway-token", "demo-user-token"];
    const simulatorSecrets = [
      "demo-sim-root-pass",
      "demo-sim-secret-not-real",
      "demo-sim-gateway-token",
      "demo-sim-user-token",
    ];
    for (const secret of [...secrets, ...simulatorSecrets, "Ehpc2024!Pass", "alice-pass-1"]) {
      expect(output).not.toContain(secret);
    }
  });

  it("stops the mocks and the portal on SIGTERM", async () => {
    child.kill("SIGTERM");
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(0);
    await expect(fetch(`http://127.0.0.1:${ports.milvus}/`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${ports.simEhpc}/`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${ports.docs}/`)).rejects.toThrow();
  });
});
