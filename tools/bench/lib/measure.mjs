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

/**
 * Mean time per call of `a` and of `b`, in ms, calling them alternately (a b b a a b …) so that both see the
 * machine in the same state to the millisecond; medians over `rounds` rounds of `count` pairs.
 */
export async function alternateCalls(rounds, count, a, b) {
  const as = [];
  const bs = [];
  for (let r = 0; r < rounds; r++) {
    let ta = 0;
    let tb = 0;
    for (let i = 0; i < count; i++) {
      const first = (i + r) % 2 === 0;
      const t0 = performance.now();
      await (first ? a : b)();
      const t1 = performance.now();
      await (first ? b : a)();
      const t2 = performance.now();
      if (first) {
        ta += t1 - t0;
        tb += t2 - t1;
      } else {
        tb += t1 - t0;
        ta += t2 - t1;
      }
    }
    as.push(ta / count);
    bs.push(tb / count);
  }
  return [median(as), median(bs)];
}

/** A deadline done by hand the way the invoker does it: a timer cleared as soon as `work` settles. */
export async function withTimeout(ms, work) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException("timed out", "TimeoutError")), ms);
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}
