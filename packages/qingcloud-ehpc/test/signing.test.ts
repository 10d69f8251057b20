// Known-answer tests for EHPC signing. Every expected value below was computed OUTSIDE this code base:
//  - [openssl]  printf '<string_to_sign>' | openssl dgst -sha256 -hmac '<secret>' -binary | base64
//  - [md5sum]   printf '%s' '<body>' | md5sum
//  - [python]   Python 3 hmac/hashlib/base64 + urllib.parse.quote(s, safe='~') for RFC 3986 encoding and
//               urllib.parse.quote_plus applied once/twice for the signature encodings (the vendor's own
//               sample code uses quote_plus twice).
//  - [doc]      copied verbatim from yunify/qingcloud-docs content/compute/hpc/api/get_api/signature.md.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  buildStringToSign,
  CLIENT_MANAGED_PARAMS,
  canonicalQuery,
  createEhpcClient,
  createSigner,
  EMPTY_BODY_MD5,
  encodeQueryComponent,
  encodeRfc3986,
  encodeSignature,
  formatTimestamp,
  md5Hex,
  operations,
  sign,
  signedUri,
  signRequest,
} from "../src/index.js";

const SPEC_FILE = fileURLToPath(new URL("../../../specs/dist/qingcloud-ehpc.openapi.json", import.meta.url));

// [doc] the page's worked example.
const DOC_PARAMS = {
  zone: "jinan1a",
  signature_method: "HmacSHA256",
  signature_version: "1",
  version: "1",
  timestamp: "2021-08-19T16:44:40Z",
  access_key_id: "QYACCESSKEYIDEXAMPLE",
};
const DOC_QUERY =
  "access_key_id=QYACCESSKEYIDEXAMPLE&signature_method=HmacSHA256&signature_version=1&timestamp=2021-08-19T16%3A44%3A40Z&version=1&zone=jinan1a";
const DOC_STRING_TO_SIGN = `GET\n/api/cluster/list/\n${DOC_QUERY}\nd41d8cd98f00b204e9800998ecf8427e`;

// Our own fixture for POST/GET requests; the secret is recognisable so leaks are easy to spot.
const SECRET = "SECRETKEY-EHPC-TEST-9f3a";
const AK = "QYACCESSKEYIDEXAMPLE";
const FIXED = new Date("2024-05-06T07:08:09.456Z");
const DELETE_BODY = '{"cluster_id":"ehpc-8jqdq0mz","username":"isabel","zone":"jn1a"}';
const DELETE_BODY_MD5 = "ef10b4401d982c72a2cd2dadbb5de2dc"; // [md5sum]
const COMMON_2024 =
  "access_key_id=QYACCESSKEYIDEXAMPLE&signature_method=HmacSHA256&signature_version=1&timestamp=2024-05-06T07%3A08%3A09Z&version=1&zone=jn1a";

describe("RFC 3986 encoding", () => {
  // [python] urllib.parse.quote(s, safe='~')
  it.each([
    ["a b", "a%20b"],
    ["2021-08-19T16:44:40Z", "2021-08-19T16%3A44%3A40Z"],
    ["!'()*", "%21%27%28%29%2A"],
    ["-._~", "-._~"],
    ["中", "%E4%B8%AD"],
    ["a+b/c=d&e", "a%2Bb%2Fc%3Dd%26e"],
  ])("%j -> %s", (input, expected) => {
    expect(encodeRfc3986(input)).toBe(expected);
  });
});

describe("the vendor's worked example", () => {
  it("formats the timestamp as UTC YYYY-MM-DDThh:mm:ssZ without milliseconds", () => {
    expect(formatTimestamp(new Date("2021-08-19T16:44:40.999Z"))).toBe("2021-08-19T16:44:40Z");
  });

  it("sorts and encodes the parameters exactly like step 3 of the doc", () => {
    expect(canonicalQuery(DOC_PARAMS)).toBe(DOC_QUERY); // [doc]
  });

  it("builds the doc's string to sign (GET, trailing-slash uri, MD5 of the empty body)", () => {
    expect(md5Hex("")).toBe(EMPTY_BODY_MD5); // [md5sum] of nothing
    expect(signedUri("/api/cluster/list")).toBe("/api/cluster/list/");
    expect(buildStringToSign({ method: "get", uri: "/api/cluster/list/", query: DOC_QUERY })).toBe(
      DOC_STRING_TO_SIGN,
    );
  });

  it("computes HMAC-SHA256/base64 for both secrets the doc mentions", () => {
    // [openssl] The doc's printed signature (W68niby0…) reproduces with neither secret; these do.
    expect(sign(DOC_STRING_TO_SIGN, "SECRETACCESSKEY")).toBe("fuaaMdgEpq315d6SJPwhiaw3XantkrjQW4gQOg2FNkI=");
    expect(sign(DOC_STRING_TO_SIGN, "SECRETACCESSKEYSECRETACCESSKEY")).toBe(
      "z6/wBHnOG7u95zAfcpuZtGmvuEO3NbI0Xkgue8E8bwQ=",
    );
  });

  it("double-encodes a signature the way the doc prints it, single-encodes on request", () => {
    const docSignature = "W68niby0THV+XsKcRxuGblFm2a4XbTdto129JkSH2/M=";
    expect(encodeSignature(docSignature)).toBe("W68niby0THV%252BXsKcRxuGblFm2a4XbTdto129JkSH2%252FM%253D"); // [doc]
    expect(encodeSignature(docSignature, "single")).toBe(
      "W68niby0THV%2BXsKcRxuGblFm2a4XbTdto129JkSH2%2FM%3D",
    ); // [python]
  });
});

describe("signRequest", () => {
  it("signs a POST over the MD5 of the exact body bytes", () => {
    expect(md5Hex(DELETE_BODY)).toBe(DELETE_BODY_MD5);
    const signed = signRequest({
      accessKeyId: AK,
      secretAccessKey: SECRET,
      method: "POST",
      path: "/api/user/deleteUser",
      query: { zone: "jn1a" },
      body: new TextEncoder().encode(DELETE_BODY),
      timestamp: FIXED,
    });
    expect(signed.stringToSign).toBe(`POST\n/api/user/deleteUser/\n${COMMON_2024}\n${DELETE_BODY_MD5}`);
    expect(signed.signature).toBe("WjmAwQWNbgQt3/2BX7Oz5Ky1A7toWnICG6oOMeuhgj8="); // [openssl] and [python]
    expect(signed.queryString).toBe(
      `${COMMON_2024}&signature=WjmAwQWNbgQt3%252F2BX7Oz5Ky1A7toWnICG6oOMeuhgj8%253D`,
    );
  });

  it("signs the path as sent and encodes once when asked to", () => {
    const signed = signRequest({
      accessKeyId: AK,
      secretAccessKey: SECRET,
      method: "POST",
      path: "/api/user/deleteUser",
      query: { zone: "jn1a" },
      body: DELETE_BODY,
      timestamp: FIXED,
      signedUri: "as-sent",
      signatureEncoding: "single",
    });
    expect(signed.stringToSign).toBe(`POST\n/api/user/deleteUser\n${COMMON_2024}\n${DELETE_BODY_MD5}`);
    expect(signed.signature).toBe("uOT9ln7nS2FHc9fXG8RFJ8qt1YIkYAkNsyGbDacfk+g="); // [python]
    expect(signed.queryString).toMatch(/&signature=uOT9ln7nS2FHc9fXG8RFJ8qt1YIkYAkNsyGbDacfk%2Bg%3D$/);
  });

  it("hashes a different body differently (Python's json.dumps spacing is not what we send)", () => {
    const pythonDumps = '{"cluster_id": "ehpc-8jqdq0mz", "username": "isabel", "zone": "jn1a"}';
    expect(md5Hex(pythonDumps)).toBe("5d7160dff621ec43d47bc3bc5417e6a7"); // [python] hashlib.md5(json.dumps(...))
  });

  it("ignores caller-supplied values for the parameters it owns", () => {
    const signed = signRequest({
      accessKeyId: AK,
      secretAccessKey: SECRET,
      method: "POST",
      path: "/api/user/deleteUser",
      query: { zone: "jn1a", timestamp: "1999-01-01T00:00:00Z", signature: "forged", access_key_id: "other" },
      body: DELETE_BODY,
      timestamp: FIXED,
    });
    expect(signed.signature).toBe("WjmAwQWNbgQt3/2BX7Oz5Ky1A7toWnICG6oOMeuhgj8=");
  });

  it("fills exactly the parameters the spec marks x-client-managed, for every operation", () => {
    const signed = signRequest({
      accessKeyId: AK,
      secretAccessKey: SECRET,
      method: "GET",
      path: "/api/user",
      query: { zone: "jn1a" },
      timestamp: FIXED,
    });
    const added = new URLSearchParams(signed.queryString);
    added.delete("zone");
    expect([...added.keys()].sort()).toEqual([...CLIENT_MANAGED_PARAMS].sort());
    for (const op of Object.values(operations)) {
      expect([...op.clientManagedParams].sort(), op.operationId).toEqual([...CLIENT_MANAGED_PARAMS].sort());
    }
  });
});

describe("signing middleware, through the client", () => {
  function capture() {
    const requests: Array<{ url: string; method: string; headers: Headers; body: string }> = [];
    const fetchStub: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      requests.push({
        url: request.url,
        method: request.method,
        headers: request.headers,
        body: await request.text(),
      });
      return Response.json({ action: "HpcUserDeleteUserResponse", job_id: "j-1", ret_code: 0 });
    };
    return { requests, fetchStub };
  }

  it("sends exactly the signed POST: URL, query order, signature and the hashed body bytes", async () => {
    const { requests, fetchStub } = capture();
    const logs: string[] = [];
    const client = createEhpcClient({
      endpoint: "http://127.0.0.1:9",
      accessKeyId: AK,
      secretAccessKey: SECRET,
      zone: "jn1a",
      now: () => FIXED,
      fetch: fetchStub,
      userAgent: "userctl-test/1",
      logger: (line) => logs.push(line),
    });
    await client.deleteUser({ cluster_id: "ehpc-8jqdq0mz", username: "isabel" });
    expect(requests).toHaveLength(1);
    const [sent] = requests;
    expect(sent?.method).toBe("POST");
    expect(sent?.url).toBe(
      `http://127.0.0.1:9/api/user/deleteUser?${COMMON_2024}&signature=WjmAwQWNbgQt3%252F2BX7Oz5Ky1A7toWnICG6oOMeuhgj8%253D`,
    );
    expect(sent?.body).toBe(DELETE_BODY); // the bytes whose MD5 was signed
    expect(sent?.headers.get("content-type")).toBe("application/json");
    expect(sent?.headers.get("user-agent")).toBe("userctl-test/1");
    // The secret is nowhere on the wire or in the log.
    const headerText = [...(sent?.headers.entries() ?? [])].flat().join("\n");
    for (const text of [sent?.url ?? "", headerText, sent?.body ?? "", ...logs]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(encodeURIComponent(SECRET));
    }
    expect(logs.some((line) => line.includes("signature=WjmAwQWNbgQt3"))).toBe(true);
  });

  it("signs a GET with its own query parameters (space as %20, * as %2A)", async () => {
    const { requests, fetchStub } = capture();
    const client = createEhpcClient({
      endpoint: "http://127.0.0.1:9/",
      accessKeyId: AK,
      secretAccessKey: SECRET,
      zone: "jn1a",
      now: () => FIXED,
      fetch: fetchStub,
    });
    // The stub answers a delete-shaped body; the client returns whatever ret_code 0 body the server gave.
    await client.listUsers({ cluster_id: "hpc-qig9xu97", search_word: "isa bel*", limit: 5 });
    // [python] string_to_sign 'GET\n/api/user/\n<query>\nd41d8cd98f00b204e9800998ecf8427e'
    expect(requests[0]?.url).toBe(
      "http://127.0.0.1:9/api/user?access_key_id=QYACCESSKEYIDEXAMPLE&cluster_id=hpc-qig9xu97&limit=5&search_word=isa%20bel%2A&signature_method=HmacSHA256&signature_version=1&timestamp=2024-05-06T07%3A08%3A09Z&version=1&zone=jn1a&signature=56ebof6ivTbRbHbmXuWl9OXAtsS%252BQXmOOfX3Rzcv6ps%253D",
    );
    expect(requests[0]?.body).toBe("");
  });

  it("takes a fresh timestamp for every request", async () => {
    const { requests, fetchStub } = capture();
    let tick = Date.parse("2024-05-06T07:08:09Z");
    const client = createEhpcClient({
      endpoint: "http://127.0.0.1:9",
      accessKeyId: AK,
      secretAccessKey: SECRET,
      zone: "jn1a",
      now: () => {
        tick += 61_000;
        return new Date(tick);
      },
      fetch: fetchStub,
    });
    await client.deleteUser({ cluster_id: "c", username: "u" });
    await client.deleteUser({ cluster_id: "c", username: "u" });
    const stamps = requests.map((r) => new URL(r.url).searchParams.get("timestamp"));
    expect(stamps).toEqual(["2024-05-06T07:09:10Z", "2024-05-06T07:10:11Z"]);
  });
});

describe("spaces in the query: the page's step 2 (%20) vs its sample code's urlencode (+) (spec audit E1)", () => {
  const base = {
    accessKeyId: "QYACCESSKEYIDEXAMPLE",
    secretAccessKey: "SECRETACCESSKEY",
    method: "GET",
    path: "/api/user",
    query: { zone: "jinan1a", search_word: "isa bel" },
    timestamp: new Date("2021-08-19T16:44:40Z"),
  };

  it("signs and sends %20 by default, + with queryEncoding form, and the two signatures differ", () => {
    const rfc = signRequest(base);
    const form = signRequest({ ...base, queryEncoding: "form" });
    expect(rfc.canonicalQuery).toContain("search_word=isa%20bel");
    expect(form.canonicalQuery).toContain("search_word=isa+bel");
    // What is signed is what is sent, in both styles.
    expect(rfc.stringToSign.split("\n")[2]).toBe(rfc.canonicalQuery);
    expect(form.stringToSign.split("\n")[2]).toBe(form.canonicalQuery);
    expect(form.queryString.startsWith(`${form.canonicalQuery}&signature=`)).toBe(true);
    expect(form.signature).not.toBe(rfc.signature);
  });

  it("matches Python's urlencode for reserved characters too (only the space differs from RFC 3986)", () => {
    // [python] urllib.parse.urlencode({"search_word": "a b/c~d*e"}) == "search_word=a+b%2Fc~d%2Ae"
    expect(encodeQueryComponent("a b/c~d*e", "form")).toBe("a+b%2Fc~d%2Ae");
    expect(encodeQueryComponent("a b/c~d*e")).toBe("a%20b%2Fc~d%2Ae");
  });

  it("the bundled spec lists the ambiguity and its default", () => {
    const spec = JSON.parse(readFileSync(SPEC_FILE, "utf8"));
    const signing = spec.components.securitySchemes.EhpcSignature["x-ehpc-signing"];
    expect(signing.queryEncoding.default).toMatch(/^rfc3986/);
    expect(spec.components.securitySchemes.EhpcSignature.description).toContain("Spaces in the query");
  });
});

describe("createSigner (the typed methods' direct path) signs exactly as signRequest", () => {
  const at = new Date("2021-08-19T16:44:40.123Z");
  const cases: Array<{ name: string; query: Record<string, string | number | undefined>; body?: string }> = [
    {
      name: "a POST with zone",
      query: { zone: "jn1a" },
      body: '{"cluster_id":"c","username":"u","zone":"jn1a"}',
    },
    { name: "no zone: the client's is added", query: {} },
    {
      name: "a GET with spaces, reserved characters and a managed name",
      query: { zone: "z 1", search_word: "isa bel!*'()", limit: 10, timestamp: "forged", offset: undefined },
    },
  ];
  for (const queryEncoding of ["rfc3986", "form"] as const) {
    for (const signatureEncoding of ["double", "single"] as const) {
      for (const c of cases) {
        it(`${c.name} (${queryEncoding}, ${signatureEncoding})`, () => {
          const options = {
            accessKeyId: "QYACCESSKEYIDEXAMPLE",
            secretAccessKey: "SECRETEXAMPLE",
            queryEncoding,
            signatureEncoding,
          };
          const seen: string[] = [];
          const signTarget = createSigner({
            ...options,
            zone: "jinan1a",
            now: () => at,
            onSigned: ({ stringToSign }) => seen.push(stringToSign),
          });
          const query = Object.entries(c.query);
          if (!("zone" in c.query)) query.push(["zone", "jinan1a"]);
          const expected = signRequest({
            ...options,
            method: "POST",
            path: "/api/user/deleteUser",
            query: Object.fromEntries(query),
            body: c.body ?? "",
            timestamp: at,
          });
          const url = signTarget("POST", "https://hpc.example/api/user/deleteUser", c.query, c.body);
          expect(url).toBe(`https://hpc.example${expected.pathAndQuery}`);
          expect(seen).toEqual([expected.stringToSign]);
        });
      }
    }
  }
});
