// curl samples, generated from the spec alone: server, path, parameters and body come from the spec's own
// examples, credentials from environment variables so a sample never carries a secret.
import { deref, firstExample, parameterExample, requestMedia, serverUrl } from "./openapi.mjs";

const snake = (s) =>
  s
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toUpperCase();

/** Shell single-quoting: '…' with embedded quotes closed, escaped and reopened. */
export const shellQuote = (s) => `'${String(s).replaceAll("'", `'\\''`)}'`;

const envFor = (api, name) => api.secretEnv[name] ?? `${snake(api.cliGroup)}_${snake(name)}`;

export function curlSample(doc, api, operation) {
  let path = operation.path;
  const query = [];
  const headers = [];
  const notes = [];

  const computed = [];
  for (const param of operation.parameters) {
    const managed = param["x-client-managed"] === true;
    const example = parameterExample(doc, param);
    if (param.in === "path") {
      path = path.replace(`{${param.name}}`, encodeURIComponent(String(example ?? `<${param.name}>`)));
    } else if (param.in === "query") {
      if (managed) {
        // client-managed values: fixed ones verbatim, per-request ones (timestamp, signature…) as variables
        const schema = deref(doc, param.schema ?? {});
        const fixed = schema.const ?? (schema.enum?.length === 1 ? schema.enum[0] : undefined);
        if (fixed !== undefined) query.push(`${param.name}=${encodeURIComponent(String(fixed))}`);
        else {
          const env = envFor(api, param.name);
          if (!api.secretEnv[param.name]) computed.push(`$${env}`);
          query.push(`${param.name}=$${env}`);
        }
      } else if (param.required || example !== undefined)
        query.push(`${encodeURIComponent(param.name)}=${encodeURIComponent(String(example ?? ""))}`);
    } else if (param.in === "header" && param.required && !managed && example !== undefined) {
      headers.push(shellQuote(`${param.name}: ${example}`));
    }
  }
  if (computed.length > 0)
    notes.push(
      `# ${computed.join(", ")}: computed for each request (see the description of the security scheme);`,
      `# \`userctl ${api.cliGroup} … --dry-run\` prints this request with them filled in.`,
    );

  const requirement = operation.security[0] ?? {};
  for (const name of Object.keys(requirement)) {
    const scheme = deref(doc, doc.components?.securitySchemes?.[name] ?? {});
    const env = envFor(api, name);
    if (scheme.type === "http" && scheme.scheme?.toLowerCase() === "bearer")
      headers.push(`"Authorization: Bearer $${env}"`);
    else if (scheme.type === "http" && scheme.scheme?.toLowerCase() === "basic") headers.push(`-u "$${env}"`);
    else if (scheme.type === "apiKey" && scheme.in === "header") headers.push(`"${scheme.name}: $${env}"`);
    else if (
      scheme.type === "apiKey" &&
      scheme.in === "query" &&
      !query.some((q) => q.startsWith(`${scheme.name}=`))
    )
      query.push(`${scheme.name}=$${env}`);
  }

  const url = `${serverUrl(doc)}${path}${query.length ? `?${query.join("&")}` : ""}`;
  // double quotes so the $VARIABLES expand; the URL itself never contains a double quote
  const parts = [`curl -X ${operation.method.toUpperCase()} "${url}"`];
  for (const h of headers) parts.push(h.startsWith("-u ") ? h : `-H ${h}`);
  const media = requestMedia(operation.requestBody);
  if (media) {
    const [type, body] = media;
    const example = firstExample(doc, body);
    parts.push(`-H ${shellQuote(`Content-Type: ${type}`)}`);
    if (example !== undefined) {
      if (type.includes("json")) parts.push(`-d ${shellQuote(JSON.stringify(example.value, null, 2))}`);
      else if (type === "application/x-www-form-urlencoded")
        for (const [k, v] of Object.entries(example.value ?? {}))
          parts.push(`--data-urlencode ${shellQuote(`${k}=${v}`)}`);
      else parts.push(`--data-binary ${shellQuote(String(example.value))}`);
    }
  }
  return [...notes, parts.join(" \\\n  ")].join("\n");
}
