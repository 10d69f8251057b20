import { describe, expect, it } from "vitest";
import {
  checkEndpoint,
  checkHeaderSecret,
  foreignResponse,
  loadErrorTable,
  ValidationError,
} from "../src/index.js";

describe("checkEndpoint", () => {
  it.each([
    ["https://in01-x.api.gcp-us-west1.zillizcloud.com/", "https://in01-x.api.gcp-us-west1.zillizcloud.com"],
    ["http://127.0.0.1:4010", "http://127.0.0.1:4010"],
    ["  https://hpc-api.qingcloud.com//  ", "https://hpc-api.qingcloud.com"],
    ["https://gw.example.org/proxy/", "https://gw.example.org/proxy"],
  ])("accepts %j", (input, expected) => {
    expect(checkEndpoint("endpoint", input)).toBe(expected);
  });

  it.each([
    [undefined, "endpoint: is required"],
    ["", "endpoint: is required"],
    ["localhost:19530", "endpoint: must be an absolute http:// or https:// URL"],
    ["ftp://example.org", "endpoint: must be an absolute http:// or https:// URL"],
    ["not a url", "endpoint: must be an absolute http:// or https:// URL"],
    [
      "https://root:Milvus@example.org",
      "endpoint: must not contain credentials (pass them as options instead)",
    ],
    ["https://example.org/?token=x", "endpoint: must not contain a query or fragment"],
  ])("rejects %j", (input, message) => {
    expect(() => checkEndpoint("endpoint", input)).toThrow(ValidationError);
    expect(() => checkEndpoint("endpoint", input)).toThrow(message);
  });
});

describe("loadErrorTable", () => {
  const doc = (table: unknown) => ({
    $id: "urn:t",
    components: { schemas: { Err: { "x-error-codes": table } } },
  });

  it("indexes the rows by code", () => {
    const table = loadErrorTable(
      doc([{ code: 1100, name: "ErrParameterInvalid", meaning: "invalid parameter" }]),
      "Err",
    );
    expect(table.get(1100)?.meaning).toBe("invalid parameter");
    expect(table.size).toBe(1);
  });

  it.each([
    ["a missing table", undefined, "spec: schema Err has no x-error-codes table"],
    [
      "a row without meaning",
      [{ code: 1, name: "x" }],
      'spec: bad x-error-codes row in Err: {"code":1,"name":"x"}',
    ],
  ])("refuses %s", (_name, table, message) => {
    expect(() => loadErrorTable(doc(table), "Err")).toThrow(message);
  });
});

describe("foreignResponse", () => {
  it.each([
    [502, "<html>\n<body>Bad gateway</body></html>", "HTTP_502", "<html> <body>Bad gateway</body></html>"],
    [500, undefined, "HTTP_500", "HTTP 500 with an empty body"],
    [200, { unexpected: true }, "HTTP_200", '{"unexpected":true}'],
    [500, "x".repeat(300), "HTTP_500", `${"x".repeat(200)}…`],
  ])("HTTP %i %j", (status, body, code, vendorMessage) => {
    expect(foreignResponse(status, body)).toEqual({ code, vendorMessage });
  });
});

describe("checkHeaderSecret", () => {
  it.each(["root:Milvus", "user:pass with spaces", "eyJhbGciOiJSUzI1NiJ9.e30.sig"])("accepts %j", (value) => {
    expect(checkHeaderSecret("token", value)).toBe(value);
  });

  it.each([
    [undefined, "token: is required"],
    ["  ", "token: is required"],
    ["gw-SECRET\nX-Injected: 1", "token: must not contain control characters or line breaks"],
    ["tab\tinside", "token: must not contain control characters or line breaks"],
  ])("rejects %j without quoting it", (value, message) => {
    let caught: unknown;
    try {
      checkHeaderSecret("token", value);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as Error).message).toBe(message);
  });
});
