// One contract run: preflight (network, credentials, what kind of target), the phases, then cleanup of every
// resource the run created, even after a failure or an abort.
import fc from "fast-check";
import { type ArazzoDocument, runWorkflows } from "./arazzo.js";
import {
  CHECKS,
  type CheckName,
  describeOutcome,
  type Failure,
  responseChecks,
  STATEFUL_CHECKS,
} from "./checks.js";
import { type CheckSummary, type Finding, Ledger, PHASES, type Phase } from "./findings.js";
import {
  baseRequest,
  type Case,
  coverageCases,
  createJudge,
  type Fill,
  getAt,
  invalidRequestArbitrary,
  Names,
  type Policy,
  personalize,
  type RequestData,
  validRequestArbitrary,
} from "./generate.js";
import {
  type AuthMode,
  type Credentials,
  createTransport,
  NetworkFailure,
  type Omission,
  type SentExchange,
  type TestRequest,
  type Transport,
} from "./http.js";
import {
  type ApiId,
  bindSemantics,
  type ContractProfile,
  fillTemplate,
  type RequestTemplate,
  type ResourceSpec,
  type Semantics,
} from "./profile.js";
import { loadSpec, type OpenApi, type Operation, pointerGet } from "./spec.js";

export interface RunOptions {
  api: ApiId;
  url: string;
  spec: OpenApi;
  profile: ContractProfile;
  workflows?: ArazzoDocument;
  credentials: Credentials;
  /** Values for the profile's settings (EHPC: clusterId, zone). */
  settings?: Record<string, string>;
  phases?: Phase[];
  checks?: CheckName[];
  seed?: number;
  /** Per operation and phase (fuzz), and sequences (stateful). */
  maxExamples?: number;
  /** Stop starting new work after this many ms (cleanup still runs). */
  timeBudgetMs?: number;
  /** Requests per second at most; 0 = no limit. */
  rate?: number;
  timeoutMs?: number;
  /** Which rule sets judge inputs: "spec" (default) and/or overlays such as "zilliz-cloud". */
  policies?: Policy[];
  /** `auto`: detect a stateless mock (Prism); true: the caller says so. */
  stateless?: boolean | "auto";
  signal?: AbortSignal;
  onProgress?(event: ProgressEvent): void;
  /** Called once per finding, as soon as it is recorded (fuzz: after shrinking), e.g. to stop at the first. */
  onFinding?(finding: Finding): void;
  fetch?: typeof fetch;
}

export interface ProgressEvent {
  phase: Phase;
  done: number;
  total: number;
  findings: number;
}

export interface RunReport {
  api: ApiId;
  url: string;
  runId: string;
  seed: number;
  phases: Phase[];
  findings: Finding[];
  checks: CheckSummary[];
  requests: number;
  durationMs: number;
  target: "server" | "stateless mock";
  cleanup: { created: number; removed: number; leftover: string[] };
  /** Set when the run stopped early (time budget, abort). */
  interrupted?: string;
}

export class AuthFailure extends Error {
  override name = "AuthFailure";
}
export class TargetUnreachable extends Error {
  override name = "TargetUnreachable";
}

interface Created {
  resource: string;
  vars: Record<string, unknown>;
}

const AUTH_NAME = /auth|access|permi|unauthori|forbidden|signature|expired|denied/i;

export async function runContract(options: RunOptions): Promise<RunReport> {
  const started = Date.now();
  const spec = loadSpec(options.spec);
  const sem = bindSemantics(options.profile, spec);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const runId = seedId(seed);
  const names = new Names(`${options.profile.prefix}${runId}`);
  const phases = options.phases ?? [...PHASES];
  const selected = options.checks ?? [...CHECKS];
  const policies: Policy[] = options.policies ?? ["spec"];
  const maxExamples = options.maxExamples ?? 20;
  const deadline = options.timeBudgetMs ? started + options.timeBudgetMs : Number.POSITIVE_INFINITY;
  const settings = options.settings ?? {};
  const ledger = new Ledger(undefined, (finding) => {
    if (selected.includes(finding.check)) options.onFinding?.(finding);
  });
  const transport = createTransport({
    baseUrl: options.url,
    profile: options.profile,
    spec,
    credentials: options.credentials,
    settings,
    timeoutMs: options.timeoutMs ?? 10_000,
    rate: options.rate ?? 0,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const created: Created[] = [];
  let interrupted: string | undefined;
  let cleanup: RunReport["cleanup"] = { created: 0, removed: 0, leftover: [] };
  const stop = () => {
    if (options.signal?.aborted) interrupted = "aborted";
    else if (Date.now() > deadline) interrupted = "time budget reached";
    return interrupted !== undefined;
  };
  const ops = [...spec.operations.values()];
  const semOf = (op: Operation) => options.profile.operations[op.operationId] ?? {};
  const fillOf = (op: Operation): Fill => ({
    names,
    settings,
    semantics: semOf(op),
    unjudged: options.profile.unjudged ?? [],
  });

  const ctx: Context = {
    sem,
    transport,
    ledger,
    selected,
    seed,
    created,
    names,
    settings,
    mock: false,
    policies,
    stats: { removedEarly: 0 },
  };

  // Preflight: reachable, credentials accepted, and whether the target keeps state.
  const probeOp = ops.find((o) => semOf(o).role === "list") ?? ops[0];
  if (!probeOp) throw new Error("the spec has no operations");
  let probe: SentExchange;
  try {
    probe = await transport.send(
      probeOp,
      toTestRequest(baseRequest(spec, probeOp, policies, fillOf(probeOp)), probeOp),
    );
  } catch (error) {
    if (error instanceof NetworkFailure) throw new TargetUnreachable(error.message);
    throw error;
  }
  if (isAuthRejection(sem, probe))
    throw new AuthFailure(
      `${probeOp.operationId}: the server refused the credentials (${describeOutcome(sem, probe)})`,
    );
  ctx.mock =
    options.stateless === true || (options.stateless !== false && (await isPrism(transport, probeOp)));

  const runPhase = async (phase: Phase, body: () => Promise<void>) => {
    if (!phases.includes(phase) || stop()) return;
    await body();
  };
  // Coverage's auth cases run early, each operation's right after its examples: a handful of requests that find
  // the costliest faults (credentials or a required header ignored), so a tight --time-budget reaches them.
  const authTested = new Set<Operation>();
  const earlyAuthCases = async (op: Operation) => {
    if (!phases.includes("coverage") || authTested.has(op)) return;
    authTested.add(op);
    await authCases(ctx, op, baseRequest(spec, op, policies, fillOf(op)));
  };
  try {
    await runPhase("examples", async () => {
      let done = 0;
      for (const op of ops) {
        if (stop()) break;
        for (const data of exampleRequests(spec, op, policies, fillOf(op))) {
          const judge = createJudge(spec, op, policies);
          await exchange(ctx, op, data, "examples", {
            kind: judge.valid(data) ? "positive" : "other",
            rule: "spec example",
          });
        }
        await earlyAuthCases(op);
        options.onProgress?.({
          phase: "examples",
          done: ++done,
          total: ops.length,
          findings: ledger.findings.length,
        });
      }
    });
    // Without the examples phase, the auth cases still come before the stateful phase.
    await runPhase("coverage", async () => {
      for (const op of ops) {
        if (stop()) break;
        await earlyAuthCases(op);
      }
    });
    // Stateful before coverage and fuzz: a few requests that find what input generation cannot, so a tight
    // --time-budget still reaches them.
    await runPhase("stateful", async () => {
      if (ctx.mock) {
        for (const c of STATEFUL_CHECKS)
          ledger.notRun(c, "the target is a stateless mock (Prism): it keeps no state between requests");
        return;
      }
      const resources = Object.entries(options.profile.resources);
      let done = 0;
      const total = resources.length + (options.workflows?.workflows.length ?? 0);
      for (const [name, res] of resources) {
        if (stop()) break;
        await lifecycle(ctx, name, res, policies);
        options.onProgress?.({ phase: "stateful", done: ++done, total, findings: ledger.findings.length });
      }
      if (options.workflows && !stop()) {
        await runWorkflows(options.workflows, {
          spec,
          sem,
          inputs: (roles) => workflowInputs(roles, names, settings),
          send: async (op, req, step) => {
            const ex = await exchange(ctx, op, req, "stateful", { kind: "other", step });
            return ex;
          },
          fail: (failure, step, op, ex) =>
            ledger.fail(
              [failure],
              { operationId: op.operationId, phase: "stateful", seed, step },
              ex,
              transport.secrets,
            ),
          ran: (check) => ledger.ran(check),
          onWorkflowDone: () =>
            options.onProgress?.({
              phase: "stateful",
              done: ++done,
              total,
              findings: ledger.findings.length,
            }),
        });
      }
    });
    await runPhase("coverage", async () => {
      const plan = coveragePlan(spec, ops, policies, fillOf);
      let done = 0;
      for (const { op, case: c } of plan) {
        if (stop()) break;
        await exchange(ctx, op, c.data, "coverage", caseKind(c));
        options.onProgress?.({
          phase: "coverage",
          done: ++done,
          total: plan.length,
          findings: ledger.findings.length,
        });
      }
    });
    await runPhase("fuzz", async () => {
      let done = 0;
      for (const op of ops) {
        if (stop()) break;
        await fuzzOperation(ctx, op, policies, fillOf(op), maxExamples, deadline, stop);
        options.onProgress?.({
          phase: "fuzz",
          done: ++done,
          total: ops.length,
          findings: ledger.findings.length,
        });
      }
    });
  } catch (error) {
    if (error instanceof NetworkFailure && !options.signal?.aborted)
      throw new TargetUnreachable(error.message);
    if (!options.signal?.aborted) throw error;
    interrupted = "aborted";
  } finally {
    // Cleanup runs even after Ctrl-C: its requests no longer listen to the run's signal.
    transport.detached = true;
    cleanup = await cleanUp(ctx);
  }
  for (const c of selected) {
    if (STATEFUL_CHECKS.includes(c) && !phases.includes("stateful"))
      ledger.notRun(c, "the stateful phase was not selected");
  }
  if (!ops.some((op) => requiredHeaders(spec, op).length > 0))
    ledger.notRun(
      "missing_required_header",
      "no operation of this API has a required header or signed parameter",
    );
  return {
    api: options.api,
    url: options.url,
    runId,
    seed,
    phases,
    findings: ledger.findings.filter((f) => selected.includes(f.check)),
    checks: ledger.summary(selected),
    requests: transport.requests,
    durationMs: Date.now() - started,
    target: ctx.mock ? "stateless mock" : "server",
    cleanup,
    ...(interrupted ? { interrupted } : {}),
  };
}

/**
 * Every operation's coverage cases, one case per operation in turn (each operation's own order kept): a time
 * budget that cuts the phase short leaves every operation partly covered, not the last ones untouched (Sunbird's
 * searchUsers used to wait behind createUser's many boundary cases). Deterministic: same spec and names, same plan.
 */
export function coveragePlan(
  spec: ReturnType<typeof loadSpec>,
  ops: Operation[],
  policies: Policy[],
  fillOf: (op: Operation) => Fill,
): { op: Operation; case: Case }[] {
  return roundRobin(
    ops.map((op) => operationCoverage(spec, op, policies, fillOf(op)).map((c) => ({ op, case: c }))),
  );
}

/** One operation's coverage cases; an operation that changes or removes something keeps its identity fields. */
export function operationCoverage(
  spec: ReturnType<typeof loadSpec>,
  op: Operation,
  policies: Policy[],
  fill: Fill,
): Case[] {
  const mutating = ["delete", "update", "other"].includes(fill.semantics?.role ?? "other");
  return coverageCases(spec, op, policies, fill, { mutatingKeys: mutating });
}

/** [[a1, a2, a3], [b1]] → [a1, b1, a2, a3]. */
export function roundRobin<T>(lists: T[][]): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) for (const l of lists) if (i < l.length) out.push(l[i] as T);
  return out;
}

/** A short run id from the seed (letters and digits: valid in every API's names). */
export function seedId(seed: number): string {
  return (seed >>> 0).toString(36).padStart(4, "0").slice(-6);
}

interface Context {
  sem: Semantics;
  transport: Transport;
  ledger: Ledger;
  selected: CheckName[];
  seed: number;
  created: Created[];
  names: Names;
  settings: Record<string, string>;
  mock: boolean;
  policies: Policy[];
  /** Resources created and removed before the end (outside the stateful phase). */
  stats: { removedEarly: number };
}

interface Intent {
  kind: "positive" | "negative" | "other" | "auth-none" | "auth-invalid" | "missing-header";
  rule?: string;
  field?: string;
  step?: string;
  omit?: Omission;
}

function caseKind(c: Case): Intent {
  return { kind: c.valid ? "positive" : "negative", rule: c.rule, ...(c.field ? { field: c.field } : {}) };
}

export function toTestRequest(data: RequestData, op: Operation): TestRequest {
  const str = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
  return {
    operationId: op.operationId,
    path: str(data.path),
    query: str(data.query),
    headers: str(data.header),
    ...(data.body !== undefined ? { body: data.body } : {}),
  };
}

function isAuthRejection(sem: Semantics, ex: SentExchange): boolean {
  const o = sem.outcome(ex.status, ex.responseBody);
  if (o.kind !== "error") return false;
  if (ex.status === 401 || ex.status === 403) return true;
  const row = sem.errorCodes.find((r) => String(r.code) === String(o.code));
  return Boolean(row && (row.httpStatus === 401 || row.httpStatus === 403 || AUTH_NAME.test(row.name ?? "")));
}

/** Prism answers a path no spec has with its own problem+json; a vendor server does not. */
async function isPrism(transport: Transport, op: Operation): Promise<boolean> {
  try {
    const ex = await transport.send(
      { ...op, path: "/__userctl_contract_probe__", method: "GET", parameters: [] },
      { operationId: op.operationId, path: {}, query: {}, headers: {} },
    );
    return isMockAnswer(ex);
  } catch {
    return false;
  }
}

/** An answer Prism made itself (validation or routing), not one from the spec's examples. */
function isMockAnswer(ex: SentExchange): boolean {
  const t = ex.responseHeaders["content-type"] ?? "";
  return t.includes("problem+json") && /stoplight\.io\/prism/.test(ex.responseText);
}

/** Every secret to keep out of reports: credentials and the passwords the run sent. */
function secretsOf(ctx: Context, op: Operation, data: RequestData | TestRequest): string[] {
  const values = op.secretFields
    .map((p) => pointerGet((data as { body?: unknown }).body, p))
    .filter((v): v is string => typeof v === "string" && v.length >= 4);
  return [...ctx.transport.secrets, ...values];
}

/**
 * The sent passwords an echo of which means a leak: not those the same request also sent in a field that is not
 * secret (a fuzzed lastName equal to the password may be answered back, as it should).
 */
export function echoableSecrets(
  op: Pick<Operation, "secretFields">,
  req: TestRequest,
  secrets: string[],
): string[] {
  const plain: string[] = [
    ...Object.values(req.headers),
    ...Object.values(req.query),
    ...Object.values(req.path),
  ];
  const secretAt = new Set(op.secretFields);
  const walk = (v: unknown, at: string) => {
    if (secretAt.has(at)) return;
    if (typeof v === "string") plain.push(v);
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, `${at}/${k}`);
  };
  walk(req.body, "");
  return secrets.filter((s) => !plain.some((p) => p.includes(s)));
}

async function exchange(
  ctx: Context,
  op: Operation,
  data: RequestData | TestRequest,
  phase: Phase,
  intent: Intent,
  auth: AuthMode = "valid",
): Promise<SentExchange> {
  const req = "operationId" in data ? data : toTestRequest(data, op);
  const ex = await ctx.transport.send(op, req, auth, intent.omit);
  const { sem, ledger } = ctx;
  const sentSecrets = secretsOf(ctx, op, req);
  const o = sem.outcome(ex.status, ex.responseBody);
  const made = trackCreated(ctx, op, req, ex);
  const failures: Failure[] = [];
  const mockAnswer = ctx.mock && isMockAnswer(ex);
  if (!mockAnswer) {
    for (const c of [
      "not_a_server_error",
      "status_code_conformance",
      "content_type_conformance",
      "response_headers_conformance",
      "response_schema_conformance",
      "error_envelope_conformance",
      "no_secret_echo",
    ] as const)
      ledger.ran(c);
    failures.push(...responseChecks(sem, op, ex, echoableSecrets(op, req, sentSecrets)));
  }
  const opSem = sem.profile.operations[op.operationId] ?? {};
  // A mock validates JSON Schema only: rules the project writes as extensions (x-max-bytes…) are not its to know.
  const mockCannotJudge = ctx.mock && intent.kind === "negative" && /^x-/.test(intent.rule ?? "");
  if (intent.kind === "negative" && !mockCannotJudge) {
    ledger.ran("negative_data_rejection");
    if (o.kind === "success")
      failures.push({
        check: "negative_data_rejection",
        expected: `rejected (the input breaks ${intent.rule ?? "the schema"}${intent.field ? ` at ${intent.field}` : ""})`,
        actual: describeOutcome(sem, ex),
      });
  }
  if (intent.kind === "positive" && opSem.positive === "fresh") {
    ledger.ran("positive_data_acceptance");
    const allowed = (opSem.allowedCodes ?? []).map(String);
    if (o.kind === "error" && !(o.code !== undefined && allowed.includes(String(o.code))) && !mockAnswer)
      failures.push({
        check: "positive_data_acceptance",
        expected: `accepted (valid input${intent.rule ? `, ${intent.rule}` : ""}${allowed.length ? `; or code ${allowed.join("/")}` : ""})`,
        actual: describeOutcome(sem, ex),
      });
  }
  if (intent.kind === "auth-none" || intent.kind === "auth-invalid") {
    ledger.ran("ignored_auth");
    if (o.kind === "success")
      failures.push({
        check: "ignored_auth",
        expected: `rejected (${intent.kind === "auth-none" ? "no credentials" : "wrong credentials"})`,
        actual: describeOutcome(sem, ex),
      });
  }
  if (intent.kind === "missing-header") {
    ledger.ran("missing_required_header");
    if (o.kind === "success")
      failures.push({
        check: "missing_required_header",
        expected: `rejected (required ${intent.omit?.in === "query" ? "parameter" : "header"} ${intent.omit?.name} missing)`,
        actual: describeOutcome(sem, ex),
      });
  }
  if (failures.length > 0) {
    const reveal = intent.kind === "negative" || intent.kind === "positive";
    // The value under test is test data, not a secret; everything else stays redacted.
    const secrets = reveal ? ctx.transport.secrets : sentSecrets;
    ledger.fail(
      failures,
      {
        operationId: op.operationId,
        phase,
        seed: ctx.seed,
        ...(intent.rule ? { rule: intent.rule } : {}),
        ...(intent.field ? { field: intent.field } : {}),
        ...(intent.step ? { step: intent.step } : {}),
      },
      ex,
      secrets,
    );
  }
  // Outside the stateful phase nothing needs what was created: remove it now, so limits (Milvus: 100 users) are
  // never reached and an interrupted run leaves less behind.
  if (made && phase !== "stateful" && (await removeCreated(ctx, made))) ctx.stats.removedEarly++;
  return ex;
}

/** After a successful create, remember what to delete (whatever the run meant to do). */
function trackCreated(ctx: Context, op: Operation, req: TestRequest, ex: SentExchange): Created | undefined {
  const opSem = ctx.sem.profile.operations[op.operationId];
  if (opSem?.role === "delete" && opSem.resource) forgetDeleted(ctx, opSem.resource, req, ex);
  if (opSem?.role !== "create" || !opSem.resource) return undefined;
  if (ctx.sem.outcome(ex.status, ex.responseBody).kind !== "success") return undefined;
  const res = ctx.sem.profile.resources[opSem.resource];
  if (!res) return undefined;
  const vars = varsFromCreate(res, req, ex.responseBody);
  if (!vars) return undefined;
  const made = { resource: opSem.resource, vars };
  ctx.created.push(made);
  return made;
}

/** A successful delete of something the run created: nothing left to clean up for it. */
function forgetDeleted(ctx: Context, resource: string, req: TestRequest, ex: SentExchange) {
  const res = ctx.sem.profile.resources[resource];
  if (!res || ctx.sem.outcome(ex.status, ex.responseBody).kind !== "success") return;
  const pointer = findKeyPointer(res.delete.request, "$id") ?? findKeyPointer(res.delete.request);
  const value = pointer
    ? getAt({ ...req, header: req.headers } as unknown as RequestData, pointer)
    : undefined;
  if (value === undefined) return;
  for (let i = ctx.created.length - 1; i >= 0; i--) {
    const c = ctx.created[i] as Created;
    if (c.resource === resource && (c.vars.id === value || c.vars.key === value)) {
      ctx.created.splice(i, 1);
      ctx.stats.removedEarly++;
    }
  }
}

/** Deletes one created resource (no checks: cleanup is not a test); true when it is gone. */
async function removeCreated(ctx: Context, c: Created): Promise<boolean> {
  const res = ctx.sem.profile.resources[c.resource];
  const op = res ? ctx.sem.spec.operations.get(res.delete.operationId) : undefined;
  if (!res || !op) return false;
  const index = ctx.created.indexOf(c);
  try {
    const ex = await ctx.transport.send(
      op,
      toTestRequest(fromTemplate(ctx, op, res.delete.request, c.vars), op),
    );
    const gone =
      ctx.sem.outcome(ex.status, ex.responseBody).kind === "success" ||
      ctx.sem.holds(res.delete.again, ex.status, ex.responseBody, c.vars);
    if (gone && index >= 0) ctx.created.splice(index, 1);
    return gone;
  } catch {
    return false;
  }
}

/** A valid request of `op` with a template's fields laid over it (`$key`, `$id`, `$setting.x`, `$valid`). */
function fromTemplate(
  ctx: Context,
  op: Operation,
  template: RequestTemplate,
  vars: Record<string, unknown>,
  exact = false,
): RequestData {
  const spec = ctx.sem.spec;
  const base = baseRequest(spec, op, ctx.policies, {
    names: ctx.names,
    settings: ctx.settings,
    semantics: ctx.sem.profile.operations[op.operationId] ?? {},
  });
  const filled = fillTemplate(template, { ...vars, ...prefixed(ctx.settings) }) as RequestTemplate;
  return {
    path: { ...base.path, ...(filled.path ?? {}) },
    query: { ...base.query, ...(filled.query ?? {}) },
    header: { ...base.header, ...(filled.headers ?? {}) },
    ...(filled.body !== undefined
      ? { body: mergeBody(base.body, filled.body, exact) }
      : base.body !== undefined
        ? { body: base.body }
        : {}),
  };
}

function varsFromCreate(
  res: ResourceSpec,
  req: TestRequest,
  body: unknown,
): Record<string, unknown> | undefined {
  const keyPointer = findKeyPointer(res.create.request);
  const key = keyPointer
    ? getAt({ ...req, header: req.headers } as unknown as RequestData, keyPointer)
    : undefined;
  const id = res.create.id.from === "response" ? pointerGet(body, res.create.id.pointer) : key;
  if (id === undefined) return undefined;
  return { key, id };
}

/** Where `$key` sits in a request template (`/body/userName`). */
function findKeyPointer(t: RequestTemplate, name = "$key"): string | undefined {
  const walk = (v: unknown, at: string): string | undefined => {
    if (v === name) return at;
    if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        const r = walk(x, `${at}/${k}`);
        if (r) return r;
      }
    }
    return undefined;
  };
  return walk(t.body, "/body") ?? walk(t.query, "/query") ?? walk(t.path, "/path");
}

/**
 * What a request must carry besides its data: security headers, required header parameters, and the required
 * parameters a signer fills (EHPC's access_key_id, timestamp…; the signature itself is ignored_auth's).
 */
function requiredHeaders(spec: ReturnType<typeof loadSpec>, op: Operation): Omission[] {
  const out = new Map<string, Omission>();
  const signatureParams = new Set<string>();
  for (const schemeName of op.security[0] ?? []) {
    const s = spec.securitySchemes[schemeName];
    if (s?.type === "http") out.set("header:authorization", { in: "header", name: "authorization" });
    if (s?.type === "apiKey" && s.in === "header" && s.name)
      out.set(`header:${s.name}`, { in: "header", name: s.name.toLowerCase() });
    if (s?.type === "apiKey" && s.in === "query" && s.name) signatureParams.add(s.name);
  }
  for (const p of op.parameters) {
    if (!p.required || signatureParams.has(p.name)) continue;
    if (p.in === "header" && !p.clientManaged) out.set(`header:${p.name}`, { in: "header", name: p.name });
    if (p.in === "query" && p.clientManaged) out.set(`query:${p.name}`, { in: "query", name: p.name });
  }
  return [...out.values()];
}

async function authCases(ctx: Context, op: Operation, data: RequestData) {
  if (op.security.length === 0 || op.security.every((s) => s.length === 0)) return;
  await exchange(ctx, op, data, "coverage", { kind: "auth-none" }, "none");
  // A mock cannot know which credentials are right; only a real server can refuse wrong ones.
  if (!ctx.mock) await exchange(ctx, op, data, "coverage", { kind: "auth-invalid" }, "invalid");
  for (const omit of requiredHeaders(ctx.sem.spec, op)) {
    await exchange(ctx, op, data, "coverage", { kind: "missing-header", omit });
  }
}

function exampleRequests(
  spec: ReturnType<typeof loadSpec>,
  op: Operation,
  policies: Policy[],
  fill: Fill,
): RequestData[] {
  const base = baseRequest(spec, op, policies, fill);
  for (const p of op.parameters) {
    if (!p.clientManaged && p.example !== undefined && p.in !== "cookie") base[p.in][p.name] = p.example;
  }
  const examples = Object.values(op.body?.content["application/json"]?.examples ?? {});
  const datas = examples.length > 0 ? examples.map((body) => ({ ...base, body })) : [base];
  // Identity fields of every example become the run's own names: an example's "alice" may exist for real.
  return datas.map((d) => personalize(spec, op, JSON.parse(JSON.stringify(d)) as RequestData, fill));
}

async function fuzzOperation(
  ctx: Context,
  op: Operation,
  policies: Policy[],
  fill: Fill,
  maxExamples: number,
  deadline: number,
  stop: () => boolean,
) {
  const spec = ctx.sem.spec;
  const judge = createJudge(spec, op, policies);
  const timeLeft = () => Math.max(1, deadline - Date.now());
  const params = (salt: number) => ({
    seed: (ctx.seed + salt) | 0,
    numRuns: maxExamples,
    endOnFailure: false,
    ...(Number.isFinite(deadline) ? { interruptAfterTimeLimit: timeLeft() } : {}),
  });
  const salt = [...op.operationId].reduce((a, c) => a + c.charCodeAt(0), 0);
  // The property: one request, judged by every check; a finding makes it fail and fast-check shrinks it.
  const property = (intent: (c: Case) => Intent) => async (c: Case) => {
    if (stop()) return true;
    // A scratch ledger: only the shrunk counterexample becomes a finding; check runs still count.
    const probe = new Ledger(ctx.ledger);
    await exchange({ ...ctx, ledger: probe }, op, c.data, "fuzz", intent(c));
    return probe.findings.length === 0;
  };
  const report = async (c: Case, intent: Intent) => {
    // Re-judge the minimal input: a shrunk "invalid" request that became valid is never reported.
    if (intent.kind === "negative" && !judge.invalid(c.data)) return;
    if (intent.kind === "positive" && !judge.valid(c.data)) return;
    await exchange(ctx, op, c.data, "fuzz", intent);
  };
  const positive = validRequestArbitrary(spec, op, policies, fill).map(
    (data): Case => ({ data, valid: true, rule: "fuzzed valid input" }),
  );
  const negative = invalidRequestArbitrary(spec, op, policies, fill);
  for (const [arb, intent, s] of [
    [positive, (c: Case) => ({ kind: "positive", rule: c.rule }) as Intent, 1],
    ...(negative ? [[negative, (c: Case) => caseKind(c), 2] as const] : []),
  ] as const) {
    if (stop()) return;
    const result = await fc.check(
      fc.asyncProperty(arb as fc.Arbitrary<Case>, property(intent)),
      params(salt * s),
    );
    // The shrunk counterexample is the finding.
    if (result.failed && result.counterexample)
      await report(result.counterexample[0] as Case, intent(result.counterexample[0] as Case));
  }
}

function workflowInputs(roles: Record<string, string>, names: Names, settings: Record<string, string>) {
  const out: Record<string, unknown> = {};
  for (const [k, role] of Object.entries(roles)) {
    if (role === "name") out[k] = names.next({ minLength: 10 });
    else if (role === "email") out[k] = names.next({}, "email");
    // Valid under every policy the specs know: 12-30 characters, four classes, only EHPC's allowed specials.
    else if (role === "password") out[k] = `Pw1${names.next({}).replace(/[^A-Za-z0-9]/g, "")}!x`.slice(0, 30);
    else if (role.startsWith("setting:")) out[k] = settings[role.slice(8)];
  }
  return out;
}

/** create → visible → delete → gone → delete again, and a rejected create that must leave nothing behind. */
async function lifecycle(ctx: Context, name: string, res: ResourceSpec, policies: Policy[]) {
  const { sem, ledger } = ctx;
  const spec = sem.spec;
  const opOf = (id: string) => {
    const op = spec.operations.get(id);
    if (!op) throw new Error(`contract profile: resource ${name}: unknown operation ${id}`);
    return op;
  };
  const createOp = opOf(res.create.operationId);
  const keySchema = fieldSchemaOfKey(ctx, createOp, res.create.request);
  const key = ctx.names.next(keySchema ?? {});
  const valid = (op: Operation, template: RequestTemplate, vars: Record<string, unknown>) =>
    fromTemplate(ctx, op, template, vars);
  const step = (s: string) => `${name} lifecycle: ${s}`;
  const fail = (check: CheckName, op: Operation, ex: SentExchange, expected: string, s: string) =>
    ledger.fail(
      [{ check, expected, actual: describeOutcome(sem, ex) + bodyHint(ex) }],
      { operationId: op.operationId, phase: "stateful", seed: ctx.seed, step: step(s) },
      ex,
      ctx.transport.secrets,
    );
  const listContains = async (vars: Record<string, unknown>, s: string) => {
    if (!res.list) return undefined;
    const op = opOf(res.list.operationId);
    const ex = await exchange(ctx, op, valid(op, res.list.request, vars), "stateful", {
      kind: "other",
      step: step(s),
    });
    const items = pointerGet(ex.responseBody, res.list.items);
    if (!Array.isArray(items)) return { ex, op, contains: undefined };
    const keys = items.map((i) => pointerGet(i, res.list?.itemKey ?? ""));
    ledger.ran("list_consistency");
    if (new Set(keys.map((k) => JSON.stringify(k))).size !== keys.length)
      fail("list_consistency", op, ex, "each item listed once", s);
    return { ex, op, contains: keys.includes(vars.key) || keys.includes(vars.id) };
  };

  // A rejected create leaves nothing behind.
  if (res.invalidCreate) {
    const badKey = ctx.names.next(keySchema ?? {});
    const op = opOf(res.invalidCreate.operationId);
    // Exactly the template's fields: the base's other valid fields could repair the break (Sunbird's phone).
    const data = fromTemplate(ctx, op, res.invalidCreate.request, { key: badKey }, true);
    const judge = createJudge(spec, op, policies);
    const ex = await exchange(ctx, op, data, "stateful", {
      kind: judge.invalid(data) ? "negative" : "other",
      rule: "invalid create",
      step: step("invalid create"),
    });
    if (sem.outcome(ex.status, ex.responseBody).kind === "error") {
      const seen = await listContains({ key: badKey, id: badKey }, "list after a rejected create");
      if (seen?.contains !== undefined) {
        ledger.ran("failed_create_no_side_effect");
        if (seen.contains)
          fail(
            "failed_create_no_side_effect",
            seen.op,
            seen.ex,
            `${badKey} absent (its create was rejected)`,
            "list after a rejected create",
          );
      }
    }
  }

  const cex = await exchange(ctx, createOp, valid(createOp, res.create.request, { key }), "stateful", {
    kind: "positive",
    step: step("create"),
  });
  if (sem.outcome(cex.status, cex.responseBody).kind !== "success") {
    const why = `the ${name} create was refused (${describeOutcome(sem, cex)}), so its lifecycle could not be checked`;
    for (const c of ["use_after_free", "ensure_resource_availability", "drop_idempotency"] as const)
      ledger.notRun(c, why);
    return;
  }
  const id = res.create.id.from === "response" ? pointerGet(cex.responseBody, res.create.id.pointer) : key;
  const vars = { key, id };

  // Visible right after create.
  if (res.describe?.present) {
    const op = opOf(res.describe.operationId);
    const ex = await exchange(ctx, op, valid(op, res.describe.request, vars), "stateful", {
      kind: "other",
      step: step("describe"),
    });
    ledger.ran("ensure_resource_availability");
    if (!sem.holds(res.describe.present, ex.status, ex.responseBody, vars))
      fail(
        "ensure_resource_availability",
        op,
        ex,
        sem.describeCondition(res.describe.present),
        "describe after create",
      );
  }
  const listed = await listContains(vars, "list after create");
  if (listed?.contains !== undefined) {
    ledger.ran("ensure_resource_availability");
    if (!listed.contains)
      fail(
        "ensure_resource_availability",
        listed.op,
        listed.ex,
        `the list contains ${key}`,
        "list after create",
      );
  }

  // Delete, then gone, then delete again as the spec says.
  const delOp = opOf(res.delete.operationId);
  const dex = await exchange(ctx, delOp, valid(delOp, res.delete.request, vars), "stateful", {
    kind: "other",
    step: step("delete"),
  });
  if (sem.outcome(dex.status, dex.responseBody).kind !== "success") {
    ledger.notRun("use_after_free", `the delete was refused (${describeOutcome(sem, dex)})`);
    return;
  }
  const index = ctx.created.findIndex((c) => c.resource === name && c.vars.id === id);
  if (index >= 0) ctx.created.splice(index, 1);
  if (res.describe?.gone) {
    const op = opOf(res.describe.operationId);
    const ex = await exchange(ctx, op, valid(op, res.describe.request, vars), "stateful", {
      kind: "other",
      step: step("describe after delete"),
    });
    ledger.ran("use_after_free");
    if (!sem.holds(res.describe.gone, ex.status, ex.responseBody, vars))
      fail("use_after_free", op, ex, sem.describeCondition(res.describe.gone), "describe after delete");
  }
  if (res.list && res.list.checkAfterDelete !== false) {
    const after = await listContains(vars, "list after delete");
    if (after?.contains !== undefined) {
      ledger.ran("use_after_free");
      if (after.contains)
        fail("use_after_free", after.op, after.ex, `the list no longer contains ${key}`, "list after delete");
    }
  }
  const again = await exchange(ctx, delOp, valid(delOp, res.delete.request, vars), "stateful", {
    kind: "other",
    step: step("delete again"),
  });
  ledger.ran("drop_idempotency");
  if (!sem.holds(res.delete.again, again.status, again.responseBody, vars))
    fail("drop_idempotency", delOp, again, sem.describeCondition(res.delete.again), "delete again");
}

function bodyHint(ex: SentExchange): string {
  return ex.responseText ? ` ${ex.responseText.slice(0, 160)}` : "";
}

/** The template over the valid base; `exact`: only the template's fields (`$valid` still taken from the base). */
function mergeBody(base: unknown, filled: unknown, exact = false): unknown {
  if (filled === "$valid") return base;
  if (filled && typeof filled === "object" && !Array.isArray(filled)) {
    const from = base && typeof base === "object" ? (base as Record<string, unknown>) : {};
    const out: Record<string, unknown> = exact ? {} : { ...from };
    for (const [k, v] of Object.entries(filled)) out[k] = mergeBody(from[k], v, exact);
    return out;
  }
  return filled;
}

function prefixed(settings: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).map(([k, v]) => [`setting.${k}`, v]));
}

function fieldSchemaOfKey(ctx: Context, op: Operation, t: RequestTemplate) {
  const pointer = findKeyPointer(t);
  if (!pointer) return undefined;
  const parts = pointer.split("/").filter(Boolean);
  let s = ctx.sem.spec.deref<Record<string, unknown>>(op.body?.content["application/json"]?.schema);
  if (parts[0] !== "body") return undefined;
  for (const k of parts.slice(1)) {
    s = ctx.sem.spec.deref<Record<string, unknown>>(
      (s?.properties as Record<string, unknown> | undefined)?.[k],
    );
    if (s?.allOf) s = ctx.sem.spec.deref<Record<string, unknown>>((s.allOf as unknown[])[0]);
  }
  return s;
}

async function cleanUp(ctx: Context): Promise<RunReport["cleanup"]> {
  const all = [...ctx.created];
  const total = all.length + ctx.stats.removedEarly;
  let removed = ctx.stats.removedEarly;
  const leftover: string[] = [];
  for (const c of all) {
    if (await removeCreated(ctx, c)) removed++;
    else leftover.push(String(c.vars.key ?? c.vars.id));
  }
  return { created: total, removed, leftover };
}
