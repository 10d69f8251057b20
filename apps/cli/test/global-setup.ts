import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type MockServer, startMock } from "@userctl/mock";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    mocks: { milvus: string; ehpc: string; sunbird: string };
  }
}

let servers: MockServer[] = [];

export async function setup(project: TestProject) {
  const bin = fileURLToPath(new URL("../dist/userctl.mjs", import.meta.url));
  if (!existsSync(bin))
    throw new Error(`${bin} is missing: run the build first (pnpm --filter @userctl/cli build)`);
  servers = await Promise.all([startMock("milvus"), startMock("qingcloud-ehpc"), startMock("sunbird-user")]);
  const [milvus, ehpc, sunbird] = servers.map((s) => s.url) as [string, string, string];
  project.provide("mocks", { milvus, ehpc, sunbird });
}

export async function teardown() {
  await Promise.all(servers.map((s) => s.stop()));
}
