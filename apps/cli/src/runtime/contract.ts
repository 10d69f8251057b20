// `userctl contract <milvus|ehpc|sunbird> --url URL`: the contract tests of @userctl/contract against a server,
// with the connection settings resolved exactly as for every other command (flag > env > profile).
import { writeFileSync } from "node:fs";
import { type Command, InvalidArgumentError, Option } from "commander";
import type { VendorDef } from "../defs/types.js";
import { VENDORS } from "../vendors.js";
import { readConfig, selectProfile } from "./config.js";
import { EXIT, UsageError } from "./errors.js";
import { formatDocument, formatView, loadTable } from "./output.js";
import { confirm, stdinIsTty } from "./prompt.js";
import { resolveConnection } from "./run.js";
import type { Session } from "./session.js";

type Describe = (cmd: Command, summary: string, description: string, examples: string[]) => Command;

const PHASES = ["examples", "coverage", "fuzz", "stateful"] as const;
/** The endpoint setting each vendor's commands use; --url overrides it. */
const ENDPOINT: Record<string, string> = { milvus: "uri", ehpc: "endpoint", sunbird: "baseUrl" };

function positiveInt(max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`must be an integer from 1 to ${max}`);
    const n = Number(value);
    if (n < 1 || n > max) throw new InvalidArgumentError(`must be an integer from 1 to ${max}`);
    return n;
  };
}

function phaseList(value: string): string[] {
  const list = value.split(",").map((p) => p.trim());
  const bad = list.find((p) => !(PHASES as readonly string[]).includes(p));
  if (bad) throw new InvalidArgumentError(`unknown phase "${bad}" (phases: ${PHASES.join(", ")})`);
  return list;
}

export function contractCommand(
  program: Command,
  session: Session,
  describe: Describe,
  parseDuration: (v: string) => number,
): void {
  const cmd = describe(
    program.command("contract"),
    "Run the spec's contract tests against a server",
    "Contract tests from the bundled spec, judged by the API's own rules (Milvus and EHPC answer errors as HTTP 200\n" +
      "with a non-zero code): every spec example, the boundaries of every constraint and each one broken, seeded\n" +
      "fuzzing with shrinking, and stateful lifecycles and Arazzo workflows. A run creates only names starting with\n" +
      "ct<run id>, removes what it created even after a failure or Ctrl-C, and touches nothing else. Every finding\n" +
      "has a curl line (secrets shown as ***) and the seed that replays it. Exit 0: no findings; 1: findings;\n" +
      "2: usage; 3: the credentials were refused; 4: the server is unreachable.",
    [
      "userctl contract milvus --url http://127.0.0.1:19530 --token root:Milvus --yes",
      "userctl contract ehpc --url http://127.0.0.1:8080 --zone jn1a --cluster-id ehpc-8jqdq0mz --seed 42 --junit ct.xml --yes",
      "userctl contract sunbird --url http://127.0.0.1:9000 --phases examples,coverage --max-examples 10 -o json --yes",
    ],
  );
  cmd
    .argument("<api>", "milvus, ehpc or sunbird")
    .addOption(new Option("--url <url>", "server base URL (default: the API's endpoint setting)"))
    .addOption(
      new Option("--phases <list>", `comma-separated phases (${PHASES.join(", ")})`)
        .default([...PHASES], "all")
        .argParser(phaseList),
    )
    .addOption(
      new Option("--seed <n>", "seed: the same seed replays the same run").argParser(
        positiveInt(2 ** 31 - 1),
      ),
    )
    .addOption(
      new Option("--max-examples <n>", "fuzz examples per operation and kind")
        .default(20)
        .argParser(positiveInt(100_000)),
    )
    .addOption(
      new Option(
        "--time-budget <duration>",
        "stop starting new tests after this long (cleanup still runs)",
      ).argParser(parseDuration),
    )
    .addOption(new Option("--rate <n>", "at most n requests per second").argParser(positiveInt(100_000)))
    .addOption(
      new Option(
        "--policy <name>",
        "rule set to judge inputs by: spec, or an overlay such as zilliz-cloud (repeatable)",
      ).argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]),
    )
    .addOption(
      new Option("--stateless", "the server keeps no state (a mock): report stateful checks as not run"),
    )
    .addOption(new Option("--junit <file>", "also write a JUnit XML report to this file"))
    .addOption(new Option("-y, --yes", "do not ask before creating and deleting (required without a TTY)"));
  const seen = new Set<string>();
  for (const vendor of VENDORS) {
    for (const c of vendor.connection) {
      if (seen.has(c.flags)) continue;
      seen.add(c.flags);
      cmd.addOption(
        new Option(c.flags, `${vendor.name}: ${c.description} (profile key ${c.profileKey})`).env(c.env),
      );
    }
  }
  cmd.action(async (apiArg: string) => {
    session.exitCode = await runContractCommand(session, cmd, apiArg);
  });
}

async function runContractCommand(session: Session, cmd: Command, apiArg: string): Promise<number> {
  const opts = cmd.optsWithGlobals() as Record<string, unknown>;
  session.format = opts.output as Session["format"];
  const controller = new AbortController();
  const onSigint = () => {
    session.err("\ninterrupted: cleaning up what this run created…\n");
    controller.abort();
  };
  try {
    const vendor = VENDORS.find((v) => v.name === apiArg) as VendorDef | undefined;
    if (!vendor) throw new UsageError(`api: must be one of ${VENDORS.map((v) => v.name).join(", ")}`, "api");
    const profile = selectProfile(await readConfig(), opts.profile as string | undefined);
    const conn = resolveConnection(vendor, opts, profile.values, session);
    const url = (opts.url as string | undefined) ?? conn[ENDPOINT[vendor.name] as string];
    if (!url) throw new UsageError("--url: required (or the API's endpoint setting)", "url");
    if (!/^https?:\/\/[^\s/]+/.test(url))
      throw new UsageError("--url: must be an http:// or https:// URL", "url");
    const credentials = {
      token: conn.token,
      accessKeyId: conn.accessKeyId,
      secretAccessKey: conn.secretAccessKey,
      apiKey: conn.apiKey,
      userToken: conn.userToken,
    };
    const needed: Record<string, string[]> = {
      milvus: ["token"],
      ehpc: ["accessKeyId", "secretAccessKey", "zone", "clusterId"],
      sunbird: ["apiKey", "userToken"],
    };
    for (const key of needed[vendor.name] ?? []) {
      if (!conn[key]) {
        const c = vendor.connection.find((x) => x.key === key);
        throw new UsageError(
          `${c?.flags.split(" ")[0]}: required; pass the flag, set ${c?.env}, or a profile`,
          key,
        );
      }
    }
    const phases = opts.phases as string[];
    if (!opts.yes) {
      if (!(stdinIsTty() && process.stderr.isTTY))
        throw new UsageError(
          "refusing to create and delete test users without confirmation: not a terminal, so pass --yes to confirm",
          "yes",
        );
      const ok = await confirm(`${vendor.title}: create and delete ct-prefixed test users on ${url}?`);
      if (!ok) {
        session.err("aborted: nothing was sent\n");
        return EXIT.usage;
      }
    }
    const { AuthFailure, contractTest, TargetUnreachable, toJson, toJUnit } = await import(
      "@userctl/contract"
    );
    process.once("SIGINT", onSigint);
    const bar = process.stderr.isTTY && session.format === "table" ? await progressBar() : undefined;
    let report: Awaited<ReturnType<typeof contractTest>>;
    try {
      report = await contractTest(vendor.api, {
        url,
        credentials,
        settings: { clusterId: conn.clusterId ?? "", zone: conn.zone ?? "" },
        phases: phases as never,
        ...(opts.seed !== undefined ? { seed: opts.seed as number } : {}),
        maxExamples: opts.maxExamples as number,
        ...(opts.timeBudget ? { timeBudgetMs: opts.timeBudget as number } : {}),
        ...(opts.rate ? { rate: opts.rate as number } : {}),
        timeoutMs: opts.timeout as number,
        policies:
          (opts.policy as string[] | undefined) ??
          (conn.passwordPolicy === "zilliz-cloud" ? ["zilliz-cloud"] : ["spec"]),
        stateless: opts.stateless ? true : "auto",
        signal: controller.signal,
        onProgress: (e) => bar?.update(e.phase, e.done, e.total, e.findings),
      });
    } catch (error) {
      bar?.stop();
      if (error instanceof AuthFailure) {
        session.err(`${session.errColors.red("userctl: error:")} authentication: ${error.message}\n`);
        if (session.format !== "table")
          session.out(
            formatDocument(session.format, {
              ok: false,
              error: { kind: "auth", exitCode: EXIT.auth, message: error.message },
            }),
          );
        return EXIT.auth;
      }
      if (error instanceof TargetUnreachable) {
        session.err(`${session.errColors.red("userctl: error:")} network error: ${error.message}\n`);
        if (session.format !== "table")
          session.out(
            formatDocument(session.format, {
              ok: false,
              error: { kind: "network", exitCode: EXIT.network, message: error.message },
            }),
          );
        return EXIT.network;
      }
      throw error;
    }
    bar?.stop();
    if (opts.junit) writeFileSync(opts.junit as string, session.redactor.clean(toJUnit(report)));
    if (session.format !== "table") session.out(formatDocument(session.format, toJson(report)));
    else {
      await loadTable();
      printSummary(session, report);
    }
    if (report.interrupted === "aborted") return EXIT.usage;
    return report.findings.length > 0 ? EXIT.api : EXIT.ok;
  } catch (error) {
    return session.fail(error);
  } finally {
    process.removeListener("SIGINT", onSigint);
  }
}

type Report = Awaited<ReturnType<typeof import("@userctl/contract").contractTest>>;

function printSummary(session: Session, report: Report): void {
  const c = session.outColors;
  const status = (s: string) => (s === "failed" ? c.red(s) : s === "passed" ? c.green(s) : c.yellow(s));
  session.out(
    formatView(
      {
        kind: "table",
        head: ["check", "status", "runs", "findings", "note"],
        rows: report.checks.map((r) => [r.check, status(r.status), r.runs, r.failures, r.reason ?? ""]),
      },
      c,
    ),
  );
  for (const f of report.findings) {
    session.out(
      `\n${c.red(f.check)} ${f.operationId} (${f.phase}${f.step ? `, ${f.step}` : ""}${f.rule ? `, ${f.rule}` : ""})\n` +
        `  expected: ${f.expected}\n  actual:   ${f.actual}\n  reproduce: ${f.curl}\n  replay:   --seed ${f.seed}\n`,
    );
  }
  const left = report.cleanup.leftover.length
    ? `, ${report.cleanup.leftover.length} NOT removed: ${report.cleanup.leftover.join(" ")}`
    : "";
  session.out(
    `\n${report.api} ${report.url} (${report.target}): ${report.findings.length} finding(s), ${report.requests} requests, ` +
      `${(report.durationMs / 1000).toFixed(1)} s, seed ${report.seed}, run ${report.runId}; ` +
      `created ${report.cleanup.created}, removed ${report.cleanup.removed}${left}` +
      `${report.interrupted ? ` (${report.interrupted})` : ""}\n`,
  );
}

async function progressBar() {
  const mod = await import("cli-progress");
  const { SingleBar, Presets } = (mod as unknown as { default?: typeof mod }).default ?? mod;
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: "{phase} [{bar}] {value}/{total} operations, {findings} finding(s)",
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(phase: string, done: number, total: number, findings: number) {
      if (!started) {
        bar.start(total, done, { phase, findings });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { phase, findings });
    },
    stop: () => bar.stop(),
  };
}
