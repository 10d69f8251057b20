// Timing helpers shared by bench.mjs and the suites: medians of interleaved rounds, so both sides of a ratio
// see the same machine (it is shared and noisy) and neither gets the warmer one.
import { spawn } from "node:child_process";

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** Runs `a` and `b` (async, returning a time in ms) alternately `rounds` times; medians of each. */
export async function interleave(rounds, a, b) {
  const as = [];
  const bs = [];
  for (let i = 0; i < rounds; i++) {
    // Alternate which goes first, so neither always follows the other's garbage or cache state.
    if (i % 2 === 0) {
      as.push(await a());
      bs.push(await b());
    } else {
      bs.push(await b());
      as.push(await a());
    }
  }
  return [median(as), median(bs)];
}

/** Wall time of one child process, in ms; rejects (with its stderr) unless it exits 0. */
export function timeProcess(args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { ...options, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve(ms);
      else reject(new Error(`node ${args.join(" ")} exited ${code}: ${stderr.trim().slice(0, 500)}`));
    });
  });
}

/** Mean time per call of `fn` over `count` sequential calls, in ms. */
export async function perCall(fn, count) {
  const started = performance.now();
  for (let i = 0; i < count; i++) await fn();
  return (performance.now() - started) / count;
}
