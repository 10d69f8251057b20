// `--validate`: Prism's validation proxy in front of a simulator. Without `--errors` Prism forwards every request
// and every answer unchanged in status and body, and only reports violations (request and response) — they are
// passed on line by line. Prism is an optional peer dependency: it is only loaded when asked for. Starting,
// readiness (an HTTP answer through the proxy) and stopping are @userctl/prism-process's, as for tools/mock.
import { startPrism } from "@userctl/prism-process";

/**
 * @param {{ specFile: string, upstream: string, host?: string, port?: number,
 *           onViolation?: (line: string) => void, startupTimeoutMs?: number }} options
 */
export async function startValidationProxy(options) {
  try {
    return await startPrism({
      command: "proxy",
      args: ["--cors", "false", options.specFile, options.upstream],
      name: `Prism's validation proxy for ${options.upstream}`,
      source: options.specFile,
      host: options.host,
      port: options.port,
      startupTimeoutMs: options.startupTimeoutMs,
      onLine: (line) => {
        if (/VALIDATOR/.test(line)) options.onViolation?.(line.trim());
      },
    });
  } catch (error) {
    if (error?.code === "PRISM_NOT_INSTALLED") {
      throw new Error("--validate needs @stoplight/prism-cli installed next to @userctl/simulator");
    }
    throw error;
  }
}
