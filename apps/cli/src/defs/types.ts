/**
 * The declarative command tables. Every command `userctl` has is one of these objects; commander, `--help`,
 * shell completion and `userctl __reference --json` (the docs' CLI reference) are all built from them.
 */

export type ApiId = "milvus" | "qingcloud-ehpc" | "sunbird-user";

export interface ArgDef {
  name: string;
  description: string;
  /** Optional when the command is bulk-capable and `--from-file` is given instead. */
  optional?: boolean;
}

export interface OptDef {
  /** Property name in the parsed input (camelCase). */
  key: string;
  /** Commander flags, e.g. `--role <name>`. */
  flags: string;
  description: string;
  env?: string;
  default?: string | boolean | number;
  required?: boolean;
  choices?: readonly string[];
  hidden?: boolean;
  /** Parsed as an integer. */
  int?: boolean;
  /** Repeatable: collected into an array. */
  repeatable?: boolean;
}

/** A connection setting of a vendor: flag > env > profile, in that order. */
export interface ConnDef {
  key: string;
  flags: string;
  description: string;
  env: string;
  /** Key in the profile file, e.g. `milvus.uri`. */
  profileKey: string;
  secret?: boolean;
  /** Needed for a real request (not for `--dry-run` of a client-side validation failure). */
  required?: boolean;
  default?: string;
}

/** A secret the command needs (a password): from a hidden prompt or `--password-stdin`, never argv unless forced. */
export interface PasswordDef {
  key: string;
  /** Prompt label and the field name in error messages. */
  label: string;
  /** Skip when the user gave `optionalUnless` = false, e.g. update-password's old password on new servers. */
  optional?: boolean;
}

export interface Input {
  args: Record<string, string>;
  /** Resolved connection settings (flag > env > profile). */
  conn: Record<string, string | undefined>;
  opts: Record<string, unknown>;
  passwords: Record<string, string | undefined>;
}

/** What a table-format printer gets. */
export type View =
  | { kind: "table"; head: string[]; rows: (string | number | boolean | null | undefined)[][] }
  | { kind: "fields"; fields: [string, unknown][] }
  | { kind: "message"; text: string };

export interface LeafDef {
  name: string;
  summary: string;
  description: string;
  args?: ArgDef[];
  options?: OptDef[];
  passwords?: PasswordDef[];
  /** At least one real invocation, shown in `--help` and in the reference. */
  examples: string[];
  /** Connection keys this command needs beyond the vendor's always-required ones (e.g. EHPC's cluster id). */
  requires?: string[];
  /** Client method = the spec's operationId. */
  operationId: string;
  /** Ask before running (drop, delete, revoke, block). `what(input)` names the target in the question. */
  destructive?: boolean;
  /** Accepts `--from-file`: each line/CSV row fills argument `arg`; `columns` are accepted CSV header names. */
  bulk?: { arg: string; columns: string[] };
  /** Builds the client call's arguments. */
  request(input: Input): unknown[];
  /** The `data` of the JSON output, from what the client returned. */
  data?(result: unknown, input: Input): unknown;
  /** The human rendering of `data`. */
  view(data: unknown, input: Input): View;
  /** For bulk re-runs: this error means the target is already gone — count it as done, with this note. */
  alreadyDone?(error: unknown): string | undefined;
  /** Note for a successful delete that cannot tell "deleted" from "was already absent". */
  doneNote?: string;
}

export interface GroupDef {
  name: string;
  summary: string;
  description: string;
  examples: string[];
  children: LeafDef[];
}

export interface Transport {
  fetch: typeof fetch;
  timeoutMs: number;
  /** 0 in dry-run mode: a captured request must not be "retried". */
  retries?: number;
  userAgent: string;
}

export interface VendorDef {
  /** Command name: `milvus`, `ehpc`, `sunbird`. */
  name: string;
  api: ApiId;
  title: string;
  summary: string;
  description: string;
  examples: string[];
  connection: ConnDef[];
  groups: GroupDef[];
  /** Loaded lazily so `userctl --version` and other vendors never pay for this client. */
  createClient(
    conn: Record<string, string | undefined>,
    transport: Transport,
    input: Input,
  ): Promise<unknown>;
}
