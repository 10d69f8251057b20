export type ApiId = "milvus" | "qingcloud-ehpc" | "sunbird-user";

export declare const STARTUP_CEILING_MS: number;
export declare const APIS: Record<ApiId, { port: number; env: string }>;

export interface MockServer {
  api: ApiId;
  /** Base URL, e.g. http://127.0.0.1:53121 */
  url: string;
  port: number;
  /** Absolute path of the bundled spec being served. */
  spec: string;
  stop(): Promise<void>;
}

export interface StartMockOptions {
  /** Default: a free port chosen by the OS. */
  port?: number;
  /** Generate responses from schemas instead of returning examples. */
  dynamic?: boolean;
  /** Ceiling for Prism to answer HTTP on its port (default STARTUP_CEILING_MS, 120 s); only stops a hang. */
  startupTimeoutMs?: number;
}

export declare function specPath(api: ApiId): string;
export declare function freePort(): Promise<number>;
export declare function startMock(api: ApiId, options?: StartMockOptions): Promise<MockServer>;
