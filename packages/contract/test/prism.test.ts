// Against Prism (stateless, examples only): the stateless checks find nothing, and every stateful check is
// reported "not run" with the reason, never as passed.
import { type MockServer, startMock } from "@userctl/mock";
import { afterAll, describe, expect, it } from "vitest";
import { type ApiId, contractTest, STATEFUL_CHECKS } from "../src/index.js";

const CREDENTIALS = {
  token: "root:Milvus",
  accessKeyId: "QYACCESSKEYIDEXAMPLE",
  secretAccessKey: "prism-does-not-check-this",
  apiKey: "prism-gateway-token",
  userToken: "prism-user-token",
};

describe.each<ApiId>(["milvus", "qingcloud-ehpc", "sunbird-user"])("%s on Prism", (api) => {
  let mock: MockServer | undefined;
  afterAll(async () => {
    await mock?.stop();
  });

  it("stateless checks: no findings; stateful checks: not run, with the reason", async () => {
    mock = await startMock(api);
    const report = await contractTest(api, {
      url: mock.url,
      credentials: CREDENTIALS,
      settings: { clusterId: "ehpc-8jqdq0mz", zone: "jn1a" },
      seed: 7,
      maxExamples: 3,
    });
    expect(report.target).toBe("stateless mock");
    expect(report.findings.map((f) => `${f.check} ${f.operationId} ${f.rule ?? ""} ${f.actual}`)).toEqual([]);
    for (const check of STATEFUL_CHECKS) {
      const row = report.checks.find((c) => c.check === check);
      expect(row?.status, check).toBe("not run");
      expect(row?.reason).toMatch(/stateless mock/);
    }
    const ran = report.checks.filter((c) => c.status === "passed").map((c) => c.check);
    expect(ran).toEqual(expect.arrayContaining(["response_schema_conformance", "negative_data_rejection"]));
  });
});
