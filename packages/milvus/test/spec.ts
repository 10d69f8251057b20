// Test helpers: the bundled spec, an Ajv that validates responses against it, and a fetch that records traffic.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import AjvModule, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

const Ajv2020 = AjvModule.default;
const addFormats = addFormatsModule.default;

type Json = Record<string, unknown>;
export const specFile = fileURLToPath(new URL("../../../specs/dist/milvus.openapi.json", import.meta.url));
export const spec = JSON.parse(readFileSync(specFile, "utf8")) as Json & {
  paths: Record<string, { post: Json & { operationId: string; responses: Record<string, Json> } }>;
};

const ID = "urn:test:milvus";
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat("password", true);
ajv.addSchema({ $id: ID, components: spec.components });

function anchor(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(anchor);
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [
      k,
      k === "$ref" && typeof v === "string" ? `${ID}${v}` : anchor(v),
    ]),
  );
}

function resolve<T>(node: T): T {
  let current = node as Json;
  while (current && typeof current.$ref === "string") {
    current = (current.$ref as string)
      .slice(2)
      .split("/")
      .reduce<Json>((acc, part) => acc[part] as Json, spec as Json);
  }
  return current as T;
}

export interface ResponseExample {
  operationId: string;
  status: number;
  name: string;
  mediaType: string;
  value: unknown;
}

export const operationIds: string[] = [];
/** Every named response example in the spec, per operation and status. */
export const responseExamples: ResponseExample[] = [];
const validators = new Map<string, ValidateFunction>();

for (const item of Object.values(spec.paths)) {
  const op = item.post;
  operationIds.push(op.operationId);
  for (const [status, rawResponse] of Object.entries(op.responses)) {
    const response = resolve(rawResponse) as { content: Record<string, { schema: Json; examples: Json }> };
    for (const [mediaType, media] of Object.entries(response.content)) {
      const fn = ajv.compile(anchor(media.schema) as Json);
      validators.set(`${op.operationId} ${status}`, fn);
      for (const [name, example] of Object.entries(media.examples)) {
        const { value } = resolve(example) as { value: unknown };
        responseExamples.push({
          operationId: op.operationId,
          status: Number(status),
          name,
          mediaType,
          value,
        });
      }
    }
  }
}

/** Errors of `data` against the spec's schema for that operation's response with that status ([] = valid). */
export function responseSchemaErrors(operationId: string, status: number, data: unknown): string[] {
  const fn = validators.get(`${operationId} ${status}`);
  if (!fn) return [`the spec has no ${status} response for ${operationId}`];
  return fn(data) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

export interface Exchange {
  method: string;
  url: string;
  headers: Headers;
  requestBody: string;
  status: number;
  responseText: string;
}

/** A fetch that forwards to the real one and records every exchange. */
export function recordingFetch(): { fetch: typeof fetch; log: Exchange[] } {
  const log: Exchange[] = [];
  const wrapped = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const requestBody = await request.clone().text();
    const response = await fetch(request);
    const responseText = await response.clone().text();
    log.push({
      method: request.method,
      url: request.url,
      headers: request.headers,
      requestBody,
      status: response.status,
      responseText,
    });
    return response;
  };
  return { fetch: wrapped as typeof fetch, log };
}

/** The named response example `name` of an operation's response with that status, or undefined. */
export function namedExample(operationId: string, status: number, name: string): unknown {
  return responseExamples.find((e) => e.operationId === operationId && e.status === status && e.name === name)
    ?.value;
}

/** A standard JSON Schema 2020-12 validator (no userctl keywords) for one component schema of the bundled spec. */
export function componentValidator(name: string): ValidateFunction {
  return ajv.compile({ $ref: `${ID}#/components/schemas/${name}` });
}

/** The bundled operation object (for its `x-idempotent`, description, …). */
export function operationOf(operationId: string): Json {
  const found = Object.values(spec.paths).find((item) => item.post.operationId === operationId);
  if (!found) throw new Error(`the spec has no operation ${operationId}`);
  return found.post;
}
