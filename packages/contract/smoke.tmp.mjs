import { startSimulator } from "@userctl/simulator";
import { contractTest } from "./dist/index.js";

const api = process.argv[2] ?? "milvus";
const fault = process.argv[3];
const sim = await startSimulator({ api, faults: fault ? [fault] : [] });
const c = sim.credentials;
const credentials =
  api === "milvus"
    ? { token: c.token }
    : api === "qingcloud-ehpc"
      ? { accessKeyId: c.keys[0].accessKeyId, secretAccessKey: c.keys[0].secretAccessKey }
      : { apiKey: c.apiKey, userToken: c.userToken };
const settings = api === "qingcloud-ehpc" ? { clusterId: c.clusters[0].clusterId, zone: c.zone } : {};
try {
  const t = Date.now();
  const r = await contractTest(api, {
    url: sim.url,
    credentials,
    settings,
    seed: 7,
    maxExamples: Number(process.env.N ?? 5),
    phases: (process.env.PH ?? "examples,coverage,fuzz,stateful").split(","),
  });
  for (const f of r.findings)
    console.log(
      f.check,
      "|",
      f.operationId,
      "|",
      f.phase,
      f.step ?? "",
      f.rule ?? "",
      f.field ?? "",
      "|",
      f.expected,
      "|",
      f.actual.slice(0, 150),
      process.env.CURL ? f.curl : "",
    );
  console.log(
    "findings:",
    r.findings.length,
    "requests",
    r.requests,
    "ms",
    Date.now() - t,
    "cleanup",
    JSON.stringify(r.cleanup),
    r.checks
      .filter((x) => x.status === "not run")
      .map((x) => x.check + ": " + x.reason)
      .join("; "),
  );
} finally {
  await sim.stop();
}
