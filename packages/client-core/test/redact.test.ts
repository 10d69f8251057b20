import { describe, expect, it } from "vitest";
import { redact } from "../src/index.js";

describe("redact", () => {
  it.each([
    ["plain", "Authorization: Bearer root:S3cr3t!", ["root:S3cr3t!"], "Authorization: Bearer ***"],
    ["url-encoded", "?token=root%3AS3cr3t!", ["root:S3cr3t!"], "?token=***"],
    [
      "base64 (Basic auth)",
      `Basic ${Buffer.from("root:S3cr3t!").toString("base64")}`,
      ["root:S3cr3t!"],
      "Basic ***",
    ],
    ["several, longest first", "k=abcdef k2=abc", ["abc", "abcdef"], "k=*** k2=***"],
    ["JSON-escaped", '{"msg":"bad password Pa\\"ss\\\\word"}', ['Pa"ss\\word'], '{"msg":"bad password ***"}'],
    ["ignores empty and tiny", "a b c", ["", undefined, "a"], "a b c"],
  ])("%s", (_name, text, secrets, expected) => {
    expect(redact(text, secrets)).toBe(expected);
  });
});
