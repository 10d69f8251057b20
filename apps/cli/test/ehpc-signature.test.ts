// `--dry-run` for EHPC prints the request the client would send, signature included. With a fixed timestamp
// (hidden --timestamp), the printed signature must equal what the client package's own signing functions compute
// for the same inputs, and the request the CLI really sends must be the one it printed.
import { createServer } from "node:http";
import { signRequest } from "@userctl/qingcloud-ehpc";
import { describe, expect, test } from "vitest";
import { run, SECRETS } from "./helpers.js";

const TS = "2024-05-20T10:08:56Z";
const AK = "FAKEAKID";
const ENDPOINT = "http://127.0.0.1:9"; // never contacted in a dry run

const base = [
  "--endpoint",
  ENDPOINT,
  "--access-key-id",
  AK,
  "--secret-access-key",
  SECRETS.ehpcSecret,
  "--zone",
  "jn1a",
  "--cluster-id",
  "ehpc-8jqdq0mz",
  "--timestamp",
  TS,
];

async function dryRun(args: string[], stdin = "") {
  const r = await run([...args, ...base, "--dry-run", "-o", "json"], { stdin });
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout);
  expect(doc.dryRun).toBe(true);
  return doc.requests[0] as { method: string; url: string; body: string | null; curl: string };
}

describe("EHPC dry-run signature", () => {
  test("deleteUser: POST, signature over the query and the MD5 of the exact body", async () => {
    const req = await dryRun(["ehpc", "user", "delete", "isabel"]);
    const url = new URL(req.url);
    const expected = signRequest({
      accessKeyId: AK,
      secretAccessKey: SECRETS.ehpcSecret,
      method: "POST",
      path: "/api/user/deleteUser",
      query: { zone: "jn1a" },
      body: req.body ?? "",
      timestamp: new Date(TS),
    });
    expect(req.body).toBe('{"cluster_id":"ehpc-8jqdq0mz","username":"isabel","zone":"jn1a"}');
    expect(url.search.slice(1)).toBe(expected.queryString);
    expect(url.searchParams.get("timestamp")).toBe(TS);
    expect(req.curl).toContain(expected.queryString);
  });

  test("listUsers: GET, the operation's own parameters are signed too", async () => {
    const req = await dryRun(["ehpc", "user", "list", "--search", "isa bel", "--limit", "20"]);
    const expected = signRequest({
      accessKeyId: AK,
      secretAccessKey: SECRETS.ehpcSecret,
      method: "GET",
      path: "/api/user",
      query: { cluster_id: "ehpc-8jqdq0mz", search_word: "isa bel", limit: 20, zone: "jn1a" },
      timestamp: new Date(TS),
    });
    expect(req.method).toBe("GET");
    expect(new URL(req.url).search.slice(1)).toBe(expected.queryString);
  });

  test("modifyUser: the printed body hides the password, the signature still covers the real one", async () => {
    const req = await dryRun(
      ["ehpc", "user", "modify", "isabel", "--password-stdin"],
      `${SECRETS.ehpcPassword}\n`,
    );
    expect(req.body).toBe(
      '{"cluster_id":"ehpc-8jqdq0mz","username":"isabel","new_password":"***","zone":"jn1a"}',
    );
    const realBody = JSON.stringify({
      cluster_id: "ehpc-8jqdq0mz",
      username: "isabel",
      new_password: SECRETS.ehpcPassword,
      zone: "jn1a",
    });
    const expected = signRequest({
      accessKeyId: AK,
      secretAccessKey: SECRETS.ehpcSecret,
      method: "POST",
      path: "/api/user/modifyUser",
      query: { zone: "jn1a" },
      body: realBody,
      timestamp: new Date(TS),
    });
    expect(new URL(req.url).search.slice(1)).toBe(expected.queryString);
  });

  test("the request actually sent is the one the dry run printed", async () => {
    const seen: { url: string; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        seen.push({ url: req.url ?? "", body });
        res.setHeader("content-type", "application/json");
        res.end('{"action":"HpcUserDeleteUserResponse","job_id":"j-test0001","ret_code":0}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const endpoint = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    try {
      const args = ["ehpc", "user", "delete", "isabel", ...base, "--endpoint", endpoint];
      const dry = await run([...args, "--dry-run", "-o", "json"]);
      expect(seen).toHaveLength(0); // the dry run sent nothing
      const printed = JSON.parse(dry.stdout).requests[0];
      const real = await run([...args, "--yes", "-o", "json"]);
      expect(real.code, real.stderr).toBe(0);
      expect(seen).toHaveLength(1);
      expect(`${endpoint}${seen[0]?.url}`).toBe(printed.url);
      expect(seen[0]?.body).toBe(printed.body);
    } finally {
      server.close();
    }
  });
});
