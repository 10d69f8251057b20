#!/usr/bin/env node
// The bulk baseline: what `userctl milvus user drop --from-file <file> --concurrency <n> -o json` does, by hand —
// read the names, POST each with the same headers and timeout, check the envelope, print one JSON document.
// Usage: bare-drop.mjs <url> <token> <names file> <concurrency> <user agent>
import { readFileSync } from "node:fs";
import { withTimeout } from "./measure.mjs";

const [url, token, file, concurrency, userAgent] = process.argv.slice(2);
const names = readFileSync(file, "utf8")
  .split(/\r?\n/)
  .map((line) => line.trim())
  .filter((line) => line !== "" && !line.startsWith("#"));
const headers = {
  "Content-Type": "application/json",
  Authorization: `Bearer ${token}`,
  "User-Agent": userAgent,
  "Request-Timeout": "30",
};
const items = new Array(names.length);
let next = 0;
async function worker() {
  while (next < names.length) {
    const index = next++;
    const item = names[index];
    const body = await withTimeout(30_000, async (signal) => {
      const response = await fetch(`${url}/v2/vectordb/users/drop`, {
        method: "POST",
        headers,
        body: JSON.stringify({ userName: item }),
        signal,
      });
      return JSON.parse(await response.text());
    });
    items[index] = body.code === 0 ? { item, status: "done" } : { item, status: "failed" };
  }
}
await Promise.all(Array.from({ length: Math.min(Number(concurrency), names.length) }, worker));
const failed = items.filter((i) => i.status === "failed").length;
process.stdout.write(
  `${JSON.stringify({ ok: failed === 0, summary: { total: items.length, failed }, items }, null, 2)}\n`,
);
process.exitCode = failed === 0 ? 0 : 1;
