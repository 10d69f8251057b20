/** Default ceiling for Prism to answer HTTP on its port (120 s); it only stops a hang. */
export declare const STARTUP_CEILING_MS: number;

export interface StartPrismOptions {
  /** Prism's sub-command: `mock` serves a spec, `proxy` validates traffic to an upstream. */
  command: "mock" | "proxy";
  /** Everything after `--host … --port …`: flags, the spec file, for `proxy` the upstream URL. */
  args: string[];
  /** What is started, for messages: "Prism for milvus". */
  name: string;
  /** Where it comes from, for the ceiling message: "specs/dist/milvus.openapi.json". */
  source?: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default (or 0): a free port chosen by the OS, chosen again once if another process takes it first. */
  port?: number;
  /** Ceiling for the first HTTP answer (default STARTUP_CEILING_MS). */
  startupTimeoutMs?: number;
  /** Node options placed before Prism's entry script, e.g. ["--require", "/abs/preload.cjs"]. */
  nodeArgs?: string[];
  /** Every line Prism prints (stdout and stderr, colours stripped), from the start. */
  onLine?: (line: string) => void;
}

export interface PrismProcess {
  /** Base URL, e.g. http://127.0.0.1:53121 */
  url: string;
  port: number;
  /** SIGTERM, then SIGKILL after a grace period; resolves once Prism has exited. */
  stop(): Promise<void>;
}

export declare function startPrism(options: StartPrismOptions): Promise<PrismProcess>;
export declare function freePort(host?: string): Promise<number>;
export declare function answersHttp(host: string, port: number): Promise<boolean>;
/** The installed @stoplight/prism-cli's entry script; throws (code PRISM_NOT_INSTALLED) if it is not installed. */
export declare function prismBin(): string;
