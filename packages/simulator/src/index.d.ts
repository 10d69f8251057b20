export type ApiName = "milvus" | "qingcloud-ehpc" | "sunbird-user";

export type FaultClass =
  | "wrong_status"
  | "response_schema_violation"
  | "invalid_input_accepted"
  | "valid_input_rejected"
  | "server_error_on_edge_input"
  | "visible_after_delete"
  | "list_not_updated_after_create"
  | "drop_not_idempotent"
  | "failed_create_side_effect"
  | "auth_not_checked"
  | "secret_echoed"
  | "wrong_content_type"
  | "wrong_error_envelope"
  | "missing_required_header_accepted";

export interface FaultInfo {
  name: string;
  api: ApiName;
  class: FaultClass;
  /** The `userctl contract` check expected to detect the fault. */
  check: string;
  description: string;
  enabled: boolean;
}

export interface MilvusOptions {
  milvusVersion?: "2.5" | "2.6" | "3.0";
  /** Authentication (and RBAC) on; default true. */
  auth?: boolean;
  rootPassword?: string;
  /** "server" (default): the open-source server's rules; "zilliz-cloud": the spec's `x-zilliz-cloud-policy` too. */
  passwordPolicy?: "server" | "zilliz-cloud";
  /** API keys accepted as root (Zilliz Cloud style); one is generated when none is given. */
  apiKeys?: string[];
}

export interface EhpcOptions {
  /** Key pairs accepted; one is generated when none is given. */
  keys?: Array<{ accessKeyId: string; secretAccessKey: string }>;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Clusters to seed, each with its admin; default one cluster `ehpc-sim00001` in zone `jn1a`. */
  clusters?: Array<{ clusterId: string; zone?: string; admin?: string }>;
  /** Seconds a timestamp stays valid (default 60, error 1300 after). */
  maxAgeSeconds?: number;
  /** Accept a POST whose `zone` is only in the body, as QingCloud's Python SDK sends it (default false: the spec). */
  acceptZoneInBody?: boolean;
}

export interface SunbirdOptions {
  /** Gateway bearer tokens (API keys) accepted; one is generated when none is given. */
  apiKey?: string;
  /** "6" (default): block/unblock as documented and recorded; "7.0": the guards the spec infers from 7.0's code. */
  sunbirdRelease?: "6" | "7.0";
  /** A gateway token whose consumer may only create and read (other routes: the gateway's plain-text 403). */
  restrictedApiKey?: string;
  /** User tokens (X-Authenticated-User-token) accepted; one is generated when none is given. */
  userToken?: string;
}

export interface StartOptions {
  host?: string;
  /** 0 (default) lets the OS choose. */
  port?: number;
  /** Persist the state to this file (atomic writes); without it the state lives in memory. */
  stateFile?: string;
  /** Faults switched on from the start. */
  faults?: string[];
  options?: MilvusOptions & EhpcOptions & SunbirdOptions;
}

export interface Simulator {
  api: ApiName;
  url: string;
  port: number;
  /** What the simulator accepts (printed at start by the CLI). */
  credentials: Record<string, unknown>;
  stop(): Promise<void>;
  /** State back to the seeded state, all faults off. */
  reset(): Promise<void>;
  setFault(name: string, enabled: boolean): void;
  faults(): FaultInfo[];
  /** The state as `GET /__sim/state` shows it (no secrets). */
  snapshot(): unknown;
}

export declare const APIS: Readonly<Record<ApiName, { port: number; env: string }>>;
export declare const FAULT_CLASSES: Readonly<Record<FaultClass, string>>;
export declare function faultCatalogue(): Omit<FaultInfo, "enabled">[];
export declare function startSimulator(options: StartOptions & { api: ApiName }): Promise<Simulator>;
