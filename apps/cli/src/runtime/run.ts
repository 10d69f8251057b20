import { ValidationError } from "@userctl/client-core";
import type { Command } from "commander";
import type { ConnDef, GroupDef, Input, LeafDef, Transport, VendorDef } from "../defs/types.js";
import { VERSION } from "../version.js";
import { readItems, runPool } from "./bulk.js";
import { readConfig, selectProfile } from "./config.js";
import { describeError, type ErrorReport, EXIT, UsageError } from "./errors.js";
import { type CapturedRequest, DryRunStop, makeFetch, redactRequest, toCurl } from "./http.js";
import { createNodeFetch } from "./node-fetch.js";
import { formatDocument, formatView, loadTable } from "./output.js";
import { confirm, promptHidden, readStdinLines, stdinIsTty } from "./prompt.js";
import type { Session } from "./session.js";

type Opts = Record<string, unknown>;

function flagOf(flags: string): string {
  return (flags.split(/[ ,]+/).find((f) => f.startsWith("--")) ?? flags).trim();
}

export function parseHeaders(values: unknown): [string, string][] {
  const list = Array.isArray(values) ? values : typeof values === "string" ? [values] : [];
  return list.map((h: string) => {
    const i = h.indexOf(":");
    if (i <= 0) throw new UsageError(`header: must be "Name: value"`, "header");
    return [h.slice(0, i).trim(), h.slice(i + 1).trim()];
  });
}

/** flag/env (commander) > profile > default. */
export function resolveConnection(
  vendor: VendorDef,
  opts: Opts,
  profile: Record<string, string>,
  session: Session,
): Record<string, string | undefined> {
  const conn: Record<string, string | undefined> = {};
  for (const c of vendor.connection) {
    const fromCli = opts[c.key];
    const value =
      (typeof fromCli === "string" && fromCli !== "" ? fromCli : undefined) ??
      profile[c.profileKey] ??
      c.default;
    if (c.secret) session.redactor.add(value);
    conn[c.key] = value;
  }
  return conn;
}

function missingConnection(c: ConnDef): UsageError {
  return new UsageError(
    `${flagOf(c.flags)}: required; pass the flag, set ${c.env}, or run \`userctl config set ${c.profileKey} …\``,
    c.key,
  );
}

async function resolvePasswords(leaf: LeafDef, opts: Opts, session: Session): Promise<Input["passwords"]> {
  const passwords: Input["passwords"] = {};
  const defs = leaf.passwords ?? [];
  for (const pw of defs) {
    const value = opts[pw.key];
    if (typeof value !== "string") continue;
    session.redactor.add(value);
    if (!opts.insecurePasswordArg) {
      throw new UsageError(
        `${pw.label}: refusing a password on the command line (it would land in shell history and ps); use the prompt or --password-stdin, or add --insecure-password-arg`,
        pw.key,
      );
    }
    passwords[pw.key] = value;
  }
  const needed = defs.filter((pw) => passwords[pw.key] === undefined);
  if (needed.length === 0) return passwords;
  if (opts.passwordStdin) {
    const lines = await readStdinLines();
    needed.forEach((pw, i) => {
      const line = lines[i];
      session.redactor.add(line);
      if (line === undefined || (line === "" && pw.optional)) {
        if (!pw.optional) {
          throw new UsageError(
            `${pw.label}: missing on stdin (expected ${needed.map((p) => p.label).join(", then ")})`,
          );
        }
        return;
      }
      passwords[pw.key] = line;
    });
    return passwords;
  }
  for (const pw of needed) {
    if (stdinIsTty() && process.stderr.isTTY) {
      const value = await promptHidden(pw.optional ? `${pw.label} (empty to skip)` : pw.label);
      session.redactor.add(value);
      if (value !== "" || !pw.optional) passwords[pw.key] = value;
    } else if (!pw.optional) {
      throw new UsageError(`${pw.label}: required; not a terminal, so pass it with --password-stdin`, pw.key);
    }
  }
  return passwords;
}

interface ItemResult {
  item: string;
  status: "done" | "already-deleted" | "failed" | "dry-run";
  note?: string;
  error?: ErrorReport;
}

export async function runLeaf(
  session: Session,
  vendor: VendorDef,
  group: GroupDef,
  leaf: LeafDef,
  cmd: Command,
): Promise<number> {
  const opts = cmd.optsWithGlobals() as Opts;
  session.format = opts.output as Session["format"];
  const cleanups: (() => unknown)[] = [];
  try {
    const profile = selectProfile(await readConfig(), opts.profile as string | undefined);
    const conn = resolveConnection(vendor, opts, profile.values, session);
    const args: Record<string, string> = {};
    (leaf.args ?? []).forEach((a, i) => {
      const v = cmd.processedArgs[i];
      if (typeof v === "string") args[a.name] = v;
    });
    const fromFile = opts.fromFile as string | undefined;
    if (leaf.bulk) {
      if (fromFile && args[leaf.bulk.arg] !== undefined) {
        throw new UsageError(`${leaf.bulk.arg}: give either the argument or --from-file, not both`);
      }
      if (!fromFile && args[leaf.bulk.arg] === undefined) {
        throw new UsageError(`${leaf.bulk.arg}: required (or --from-file <path> for many)`, leaf.bulk.arg);
      }
    }
    const file = fromFile && leaf.bulk ? await readItems(fromFile, leaf.bulk.columns) : undefined;
    const items = file?.items;
    const missing = vendor.connection.find(
      (c) => (c.required || leaf.requires?.includes(c.key)) && !conn[c.key],
    );
    if (missing) throw missingConnection(missing);
    const extraHeaders = parseHeaders(opts.header);
    const passwords = await resolvePasswords(leaf, opts, session);
    const input: Input = { args, conn, opts, passwords };
    const dryRun = Boolean(opts.dryRun);

    const captured: CapturedRequest[] = [];
    // Bulk: at most --concurrency keep-alive connections, reused by every item (closed when the run ends).
    const send = createNodeFetch(globalThis.fetch, items ? { maxSockets: opts.concurrency as number } : {});
    cleanups.push(() => send.close());
    const transport: Transport = {
      fetch: makeFetch({
        send,
        extraHeaders,
        dryRun,
        verbose: Boolean(opts.verbose),
        redactor: session.redactor,
        log: (line) => session.err(`${session.errColors.dim(line)}\n`),
        captured,
      }),
      timeoutMs: opts.timeout as number,
      ...(dryRun ? { retries: 0 } : {}),
      userAgent: `userctl/${VERSION}`,
    };
    const client = (await vendor.createClient(conn, transport, input)) as Record<
      string,
      (...a: unknown[]) => Promise<unknown>
    >;
    const method = client[leaf.operationId];
    if (typeof method !== "function") throw new Error(`client has no method ${leaf.operationId}`);
    const call = (inp: Input) => method.apply(client, leaf.request(inp));
    if (file?.headerless && leaf.bulk) {
      await checkFirstLine(vendor, leaf, input, transport, file.items[0] as string, fromFile as string);
    }

    if (leaf.destructive && !opts.yes && !dryRun) {
      if (!(stdinIsTty() && process.stderr.isTTY)) {
        throw new UsageError(
          `refusing to ${leaf.name} without confirmation: not a terminal, so pass --yes to confirm`,
          "yes",
        );
      }
      const target = items ? `${items.length} item(s) from ${fromFile}` : Object.values(args).join(" ");
      if (!(await confirm(`${vendor.title}: ${group.name} ${leaf.name} ${target}?`))) {
        session.err("aborted: nothing was changed\n");
        return EXIT.usage;
      }
    }

    if (items) return await runBulk(session, vendor, leaf, input, items, call, captured, dryRun, opts);

    let result: unknown;
    try {
      result = await call(input);
    } catch (error) {
      if (error instanceof DryRunStop) return printDryRun(session, vendor, leaf, captured);
      const note = leaf.alreadyDone?.(error);
      if (!note) throw error;
      // Re-running a delete is safe: the target is gone either way.
      if (session.format === "table") session.out(`${Object.values(args).join(" ")}: ${note}\n`);
      else {
        session.out(
          formatDocument(session.format, {
            ok: true,
            api: vendor.api,
            operation: leaf.operationId,
            data: null,
            alreadyDone: note,
          }),
        );
      }
      return EXIT.ok;
    }
    if (dryRun) return printDryRun(session, vendor, leaf, captured);
    const data = leaf.data ? leaf.data(result, input) : result;
    if (session.format === "table") {
      const view = leaf.view(data, input);
      if (view.kind === "table") await loadTable();
      session.out(formatView(view, session.outColors));
    } else {
      session.out(
        formatDocument(session.format, {
          ok: true,
          api: vendor.api,
          operation: leaf.operationId,
          data: data ?? null,
        }),
      );
    }
    return EXIT.ok;
  } catch (error) {
    return session.fail(error);
  } finally {
    await Promise.all(cleanups.map((cleanup) => cleanup()));
  }
}

/**
 * A headerless file whose first line breaks the name/id rule is most likely a CSV with a header userctl does not
 * know (`login`, `"email"`): refuse the whole file rather than run every line but that one. The rule is the one
 * the real call applies, checked by a client whose fetch sends nothing.
 */
async function checkFirstLine(
  vendor: VendorDef,
  leaf: LeafDef,
  input: Input,
  transport: Transport,
  first: string,
  path: string,
): Promise<void> {
  const bulk = leaf.bulk as NonNullable<LeafDef["bulk"]>;
  const probe = (await vendor.createClient(
    input.conn,
    {
      ...transport,
      fetch: async () => {
        throw new DryRunStop("rule check only");
      },
      retries: 0,
    },
    input,
  )) as Record<string, (...a: unknown[]) => Promise<unknown>>;
  try {
    await probe[leaf.operationId]?.apply(
      probe,
      leaf.request({ ...input, args: { ...input.args, [bulk.arg]: first } }),
    );
  } catch (error) {
    if (!(error instanceof ValidationError)) return;
    throw new UsageError(
      `--from-file: the first line of ${path}, "${first}", is neither a known column (${bulk.columns.join(", ")}) nor a valid ${bulk.arg} (${error.rule}); give one ${bulk.arg} per line, or CSV with a header naming one of those columns`,
      "fromFile",
    );
  }
}

function printDryRun(
  session: Session,
  vendor: VendorDef,
  leaf: LeafDef,
  captured: CapturedRequest[],
  bulk?: { items: ItemResult[]; summary: BulkSummary; exitCode: number },
): number {
  const shown = captured.map((r) => redactRequest(r, session.redactor));
  if (session.format === "table") {
    if (shown.length > 0) session.out(`${shown.map(toCurl).join("\n\n")}\n`);
    session.err(session.errColors.dim("# dry run: nothing was sent; secrets shown as ***\n"));
  } else {
    session.out(
      formatDocument(session.format, {
        ok: bulk ? bulk.summary.failed === 0 : true,
        dryRun: true,
        api: vendor.api,
        operation: leaf.operationId,
        requests: shown.map((r) => ({
          method: r.method,
          url: r.url,
          headers: Object.fromEntries(r.headers),
          body: r.body ?? null,
          curl: toCurl(r),
        })),
        ...(bulk ? { summary: bulk.summary, items: bulk.items } : {}),
      }),
    );
  }
  return bulk ? bulk.exitCode : EXIT.ok;
}

interface BulkSummary {
  total: number;
  done: number;
  alreadyDeleted: number;
  failed: number;
  /** Dry runs only: items whose request was built and printed, not sent. */
  dryRun?: number;
}

/** Counts, and the exit code: 0 if nothing failed, the failures' own code if they share one, else 1. */
function summarize(results: ItemResult[], dryRun: boolean): { summary: BulkSummary; exitCode: number } {
  const failed = results.filter((r) => r.status === "failed");
  const summary: BulkSummary = {
    total: results.length,
    done: results.filter((r) => r.status === "done").length,
    alreadyDeleted: results.filter((r) => r.status === "already-deleted").length,
    failed: failed.length,
    ...(dryRun ? { dryRun: results.filter((r) => r.status === "dry-run").length } : {}),
  };
  const codes = new Set(failed.map((r) => r.error?.exitCode ?? EXIT.api));
  const exitCode = failed.length === 0 ? EXIT.ok : codes.size === 1 ? ([...codes][0] as number) : EXIT.api;
  return { summary, exitCode };
}

async function runBulk(
  session: Session,
  vendor: VendorDef,
  leaf: LeafDef,
  input: Input,
  items: string[],
  call: (inp: Input) => Promise<unknown>,
  captured: CapturedRequest[],
  dryRun: boolean,
  opts: Opts,
): Promise<number> {
  const arg = leaf.bulk?.arg as string;
  // Dry runs go one by one so captured request i belongs to item i.
  const concurrency = dryRun ? 1 : (opts.concurrency as number);
  let bar: { update(value: number): void; stop(): void } | undefined;
  if (process.stderr.isTTY && !dryRun) {
    const mod = await import("cli-progress");
    // CommonJS module: its exports object is the default export once bundled.
    const { SingleBar, Presets } = (mod as unknown as { default?: typeof mod }).default ?? mod;
    const b = new SingleBar(
      {
        stream: process.stderr,
        format: `${leaf.name} [{bar}] {value}/{total} {eta_formatted}`,
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    b.start(items.length, 0);
    bar = b;
  }
  // The bar is redrawn on a timer, not per item, so drawing it never sits between two requests.
  let finished = 0;
  const redraw = bar ? setInterval(() => bar?.update(finished), 100) : undefined;
  const results = await runPool(
    items,
    concurrency,
    async (item): Promise<ItemResult> => {
      const inp: Input = { ...input, args: { ...input.args, [arg]: item } };
      try {
        await call(inp);
        return leaf.doneNote ? { item, status: "done", note: leaf.doneNote } : { item, status: "done" };
      } catch (error) {
        if (error instanceof DryRunStop) return { item, status: "dry-run" };
        const note = leaf.alreadyDone?.(error);
        if (note) return { item, status: "already-deleted", note };
        return { item, status: "failed", error: describeError(error) };
      }
    },
    () => {
      finished++;
    },
  );
  clearInterval(redraw);
  bar?.update(finished);
  bar?.stop();

  const failed = results.filter((r) => r.status === "failed");
  const { summary, exitCode } = summarize(results, dryRun);
  // A dry run reports the items the real run would reject (bad names…) the same way, with the same exit code.
  for (const f of failed) {
    session.err(`${session.errColors.red("failed:")} ${f.item}: ${f.error?.message ?? "unknown error"}\n`);
  }
  if (dryRun) return printDryRun(session, vendor, leaf, captured, { items: results, summary, exitCode });
  if (session.format === "table") {
    const c = session.outColors;
    const status = (r: ItemResult) =>
      r.status === "failed" ? c.red(r.status) : r.status === "done" ? c.green(r.status) : c.yellow(r.status);
    await loadTable();
    session.out(
      formatView(
        {
          kind: "table",
          head: [arg, "status", "detail"],
          rows: results.map((r) => [r.item, status(r), r.error?.message ?? r.note ?? ""]),
        },
        c,
      ),
    );
    session.out(
      `${summary.total} item(s): ${summary.done} done, ${summary.alreadyDeleted} already deleted, ${summary.failed} failed\n`,
    );
  } else {
    session.out(
      formatDocument(session.format, {
        ok: failed.length === 0,
        api: vendor.api,
        operation: leaf.operationId,
        summary,
        items: results,
      }),
    );
  }
  return exitCode;
}
