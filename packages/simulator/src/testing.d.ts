export declare function recordingFetch(): {
  calls: string[];
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
};
export declare function uncalledOperations(
  calls: readonly string[],
  operations: Readonly<Record<string, { method: string; path: string }>>,
): string[];
