// For a client's own test suite run against a simulator: which operations the client really called.

/** A fetch that records `METHOD /path` of every request before sending it. */
export function recordingFetch() {
  const calls = [];
  const fetcher = (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    calls.push(`${request.method} ${new URL(request.url).pathname}`);
    return fetch(request);
  };
  return { calls, fetch: fetcher };
}

/** `METHOD /template` of every operation in `operations` (a generated client's table) that no call matched. */
export function uncalledOperations(calls, operations) {
  return Object.values(operations)
    .map((op) => ({
      name: `${op.method.toUpperCase()} ${op.path}`,
      re: new RegExp(`^${op.method.toUpperCase()} ${op.path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
    }))
    .filter(({ re }) => !calls.some((c) => re.test(c)))
    .map(({ name }) => name);
}
