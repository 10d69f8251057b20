// The client against the Sunbird simulator (@userctl/simulator, which keeps state as the server does): every
// operation in an order where each one's effect is visible to the next, and a repeated delete as SunbirdError.
import { type Simulator, startSimulator } from "@userctl/simulator";
import { recordingFetch, uncalledOperations } from "@userctl/simulator/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSunbirdClient, operations, SunbirdError } from "../src/index.js";

describe("@userctl/sunbird-user against the Sunbird simulator", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ api: "sunbird-user", host: "127.0.0.1", port: 0 });
  });
  afterAll(() => sim?.stop());

  it("runs all 6 operations with their effects visible", async () => {
    const t = recordingFetch();
    const { apiKey, userToken } = sim.credentials as { apiKey: string; userToken: string };
    const c = createSunbirdClient({ baseUrl: sim.url, apiKey, userToken, fetch: t.fetch });
    const created = await c.createUser({
      request: { firstName: "Asha", lastName: "Rao", email: "asha.rao@example.org" },
    });
    const { userId } = created;
    expect(typeof userId).toBe("string");
    const read = await c.readUser({ userId });
    expect(JSON.stringify(read)).toContain("Asha");
    await c.blockUser({ request: { userId } });
    await c.unblockUser({ request: { userId } });
    const found = await c.searchUsers({ request: { filters: { email: "asha.rao@example.org" } } });
    expect(JSON.stringify(found)).toContain(userId);
    await c.deleteUser({ request: { userId } });
    const again = await c.deleteUser({ request: { userId } }).catch((e) => e);
    expect(again).toBeInstanceOf(SunbirdError);
    expect(again.code).toBe("UOS_USRDLT0008");
    expect(uncalledOperations(t.calls, operations)).toEqual([]);
  });
});
