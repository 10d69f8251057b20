// Contract tests: every operation through the client against Prism serving the bundled spec (request
// validation on). A Prism 422 means the client sent something the spec forbids, and fails the test.
import { mockUrl } from "@userctl/mock/vitest";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMilvusClient, type MilvusClient, MilvusError, type MilvusOperationId } from "../src/index.js";
import {
  type Exchange,
  operationIds,
  recordingFetch,
  responseExamples,
  responseSchemaErrors,
} from "./spec.js";

const TOKEN = "contract-user:Sup3r-Secret-Token";
/** Prism for this API, started once for the package run by test/global-setup.ts. */
const MOCK_URL = mockUrl("milvus");
let client: MilvusClient;
let log: Exchange[];

beforeAll(async () => {
  const recorder = recordingFetch();
  log = recorder.log;
  client = createMilvusClient({ endpoint: MOCK_URL, token: TOKEN, timeoutMs: 10_000, fetch: recorder.fetch });
});
afterEach(() => {
  // Prism answers 422 when a request breaks the spec; no test may have provoked one.
  const rejected = log.filter((x) => x.status === 422);
  expect(rejected.map((x) => `${x.url}: ${x.responseText}`)).toEqual([]);
  log.length = 0;
});

// A valid request for every operation, as a caller would write it.
const VALID: Record<MilvusOperationId, unknown> = {
  createUser: { userName: "milvusAdmin", password: "P@ssw0rd" },
  dropUser: { userName: "milvusAdmin" },
  describeUser: { userName: "milvusAdmin" },
  listUsers: {},
  updatePassword: { userName: "milvusAdmin", password: "Curr3nt-Pass", newPassword: "N3w-P@ssw0rd" },
  grantRole: { userName: "milvusAdmin", roleName: "readOnly" },
  revokeRole: { userName: "milvusAdmin", roleName: "readOnly" },
  createRole: { roleName: "readOnly", description: "Read-only access" },
  dropRole: { roleName: "readOnly" },
  describeRole: { roleName: "readOnly", dbName: "*" },
  listRoles: {},
  alterRole: { roleName: "readOnly", description: "Read-only access to all collections" },
  grantPrivilege: { roleName: "readOnly", objectType: "Collection", objectName: "*", privilege: "Search" },
  revokePrivilege: { roleName: "readOnly", objectType: "Collection", objectName: "*", privilege: "Search" },
  grantPrivilegeV2: { roleName: "readOnly", privilege: "Search", collectionName: "*", dbName: "default" },
  revokePrivilegeV2: { roleName: "readOnly", privilege: "Search", collectionName: "*" },
};

// biome-ignore lint/suspicious/noExplicitAny: the tables call every method with its own body shape.
const callOf = (op: string) => (client as any)[op] as (body: unknown, o?: object) => Promise<unknown>;

describe("the spec and the client cover the same operations", () => {
  it("has one client method per operationId and one valid request per operation", () => {
    expect(operationIds.length).toBe(16);
    for (const op of operationIds) expect(typeof callOf(op), op).toBe("function");
    expect(Object.keys(VALID).sort()).toEqual([...operationIds].sort());
  });
});

describe.each(operationIds)("%s against Prism", (operationId) => {
  it("succeeds with the first (success) example, which matches the response schema", async () => {
    const result = await callOf(operationId)(VALID[operationId as MilvusOperationId]);
    const first = responseExamples.find((e) => e.operationId === operationId && e.status === 200);
    expect(result).toEqual(first?.value);
    expect((result as { code: number }).code).toBe(0);
    expect(responseSchemaErrors(operationId, 200, result)).toEqual([]);
    const [exchange] = log;
    expect(exchange?.status).toBe(200);
    expect(exchange?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(exchange?.headers.get("request-timeout")).toBe("10");
    expect(JSON.parse(exchange?.requestBody ?? "null")).toEqual(VALID[operationId as MilvusOperationId]);
  });
});

describe("every documented response example maps to the right result or typed error", () => {
  const cases = responseExamples.map((e) => ({ ...e, label: `${e.operationId} ${e.status} ${e.name}` }));
  it.each(cases)("$label", async ({ operationId, status, name, mediaType, value }) => {
    const prefer = { Prefer: `code=${status}, example=${name}` };
    const call = callOf(operationId)(VALID[operationId as MilvusOperationId], { headers: prefer });
    const envelope = value as { code?: number; message?: string };
    if (status === 200 && envelope.code === 0) {
      await expect(call).resolves.toEqual(value);
    } else {
      const error = await call.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(MilvusError);
      const milvusError = error as MilvusError;
      expect(milvusError.operationId).toBe(operationId);
      expect(milvusError.httpStatus).toBe(status);
      expect(milvusError.code).toBe(mediaType === "application/json" ? envelope.code : `HTTP_${status}`);
      if (envelope.message) expect(milvusError.vendorMessage).toBe(envelope.message);
      expect(milvusError.meaning, "every code has a meaning in the error table").toBeTruthy();
      expect(milvusError.isAuthError).toBe(
        [1800, 1400].includes(envelope.code ?? 0) || [401, 403].includes(status),
      );
      expect(milvusError.message).not.toContain("Sup3r-Secret-Token");
    }
    const [exchange] = log;
    expect(exchange?.status).toBe(status);
    const body =
      mediaType === "application/json" ? JSON.parse(exchange?.responseText ?? "") : exchange?.responseText;
    expect(responseSchemaErrors(operationId, status, body)).toEqual([]);
  });

  it("covers the documented codes 1100, 1400, 1401, 1800, 1801, 1802, 10001, 65535 and 500", () => {
    const codes = new Set(responseExamples.map((e) => (e.value as { code?: number }).code));
    for (const code of [0, 1100, 1400, 1401, 1800, 1801, 1802, 10001, 65535, 500])
      expect(codes).toContain(code);
    for (const op of operationIds) {
      const statuses = new Set(responseExamples.filter((e) => e.operationId === op).map((e) => e.status));
      for (const status of [200, 401, 403, 408, 500]) expect(statuses, `${op} ${status}`).toContain(status);
    }
  });
});

describe("headers", () => {
  it("sends user:password as the Bearer token, DB-Name, the user agent and a per-call Request-Timeout", async () => {
    const recorder = recordingFetch();
    const c = createMilvusClient({
      endpoint: `${MOCK_URL}/`,
      user: "root",
      password: "Milvus",
      dbName: "analytics",
      userAgent: "contract-test/1",
      timeoutMs: 2500,
      fetch: recorder.fetch,
    });
    await c.describeRole({ roleName: "readOnly" });
    await c.listRoles(undefined, { timeoutMs: 61_001 });
    const [first, second] = recorder.log;
    expect(first?.url).toBe(`${MOCK_URL}/v2/vectordb/roles/describe`);
    expect(first?.headers.get("authorization")).toBe("Bearer root:Milvus");
    expect(first?.headers.get("db-name")).toBe("analytics");
    expect(first?.headers.get("user-agent")).toBe("contract-test/1");
    expect(first?.headers.get("request-timeout")).toBe("3");
    expect(second?.headers.get("request-timeout")).toBe("62");
    expect(second?.requestBody).toBe("{}");
  });

  it("puts the dbName option in the body of grantPrivilegeV2, which Prism validates and accepts", async () => {
    const recorder = recordingFetch();
    const c = createMilvusClient({
      endpoint: MOCK_URL,
      token: TOKEN,
      dbName: "analytics",
      fetch: recorder.fetch,
    });
    await expect(
      c.grantPrivilegeV2({ roleName: "readOnly", privilege: "Search", collectionName: "*" }),
    ).resolves.toMatchObject({ code: 0 });
    expect(JSON.parse(recorder.log[0]?.requestBody ?? "null")).toEqual({
      roleName: "readOnly",
      privilege: "Search",
      collectionName: "*",
      dbName: "analytics",
    });
    expect(recorder.log[0]?.status).toBe(200);
  });

  it("sends no Authorization without credentials, which an auth-enabled server (Prism) rejects with 1800", async () => {
    const recorder = recordingFetch();
    const c = createMilvusClient({ endpoint: MOCK_URL, fetch: recorder.fetch });
    const error = await c.listUsers().catch((e: unknown) => e);
    expect(recorder.log[0]?.headers.has("authorization")).toBe(false);
    expect(recorder.log[0]?.headers.has("request-timeout")).toBe(false);
    expect(error).toMatchObject({ code: 1800, httpStatus: 401, isAuthError: true, operationId: "listUsers" });
  });
});
