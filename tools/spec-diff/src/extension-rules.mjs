// userctl's own breaking-change rules: the vendor extensions that change how the generated clients behave, which
// oasdiff cannot know. Request schemas are compared per operation (after following local $refs), so renaming or
// inlining a component neither hides nor invents a change.
import { toPointer } from "./pointer.mjs";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

export const EXTENSION_RULES = {
  "userctl-idempotent-removed": "x-idempotent true -> false: clients stop retrying the operation",
  "userctl-min-character-classes-raised":
    "x-min-character-classes raised: clients refuse values they accepted",
  "userctl-max-bytes-lowered": "x-max-bytes lowered: clients refuse values they accepted",
  "userctl-min-bytes-raised":
    "x-min-bytes raised above the bytes the earlier rules implied: clients refuse values they accepted",
  "userctl-error-code-removed": "a row removed from x-error-codes: clients no longer recognise that code",
  "userctl-client-managed-removed": "x-client-managed no longer set: callers must now supply the parameter",
};

function resolver(doc) {
  return (node, pointer) => {
    const seen = new Set();
    while (node && typeof node.$ref === "string" && node.$ref.startsWith("#/")) {
      if (seen.has(node.$ref)) break;
      seen.add(node.$ref);
      const segments = node.$ref
        .slice(2)
        .split("/")
        .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
      pointer = segments;
      node = segments.reduce((n, s) => n?.[s], doc);
    }
    return { node, pointer };
  };
}

function* operations(doc) {
  for (const [path, item] of Object.entries(doc.paths ?? {}))
    for (const method of METHODS)
      if (item?.[method])
        yield { path, method, item, op: item[method], key: `${method.toUpperCase()} ${path}` };
}

/** Every parameter of an operation (path-level ones first, overridden by the operation's), keyed `in:name`. */
function parametersOf(doc, { path, method, item, op }) {
  const resolve = resolver(doc);
  const out = new Map();
  const add = (list, base) =>
    (list ?? []).forEach((p, i) => {
      const { node, pointer } = resolve(p, [...base, i]);
      if (!node?.name) return;
      const name = node.in === "header" ? node.name.toLowerCase() : node.name;
      out.set(`${node.in}:${name}`, { node, pointer });
    });
  add(item.parameters, ["paths", path, "parameters"]);
  add(op.parameters, ["paths", path, method, "parameters"]);
  return out;
}

/**
 * Every schema node a client validates before sending: parameter schemas and request-body schemas, walked through
 * properties, items, combinators and each opt-in policy overlay (Milvus's `x-zilliz-cloud-policy`). Keyed by operation + logical location.
 */
// Alternative rule sets a client lays over a schema when it opts in: their rules bind those clients too.
const POLICY_OVERLAYS = ["x-zilliz-cloud-policy"];

function requestSchemaNodes(doc) {
  const resolve = resolver(doc);
  const nodes = new Map();
  const walk = (key, raw, pointer, stack) => {
    const { node, pointer: at } = resolve(raw, pointer);
    if (!node || typeof node !== "object") return;
    const ref = at.join("/");
    if (stack.includes(ref)) return;
    const inner = [...stack, ref];
    nodes.set(key, { node, pointer: at });
    for (const [name, sub] of Object.entries(node.properties ?? {}))
      walk(`${key}.${name}`, sub, [...at, "properties", name], inner);
    if (node.items) walk(`${key}[]`, node.items, [...at, "items"], inner);
    if (node.additionalProperties && typeof node.additionalProperties === "object")
      walk(`${key}{}`, node.additionalProperties, [...at, "additionalProperties"], inner);
    for (const combinator of ["allOf", "anyOf", "oneOf", "prefixItems"])
      for (const [i, sub] of (node[combinator] ?? []).entries())
        walk(`${key}|${combinator}${i}`, sub, [...at, combinator, i], inner);
    for (const overlay of POLICY_OVERLAYS)
      if (node[overlay] && typeof node[overlay] === "object")
        walk(`${key}|${overlay}`, node[overlay], [...at, overlay], inner);
  };
  for (const entry of operations(doc)) {
    for (const [id, { node, pointer }] of parametersOf(doc, entry))
      if (node.schema) walk(`${entry.key} parameter ${id}`, node.schema, [...pointer, "schema"], []);
    const { node: body, pointer } = resolve(entry.op.requestBody, [
      "paths",
      entry.path,
      entry.method,
      "requestBody",
    ]);
    for (const [type, media] of Object.entries(body?.content ?? {}))
      if (media?.schema)
        walk(`${entry.key} body ${type}`, media.schema, [...pointer, "content", type, "schema"], []);
  }
  return nodes;
}

function errorCodeRows(doc) {
  const rows = new Map();
  const walk = (node, pointer) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node["x-error-codes"]))
      node["x-error-codes"].forEach((row, i) => {
        if (row && row.code !== undefined && !rows.has(String(row.code)))
          rows.set(String(row.code), { row, pointer: [...pointer, "x-error-codes", i] });
      });
    for (const [k, v] of Object.entries(node)) if (k !== "x-error-codes") walk(v, [...pointer, k]);
  };
  walk(doc, []);
  return rows;
}

const finding = (id, text, { operation, operationId, pointer, side }) => ({
  id,
  source: "userctl",
  level: "breaking",
  text,
  operation,
  operationId,
  pointer: toPointer(pointer),
  pointerIn: side,
});

/** The breaking changes userctl's extension rules find between two parsed documents. */
export function extensionFindings(base, revision) {
  const out = [];
  const revisionOps = new Map([...operations(revision)].map((e) => [e.key, e]));
  for (const entry of operations(base)) {
    const next = revisionOps.get(entry.key);
    if (!next) continue; // a removed operation is oasdiff's finding
    const where = { operation: entry.key, operationId: next.op.operationId };
    if (entry.op["x-idempotent"] === true && next.op["x-idempotent"] !== true)
      out.push(
        finding(
          "userctl-idempotent-removed",
          `x-idempotent changed from true to ${next.op["x-idempotent"] ?? "absent"}: clients stop retrying ${next.op.operationId ?? entry.key}`,
          { ...where, pointer: ["paths", next.path, next.method, "x-idempotent"], side: "revision" },
        ),
      );
    const after = parametersOf(revision, next);
    for (const [id, { node }] of parametersOf(base, entry)) {
      const now = after.get(id);
      if (node["x-client-managed"] === true && now && now.node["x-client-managed"] !== true)
        out.push(
          finding(
            "userctl-client-managed-removed",
            `the ${node.in} parameter \`${node.name}\` is no longer x-client-managed: callers must now supply it`,
            { ...where, pointer: [...now.pointer, "x-client-managed"], side: "revision" },
          ),
        );
    }
  }

  const before = requestSchemaNodes(base);
  for (const [key, now] of requestSchemaNodes(revision)) {
    const was = before.get(key);
    if (!was) continue; // a new field or operation: nothing a client accepted before is refused now
    const [operation] = key.split(/ (?:parameter|body) /);
    const where = { operation, operationId: revisionOps.get(operation)?.op.operationId };
    const label = key.slice(operation.length + 1);
    const classesWas = was.node["x-min-character-classes"] ?? 0;
    const classesNow = now.node["x-min-character-classes"] ?? 0;
    if (classesNow > classesWas)
      out.push(
        finding(
          "userctl-min-character-classes-raised",
          `x-min-character-classes of ${label} raised from ${classesWas} to ${classesNow}`,
          { ...where, pointer: [...now.pointer, "x-min-character-classes"], side: "revision" },
        ),
      );
    const bytesWas = was.node["x-max-bytes"] ?? Number.POSITIVE_INFINITY;
    const bytesNow = now.node["x-max-bytes"] ?? Number.POSITIVE_INFINITY;
    if (bytesNow < bytesWas)
      out.push(
        finding(
          "userctl-max-bytes-lowered",
          `x-max-bytes of ${label} lowered from ${Number.isFinite(bytesWas) ? bytesWas : "none"} to ${bytesNow}`,
          { ...where, pointer: [...now.pointer, "x-max-bytes"], side: "revision" },
        ),
      );
    // A string of n characters is at least n bytes: a byte minimum up to the old minLength refuses nothing new
    // (so x-min-bytes 6 with minLength lowered from 6 to 2 is a loosening, not a break).
    const minBytesWas = was.node["x-min-bytes"];
    const floorWas = Math.max(minBytesWas ?? 0, was.node.minLength ?? 0);
    const minBytesNow = now.node["x-min-bytes"] ?? 0;
    if (minBytesNow > floorWas)
      out.push(
        finding(
          "userctl-min-bytes-raised",
          `x-min-bytes of ${label} raised from ${minBytesWas ?? "none"} to ${minBytesNow} (the earlier rules implied at least ${floorWas} bytes)`,
          { ...where, pointer: [...now.pointer, "x-min-bytes"], side: "revision" },
        ),
      );
  }

  const codesNow = errorCodeRows(revision);
  for (const [code, { row, pointer }] of errorCodeRows(base))
    if (!codesNow.has(code))
      out.push(
        finding(
          "userctl-error-code-removed",
          `error code ${code}${row.name ? ` (${row.name})` : ""} removed from x-error-codes`,
          { operation: null, operationId: null, pointer, side: "base" },
        ),
      );
  return out;
}
