// The shared known-answer vectors (specs/qingcloud-ehpc/signing-vectors.json), which the Python, Go and Java
// signers in packages/clients-* must reproduce too; the file says how its values were computed.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { md5Hex, type SignatureEncoding, type SignedUriStyle, signRequest } from "../src/index.js";

interface Vector {
  name: string;
  method: string;
  path: string;
  query: Record<string, string>;
  body: string;
  timestamp: string;
  accessKeyId: string;
  secretAccessKey: string;
  signatureEncoding: SignatureEncoding;
  signedUri: SignedUriStyle;
  expected: {
    canonicalQuery: string;
    bodyMd5: string;
    stringToSign: string;
    signature: string;
    queryString: string;
  };
}

const { vectors } = JSON.parse(
  readFileSync(new URL("../../../specs/qingcloud-ehpc/signing-vectors.json", import.meta.url), "utf8"),
) as { vectors: Vector[] };

describe("shared EHPC signing vectors", () => {
  it("has vectors to check", () => {
    expect(vectors.length).toBeGreaterThanOrEqual(5);
  });

  it.each(vectors.map((v) => [v.name, v] as const))("%s", (_, v) => {
    const signed = signRequest({
      accessKeyId: v.accessKeyId,
      secretAccessKey: v.secretAccessKey,
      method: v.method,
      path: v.path,
      query: v.query,
      body: new TextEncoder().encode(v.body),
      timestamp: new Date(v.timestamp),
      signatureEncoding: v.signatureEncoding,
      signedUri: v.signedUri,
    });
    expect(md5Hex(v.body)).toBe(v.expected.bodyMd5);
    expect(signed.canonicalQuery).toBe(v.expected.canonicalQuery);
    expect(signed.stringToSign).toBe(v.expected.stringToSign);
    expect(signed.signature).toBe(v.expected.signature);
    expect(signed.queryString).toBe(v.expected.queryString);
  });
});
