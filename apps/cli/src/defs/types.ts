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

interface LeafCommon {
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
  /** Ask before running (drop, delete, revoke, block). `what(input)` names the target in the question. */
  destructive?: boolean;
  /** Accepts `--from-file`: each line/CSV row fills argument `arg`; `columns` are accepted CSV header names. */
  bulk?: { arg: string; columns: string[] };
  /** For bulk re-runs: this error means the target is already gone — count it as done, with this note. */
  alreadyDone?(error: unknown): string | undefined;
  /** Note for a successful delete that cannot tell "deleted" from "was already absent". */
  doneNote?: string;
}

/** The names of a client's methods (its operationIds). */
export type OperationOf<C> = {
  [K in keyof C & string]: C[K] extends (...args: never[]) => unknown ? K : never;
}[keyof C & string];
/** A client method's exact argument tuple, as the generated types declare it. */
export type ArgsOf<F> = F extends (...args: infer A extends unknown[]) => unknown ? A : never;
/** What a client method resolves to, as the generated types declare it. */
export type ResultOf<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;

/**
 * One command, typed against its vendor's generated client `C` and its method `Op`: `request` must build exactly
 * the method's arguments, and `data`/`view` read its declared result, so a spec change that breaks a command breaks
 * the build. `D` is the JSON output's `data`: what `data` returns, or the client's result when there is no `data`.
 */
export interface TypedLeafDef<C, Op extends OperationOf<C>, D> extends LeafCommon {
  /** Builds the client call's arguments (wrap object literals in `body()` so unknown fields are errors too). */
  request(input: Input): ArgsOf<C[Op]>;
  /** The `data` of the JSON output, from what the client returned. */
  data?(result: ResultOf<C[Op]>, input: Input): D;
  /** The human rendering of `data`. */
  view(data: D, input: Input): View;
}

/** A command with its client types erased: what the runtime (commander, run, reference) works with. */
export interface LeafDef extends LeafCommon {
  /** Client method = the spec's operationId. */
  operationId: string;
  request(input: Input): unknown[];
  data?(result: unknown, input: Input): unknown;
  view(data: unknown, input: Input): View;
}

/**
 * The per-vendor helper: `const leaf = defineLeaf<MilvusClient>()`, then `leaf("dropUser")({ … })`. The operationId
 * comes first, in its own call, so the definition is checked against that one method's concrete types (inside one
 * generic call TypeScript would check the request before it knows the method).
 */
export const defineLeaf =
  <C>() =>
  <Op extends OperationOf<C>>(operationId: Op) =>
  <D = ResultOf<C[Op]>>(leaf: TypedLeafDef<C, Op, D>): LeafDef => ({ ...leaf, operationId });

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
