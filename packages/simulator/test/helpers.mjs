// Shared by the simulator tests: start a simulator on a free port, raw HTTP calls, and the spec's response
// schemas (so every answer of a fault-free simulator can be checked against the bundled spec).
import { createRequire } from "node:module";
import { startSimulator } from "../src/index.mjs";
import { loadSpec } from "../src/spec.mjs";

const require = createRequire(import.meta.url);

/** Start one simulator on 127.0.0.1, a port chosen by the OS. */
export function start(api, extra = {}) {
  return startSimulator({ api, host: "127.0.0.1", port: 0, ...extra });
}

/** A raw call: `{ status, headers, text, json }` (json undefined when the body is not JSON). */
export async function call(sim, method, path, { headers = {}, body, query } = {}) {
  const url = `${sim.url}${path}${query ? `?${query}` : ""}`;
  const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  const res = await fetch(url, { method, headers, body: payload });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Switch a fault through the control plane, as an outside tool would. */
export async function setFault(sim, name, enabled) {
  const res = await call(sim, "PUT", `/__sim/faults/${name}`, { body: { enabled } });
  if (res.status !== 200) throw new Error(`PUT /__sim/faults/${name}: ${res.status} ${res.text}`);
  return res.json;
}

/**
 * `(operationId, status, contentType, body) => string[]`: the spec's response schema violations of an answer
 * (an undeclared status or media type is a violation too).
 */
export function responseChecker(api) {
  const { Ajv2020 } = require("ajv/dist/2020");
  const addFormats = require("ajv-formats");
  const spec = loadSpec(api);
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addFormat("password", true);
  const rewrite = (schema) =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"urn:userctl:test#/components/'));
  ajv.addSchema({ $id: "urn:userctl:test", components: spec.components });
  const byOp = {};
  for (const item of Object.values(spec.paths)) {
    for (const op of Object.values(item)) if (op?.operationId) byOp[op.operationId] = op;
  }
  const cache = new Map();
  return (operationId, status, contentType, body) => {
    const op = byOp[operationId];
    if (!op) return [`unknown operation ${operationId}`];
    let response = op.responses[String(status)] ?? op.responses.default;
    if (response?.$ref) response = spec.components.responses[response.$ref.split("/").pop()];
    if (!response) return [`status ${status} is not declared for ${operationId}`];
    const media = (contentType ?? "").split(";")[0].trim();
    const content = response.content?.[media];
    if (!content) return [`content type "${media}" is not declared for ${operationId} ${status}`];
    const key = `${operationId} ${status} ${media}`;
    if (!cache.has(key)) cache.set(key, ajv.compile(rewrite(content.schema)));
    const validate = cache.get(key);
    return validate(body) ? [] : validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}`);
  };
}
