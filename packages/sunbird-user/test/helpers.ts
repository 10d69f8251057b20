import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import AjvModule from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

const Ajv2020 = AjvModule.default;
const addFormats = addFormatsModule.default;

// The bundle the mock serves, read by relative path (no dependency on @userctl/specs, see ARCHITECTURE.md).
export const specFile = fileURLToPath(
  new URL("../../../specs/dist/sunbird-user.openapi.json", import.meta.url),
);

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is walked as plain data.
export type Json = any;
export const spec: Json = JSON.parse(readFileSync(specFile, "utf8"));

export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  operation: Json;
}

export const specOperations: SpecOperation[] = Object.entries(spec.paths as Record<string, Json>).flatMap(
  ([path, item]) =>
    Object.entries(item as Record<string, Json>)
      .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
      .map(([method, operation]) => ({ operationId: operation.operationId, method, path, operation })),
);

export function specOperation(operationId: string): SpecOperation {
  const found = specOperations.find((op) => op.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId} in the spec`);
  return found;
}

/** Follow a local `#/...` reference in the bundled spec. */
export function deref(node: Json): Json {
  let current = node;
  while (current && typeof current.$ref === "string") {
    current = current.$ref
      .slice(2)
      .split("/")
      .reduce((acc: Json, part: string) => acc?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
  }
  return current;
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat("password", true); // an OpenAPI annotation, not a constraint
ajv.addSchema({ ...spec, $id: "urn:test:sunbird-user" });

/** Validates a response body against the spec's schema for that operation, status and content type. */
export function checkResponse(operationId: string, status: number, contentType: string, body: unknown) {
  const media = contentType.includes("json") ? "application/json" : "text/plain";
  const response = deref(specOperation(operationId).operation.responses[String(status)]);
  const schema = response?.content?.[media]?.schema;
  if (typeof schema?.$ref !== "string") {
    return { valid: false, errors: `spec has no named ${status} ${media} schema for ${operationId}` };
  }
  const ref = `urn:test:sunbird-user${schema.$ref}`;
  const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
  const valid = validate(body) as boolean;
  return { valid, errors: valid ? "" : ajv.errorsText(validate.errors) };
}

export interface Exchange {
  method: string;
  url: string;
  requestHeaders: Headers;
  requestBody: string;
  status: number;
  contentType: string;
  violations: string | null;
  body: unknown;
}

/**
 * A fetch that records every exchange (request headers/body, response status/body and Prism's
 * `sl-violations` header, which Prism sets when the request broke the spec).
 */
export function recordingFetch() {
  const exchanges: Exchange[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const requestBody = await request.clone().text();
    const response = await fetch(request);
    const text = await response.clone().text();
    const contentType = response.headers.get("content-type") ?? "";
    let body: unknown = text;
    if (contentType.includes("json") && text !== "") body = JSON.parse(text);
    exchanges.push({
      method: request.method,
      url: request.url,
      requestHeaders: request.headers,
      requestBody,
      status: response.status,
      contentType,
      violations: response.headers.get("sl-violations"),
      body,
    });
    return response;
  };
  return { fetch: fetchImpl, exchanges };
}

/** Recognisable fake secrets: if any of these shows up in an error, redaction failed. */
export const SECRETS = {
  apiKey: "gw-apikey-SECRET-7f3a9c",
  userToken: "kc-usertoken-SECRET-51d2e8",
} as const;
