import { type ApiName, type Simulator, startSimulator } from "@userctl/simulator";
import { type ApiId, type Credentials, contractTest, type RunOptions } from "../src/index.js";

/** What a run needs to talk to a simulator: its credentials and (EHPC) the seeded cluster and zone. */
export function connection(sim: Simulator): { credentials: Credentials; settings: Record<string, string> } {
  const c = sim.credentials as Record<string, unknown>;
  if (sim.api === "milvus") return { credentials: { token: c.token as string }, settings: {} };
  if (sim.api === "qingcloud-ehpc") {
    const key = (c.keys as { accessKeyId: string; secretAccessKey: string }[])[0];
    const cluster = (c.clusters as { clusterId: string }[])[0];
    return {
      credentials: { accessKeyId: key?.accessKeyId, secretAccessKey: key?.secretAccessKey },
      settings: { clusterId: cluster?.clusterId ?? "", zone: c.zone as string },
    };
  }
  return { credentials: { apiKey: c.apiKey as string, userToken: c.userToken as string }, settings: {} };
}

export type { ApiName };

/** A short, fixed-seed run against a simulator. */
export function runAgainst(sim: Simulator, extra: Partial<RunOptions> = {}) {
  return contractTest(sim.api as ApiId, {
    url: sim.url,
    ...connection(sim),
    seed: 20261201,
    maxExamples: 4,
    ...extra,
  });
}

export { type Simulator, startSimulator };
