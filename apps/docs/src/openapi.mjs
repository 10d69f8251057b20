// Reading a bundled (self-contained) OpenAPI 3.1 document: operations, local $refs, named examples.
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/** Follows local `#/...` refs until a non-ref object is reached. */
export function deref(doc, node) {
  const seen = new Set();
  let cur = node;
  while (cur && typeof cur === "object" && typeof cur.$ref === "string") {
    const ref = cur.$ref;
    if (!ref.startsWith("#/")) throw new Error(`external $ref "${ref}" in a bundled spec`);
    if (seen.has(ref)) throw new Error(`circular $ref "${ref}"`);
    seen.add(ref);
    cur = ref
      .slice(2)
      .split("/")
      .map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"))
      .reduce((o, k) => (o == null ? undefined : o[k]), doc);
    if (cur === undefined) throw new Error(`unresolved $ref "${ref}"`);
  }
  return cur;
}

/** Every operation of the document, in path order, with path-level parameters merged in. */
export function listOperations(doc) {
  const ops = [];
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const item = deref(doc, rawItem);
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      if (!op.operationId) throw new Error(`${method.toUpperCase()} ${path}: operation has no operationId`);
      const params = new Map();
      for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        const r = deref(doc, p);
        params.set(`${r.in}:${r.name}`, r);
      }
      ops.push({
        operationId: op.operationId,
        method,
        path,
        summary: op.summary ?? "",
        description: op.description ?? "",
        tags: op.tags ?? [],
        parameters: [...params.values()],
        security: op.security ?? doc.security ?? [],
        requestBody: op.requestBody ? deref(doc, op.requestBody) : undefined,
        op,
      });
    }
  }
  return ops;
}

/** The first named example of a media type (or its `example`), as { name, value }. */
export function firstExample(doc, media) {
  if (!media) return undefined;
  const entries = Object.entries(media.examples ?? {});
  if (entries.length > 0) {
    const [name, ex] = entries[0];
    const resolved = deref(doc, ex);
    return { name, value: resolved.value };
  }
  if (media.example !== undefined) return { name: "example", value: media.example };
  return undefined;
}

/** The JSON (or first) media type of a request body, as [contentType, media]. */
export function requestMedia(body) {
  const content = Object.entries(body?.content ?? {});
  return content.find(([t]) => t.includes("json")) ?? content[0];
}

/** Example value of a parameter: `example`, first of `examples`, schema example/default/enum. */
export function parameterExample(doc, param) {
  if (param.example !== undefined) return param.example;
  const named = Object.values(param.examples ?? {})[0];
  if (named) return deref(doc, named).value;
  const schema = deref(doc, param.schema ?? {});
  if (schema.examples?.length) return schema.examples[0];
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  return undefined;
}

/** Server URL with its variables set to their defaults. */
export function serverUrl(doc) {
  const server = doc.servers?.[0];
  if (!server) return "http://localhost";
  return server.url
    .replace(/\{([^}]+)\}/g, (_, v) => server.variables?.[v]?.default ?? `{${v}}`)
    .replace(/\/$/, "");
}

/** Redoc 2 gives every operation with an operationId the anchor `operation/<operationId>`. */
export function redocAnchor(operation) {
  return `operation/${operation.operationId}`;
}
