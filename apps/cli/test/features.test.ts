// Profiles and precedence, bulk runs, terminal behaviour (colour, confirmation, progress), shell completion,
// and the hidden reference the docs are generated from.
import { execFileSync, spawn } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { parse as parseYaml } from "yaml";
import { BIN, conn, run, SECRETS, tempHome } from "./helpers.js";

let home: { dir: string; cleanup: () => void };
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.cleanup());

const configFile = () => join(home.dir, ".config", "userctl", "config.yaml");

/** The URL a dry run would call: shows which endpoint setting won. */
async function dryRunUrl(args: string[], env: Record<string, string> = {}) {
  const r = await run([...args, "--dry-run", "-o", "json"], { home: home.dir, env });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).requests[0].url as string;
}

describe("profiles", () => {
  test("config set/get/list/use, file written with mode 0600, secrets never printed", async () => {
    const h = { home: home.dir };
    expect(
      (await run(["config", "set", "milvus.uri", "http://profile-a:19530", "--profile", "a"], h)).code,
    ).toBe(0);
    const token = await run(["config", "set", "milvus.token", "--profile", "a"], {
      ...h,
      stdin: `${SECRETS.milvusToken}\n`,
    });
    expect(token.code, token.stderr).toBe(0);
    expect(
      (await run(["config", "set", "milvus.uri", "http://profile-b:19530", "--profile", "b"], h)).code,
    ).toBe(0);

    expect(statSync(configFile()).mode & 0o777).toBe(0o600);
    expect(readFileSync(configFile(), "utf8")).toContain(SECRETS.milvusToken); // stored, but …

    const get = await run(["config", "get", "milvus.uri", "--profile", "b"], h);
    expect(get.stdout).toBe("http://profile-b:19530\n");
    const getSecret = await run(["config", "get", "milvus.token", "--profile", "a"], h);
    expect(getSecret.stdout).toBe("***\n"); // … never shown

    expect((await run(["config", "use", "b"], h)).code).toBe(0);
    const list = await run(["config", "list", "-o", "json"], h);
    const doc = JSON.parse(list.stdout);
    expect(doc.data.current).toBe("b");
    expect(doc.data.profiles.a).toEqual({ "milvus.uri": "http://profile-a:19530", "milvus.token": "***" });
    expect(list.stdout + list.stderr).not.toContain(SECRETS.milvusToken);

    const table = await run(["config", "list"], h);
    expect(table.stdout).toMatch(/b \*/);
    const unset = await run(["config", "get", "ehpc.zone"], h);
    expect(unset.code).toBe(1);
    expect(unset.stderr).toContain("ehpc.zone is not set in profile b");
  });

  test("precedence: flag > env > profile (and --profile > current)", async () => {
    const h = { home: home.dir };
    await run(["config", "set", "milvus.uri", "http://from-profile:1", "--profile", "p"], h);
    await run(["config", "set", "milvus.uri", "http://from-other:1", "--profile", "other"], h);
    await run(["config", "use", "p"], h);
    const args = ["milvus", "user", "list"];
    expect(await dryRunUrl(args)).toBe("http://from-profile:1/v2/vectordb/users/list");
    expect(await dryRunUrl([...args, "--profile", "other"])).toBe(
      "http://from-other:1/v2/vectordb/users/list",
    );
    expect(await dryRunUrl(args, { USERCTL_PROFILE: "other" })).toBe(
      "http://from-other:1/v2/vectordb/users/list",
    );
    expect(await dryRunUrl(args, { MILVUS_URI: "http://from-env:1" })).toBe(
      "http://from-env:1/v2/vectordb/users/list",
    );
    expect(
      await dryRunUrl([...args, "--uri", "http://from-flag:1"], { MILVUS_URI: "http://from-env:1" }),
    ).toBe("http://from-flag:1/v2/vectordb/users/list");
  });

  test("a token from the profile is used (and redacted) in the request", async () => {
    await run(["config", "set", "sunbird.api-key", "--insecure-secret-arg", SECRETS.sunbirdApiKey], {
      home: home.dir,
    });
    const r = await run(
      ["sunbird", "user", "create", "--first-name", "J", "--email", "j@example.org", "--dry-run"],
      {
        home: home.dir,
        env: { SUNBIRD_BASE_URL: "http://127.0.0.1:9" },
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("authorization: Bearer ***");
    expect(r.stdout + r.stderr).not.toContain(SECRETS.sunbirdApiKey);
  });
});

describe("bulk", () => {
  test("lines file: every item done, the Milvus note says a missing user also succeeds", async () => {
    const file = join(home.dir, "users.txt");
    writeFileSync(file, "# users to remove\nalice\nbob\n\ncarol\n");
    const r = await run([
      "milvus",
      "user",
      "drop",
      "--from-file",
      file,
      "--yes",
      "-o",
      "json",
      ...conn("milvus"),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toEqual({ total: 3, done: 3, alreadyDeleted: 0, failed: 0 });
    expect(doc.items.map((i: { item: string }) => i.item)).toEqual(["alice", "bob", "carol"]);
    expect(doc.items[0].note).toMatch(/success also when the user did not exist/);
  });

  test("CSV with a header: already-deleted Sunbird users count as done and say so", async () => {
    const file = join(home.dir, "users.csv");
    writeFileSync(file, "name,userId\nA,u-1\nB,u-2\n");
    const r = await run([
      "sunbird",
      "user",
      "delete",
      "-f",
      file,
      "--yes",
      "-o",
      "json",
      ...conn("sunbird"),
      "--header",
      "Prefer: code=400, example=alreadyDeleted",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toEqual({ total: 2, done: 0, alreadyDeleted: 2, failed: 0 });
    expect(doc.items[1]).toEqual({
      item: "u-2",
      status: "already-deleted",
      note: expect.stringContaining("UOS_USRDLT0008"),
    });
  });

  test("failures are reported one by one with their reason, and the exit code is non-zero", async () => {
    const file = join(home.dir, "users.txt");
    writeFileSync(file, "alice\n1-bad-name\nbob\n");
    const r = await run([
      "milvus",
      "user",
      "drop",
      "--from-file",
      file,
      "--yes",
      "--concurrency",
      "2",
      ...conn("milvus"),
    ]);
    expect(r.code).toBe(2); // the only failure is a validation error
    expect(r.stderr).toMatch(/^failed: 1-bad-name: invalid input: userName: must start with a letter/m);
    expect(r.stdout).toContain("3 item(s): 2 done, 0 already deleted, 1 failed");
  });

  test("vendor failures in bulk exit 1, each item with its vendor error", async () => {
    const file = join(home.dir, "ids.txt");
    writeFileSync(file, `${Array.from({ length: 12 }, (_, i) => `id-${i}`).join("\n")}\n`);
    const r = await run([
      "sunbird",
      "user",
      "delete",
      "-f",
      file,
      "--yes",
      "-o",
      "json",
      ...conn("sunbird"),
      "--header",
      "Prefer: code=400, example=restrictedByRole",
    ]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary.failed).toBe(12);
    expect(doc.items[0].error).toMatchObject({ kind: "api", code: "UOS_USRDLT0083", exitCode: 1 });
  });

  test("--concurrency bounds the requests in flight: exactly 3 with -c 3, exactly 8 by default", async () => {
    // Holds every request for a while, so the client's in-flight requests pile up to its limit.
    // A request is answered only once `limit` requests (or all that remain) are in flight, plus 200 ms for any
    // request over the limit to show up; so a slow machine cannot make the peak fall short of the limit.
    const total = 20;
    let limit = 3;
    let inFlight = 0;
    let peak = 0;
    let seen = 0;
    let answered = 0;
    let held: Array<() => void> = [];
    const release = () => {
      const batch = held;
      held = [];
      for (const answer of batch) answer();
    };
    const server = createServer((req, res) => {
      inFlight++;
      seen++;
      peak = Math.max(peak, inFlight);
      req.resume();
      held.push(() => {
        inFlight--;
        answered++;
        res.writeHead(200, { "content-type": "application/json" }).end('{"code":0,"data":{}}');
      });
      if (inFlight >= Math.min(limit, total - answered)) setTimeout(release, 200);
      else {
        // a client below its limit never fills a batch: answer anyway, so the peak assertion reports it
        const batch = held;
        setTimeout(() => held === batch && release(), 10_000).unref();
      }
    });
    try {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as AddressInfo;
      const file = join(home.dir, "users.txt");
      writeFileSync(file, `${Array.from({ length: total }, (_, i) => `user${i}`).join("\n")}\n`);
      const drop = (extra: string[]) =>
        run([
          "milvus",
          "user",
          "drop",
          "-f",
          file,
          "--yes",
          "-o",
          "json",
          "--uri",
          `http://127.0.0.1:${port}`,
          ...extra,
        ]);

      const three = await drop(["--concurrency", "3"]);
      expect(three.code, three.stderr).toBe(0);
      expect(JSON.parse(three.stdout).summary).toMatchObject({ total: 20, done: 20, failed: 0 });
      expect(seen).toBe(20);
      expect(peak).toBe(3);

      peak = 0;
      seen = 0;
      answered = 0;
      limit = 8;
      const byDefault = await drop([]);
      expect(byDefault.code, byDefault.stderr).toBe(0);
      expect(seen).toBe(20);
      expect(peak).toBe(8);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test("bulk dry run prints one request per item and sends nothing", async () => {
    const file = join(home.dir, "users.txt");
    writeFileSync(file, "alice\nbob\n");
    const r = await run(["milvus", "user", "drop", "-f", file, "--dry-run", "--uri", "http://127.0.0.1:9"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/^curl -X POST/gm)).toHaveLength(2);
    expect(r.stdout).toContain(`--data-raw '{"userName":"alice"}'`);
    expect(r.stdout).toContain(`--data-raw '{"userName":"bob"}'`);
  });

  test("bulk dry run reports the items the real run would reject, with the real run's exit code", async () => {
    const file = join(home.dir, "users.txt");
    writeFileSync(file, "alice\n1-bad\nbob\n");
    const args = ["milvus", "user", "drop", "-f", file, "--dry-run", "--uri", "http://127.0.0.1:9"];
    const table = await run(args);
    expect(table.code).toBe(2); // as `milvus user drop 1-bad` and the real bulk run
    expect(table.stdout.match(/^curl -X POST/gm)).toHaveLength(2);
    expect(table.stdout).not.toContain("1-bad");
    expect(table.stderr).toMatch(/^failed: 1-bad: invalid input: userName: must start with a letter/m);

    const json = await run([...args, "-o", "json"]);
    expect(json.code).toBe(2);
    const doc = JSON.parse(json.stdout);
    expect(doc).toMatchObject({
      ok: false,
      dryRun: true,
      summary: { total: 3, done: 0, alreadyDeleted: 0, failed: 1, dryRun: 2 },
    });
    expect(doc.requests.map((q: { body: string }) => JSON.parse(q.body).userName)).toEqual(["alice", "bob"]);
    expect(doc.items).toEqual([
      { item: "alice", status: "dry-run" },
      {
        item: "1-bad",
        status: "failed",
        error: expect.objectContaining({ kind: "validation", exitCode: 2 }),
      },
      { item: "bob", status: "dry-run" },
    ]);
    expect(json.stderr).toMatch(/^failed: 1-bad: /m);

    const yaml = await run([...args, "-o", "yaml"]);
    expect(yaml.code).toBe(2);
    expect(parseYaml(yaml.stdout)).toMatchObject({ ok: false, summary: { failed: 1, dryRun: 2 } });
  });

  test("file formats: quoted known header is CSV; a valid first line is an item; a bad one refuses the file", async () => {
    const dry = ["--dry-run", "-o", "json", "--uri", "http://127.0.0.1:9"];
    const items = async (text: string) => {
      const file = join(home.dir, "items.txt");
      writeFileSync(file, text);
      const r = await run(["milvus", "user", "drop", "-f", file, ...dry]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout).items.map((i: { item: string }) => i.item);
    };
    expect(await items('"userName"\nalice\nbob\n')).toEqual(["alice", "bob"]);
    expect(await items('"USER"\r\n"alice"\r\nbob\r\n')).toEqual(["alice", "bob"]);
    expect(await items("id,userName\n1,alice\n2,bob\n")).toEqual(["alice", "bob"]);
    // Documented: a first line that is a valid name and no known column is an item, not a header.
    expect(await items("login\nalice\n")).toEqual(["login", "alice"]);

    const file = join(home.dir, "logins.csv");
    writeFileSync(file, "e-mail address\nalice\n");
    const bad = await run(["milvus", "user", "drop", "-f", file, ...dry]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--from-file: the first line of");
    expect(JSON.parse(bad.stdout).error).toMatchObject({ kind: "usage", field: "fromFile" });
    expect(bad.stdout).not.toContain("curl");

    // A CSV header without a known column.
    writeFileSync(file, "email,login\na@x,alice\n");
    const noColumn = await run(["milvus", "user", "drop", "-f", file, ...dry]);
    expect(noColumn.code).toBe(2);
    expect(noColumn.stderr).toContain(
      "--from-file: CSV header must have a column named one of: userName, user",
    );
  });
});

/**
 * Runs the binary under a pseudo-terminal (util-linux `script`). `input` is typed once `prompt` has appeared:
 * typed earlier, the terminal would echo it before the program turns echo off, however slow the machine is.
 */
function onTty(args: string[], input: string, env: Record<string, string | undefined> = {}, prompt = "") {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(" ");
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn("script", ["-qefc", command, "/dev/null"], {
      env: {
        ...process.env,
        HOME: home.dir,
        XDG_CONFIG_HOME: join(home.dir, ".config"),
        TERM: "xterm",
        ...env,
      },
    });
    let out = "";
    let typed = input === "";
    const onData = (c: Buffer) => {
      out += c;
      if (!typed && out.includes(prompt)) {
        typed = true;
        child.stdin.write(input);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("close", (code) => resolve({ code, out }));
  });
}

// util-linux `script` (Debian bsdutils, always installed) provides the pseudo-terminal.
describe("on a terminal", () => {
  test("colour on a TTY, none with NO_COLOR", async () => {
    const args = ["milvus", "role", "list", ...conn("milvus")];
    const coloured = await onTty(args, "", { NO_COLOR: undefined });
    expect(coloured.code).toBe(0);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape
    expect(coloured.out).toMatch(/\u001b\[1m/);
    const plain = await onTty(args, "", { NO_COLOR: "1" });
    expect(plain.code).toBe(0);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape
    expect(plain.out).not.toMatch(/\u001b\[1m/);
  });

  test("destructive verbs ask; 'n' aborts, 'y' proceeds", async () => {
    const args = ["milvus", "user", "drop", "alice", ...conn("milvus")];
    const no = await onTty(args, "n\r", { NO_COLOR: "1" }, "[y/N]");
    expect(no.out).toContain("Milvus: user drop alice? [y/N]");
    expect(no.out).toContain("aborted: nothing was changed");
    expect(no.code).toBe(2);
    const yes = await onTty(args, "y\r", { NO_COLOR: "1" }, "[y/N]");
    expect(yes.out).toContain("Dropped user alice");
    expect(yes.code).toBe(0);
  });

  test("passwords come from a hidden prompt that does not echo them", async () => {
    const r = await onTty(
      ["milvus", "user", "create", "alice", ...conn("milvus")],
      `${SECRETS.password}\r`,
      { NO_COLOR: "1" },
      "password:",
    );
    expect(r.out).toContain("password:");
    expect(r.out).toContain("Created user alice");
    expect(r.out).not.toContain(SECRETS.password);
    expect(r.code).toBe(0);
  });

  test("bulk shows a progress bar on a TTY", async () => {
    const file = join(home.dir, "users.txt");
    writeFileSync(file, "alice\nbob\n");
    const r = await onTty(["milvus", "user", "drop", "-f", file, "--yes", ...conn("milvus")], "", {
      NO_COLOR: "1",
    });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/drop \[.*\] \d\/2/);
  });
});

describe("shell completion", () => {
  test("bash: valid syntax, completes commands and options at every level", async () => {
    const r = await run(["completion", "bash"]);
    expect(r.code).toBe(0);
    const script = join(home.dir, "userctl.bash");
    writeFileSync(script, r.stdout);
    execFileSync("bash", ["-n", script]);
    const complete = (words: string[]) =>
      execFileSync(
        "bash",
        [
          "-c",
          `source ${script}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _userctl; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { encoding: "utf8" },
      )
        .trim()
        .split("\n");
    expect(complete(["userctl", ""])).toEqual(
      expect.arrayContaining(["milvus", "ehpc", "sunbird", "config", "completion"]),
    );
    expect(complete(["userctl", "milvus", "role", ""])).toEqual(
      expect.arrayContaining(["create", "drop", "describe", "list", "alter", "grant", "revoke"]),
    );
    expect(complete(["userctl", "--verbose", "ehpc", "user", "delete", "--"])).toEqual(
      expect.arrayContaining(["--yes", "--from-file", "--concurrency", "--cluster-id", "--dry-run"]),
    );
    expect(complete(["userctl", "sunbird", "user", "un"])).toEqual(["unblock"]);
  });

  test("zsh: valid syntax, completes commands and options at every level", async () => {
    const r = await run(["completion", "zsh"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^#compdef userctl/);
    const script = join(home.dir, "_userctl");
    writeFileSync(script, r.stdout);
    execFileSync("zsh", ["-n", script]);
    // Outside a completion widget compadd/compdef do not exist: stand-ins print what would be offered.
    const complete = (words: string[]) =>
      execFileSync(
        "zsh",
        [
          "-f",
          "-c",
          `compdef() { :; }; compadd() { [[ $1 == -a ]] && print -rl -- \${(P)2}; }; source ${script}; words=(${words.map((w) => `'${w}'`).join(" ")}); CURRENT=${words.length}; _userctl`,
        ],
        { encoding: "utf8", env: { ...process.env, HOME: home.dir } },
      )
        .trim()
        .split("\n");
    expect(complete(["userctl", ""])).toEqual(
      expect.arrayContaining(["milvus", "ehpc", "sunbird", "config", "completion"]),
    );
    expect(complete(["userctl", "--verbose", "milvus", "user", ""])).toEqual(
      expect.arrayContaining(["create", "drop", "describe", "list", "update-password", "grant-role"]),
    );
    const del = complete(["userctl", "ehpc", "user", "delete", "--"]);
    expect(del).toEqual(expect.arrayContaining(["--yes", "--from-file", "--concurrency", "--cluster-id"]));
    expect(del).not.toContain("create");
  });

  test("fish: valid syntax, real completions from `complete -C`", async () => {
    const r = await run(["completion", "fish"]);
    expect(r.code).toBe(0);
    const script = join(home.dir, "userctl.fish");
    writeFileSync(script, r.stdout);
    execFileSync("fish", ["--no-execute", script]);
    const complete = (line: string) =>
      execFileSync("fish", ["--no-config", "-c", `source ${script}; complete -C '${line}'`], {
        encoding: "utf8",
        env: { ...process.env, HOME: home.dir, XDG_CONFIG_HOME: join(home.dir, ".config") },
      })
        .trim()
        .split("\n")
        .map((l) => l.split("\t")[0]);
    expect(complete("userctl ")).toEqual(
      expect.arrayContaining(["milvus", "ehpc", "sunbird", "config", "completion"]),
    );
    expect(complete("userctl sunbird user un")).toEqual(["unblock"]);
    expect(complete("userctl -v milvus user create --pass")).toEqual(
      expect.arrayContaining(["--password-stdin"]),
    );
    expect(complete("userctl ehpc user delete --")).toEqual(
      expect.arrayContaining(["--yes", "--from-file", "--concurrency", "--cluster-id", "--dry-run"]),
    );
  });
});

describe("reference and help", () => {
  test("__reference --json describes the whole tree from the commander definitions", async () => {
    const r = await run(["__reference", "--json"]);
    expect(r.code).toBe(0);
    const ref = JSON.parse(r.stdout);
    expect(ref.exitCodes.map((e: { code: number }) => e.code)).toEqual([0, 1, 2, 3, 4]);
    type Node = {
      path: string[];
      examples: string[];
      commands: Node[];
      options: { long?: string; env?: string; required: boolean; default?: unknown }[];
      usage: string;
      operationId?: string;
      api?: string;
    };
    const flat: Node[] = [];
    const walk = (n: Node) => {
      flat.push(n);
      n.commands.forEach(walk);
    };
    walk(ref.root);
    const drop = flat.find((n) => n.path.join(" ") === "userctl milvus user drop");
    expect(drop?.usage).toBe("userctl milvus user drop [options] [userName]");
    expect(drop?.options).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ long: "--uri", env: "MILVUS_URI", required: false }),
        expect.objectContaining({ long: "--concurrency", default: 8 }),
      ]),
    );
    const alter = flat.find((n) => n.path.join(" ") === "userctl milvus role alter");
    expect(alter?.options).toEqual(
      expect.arrayContaining([expect.objectContaining({ long: "--description", required: true })]),
    );
    // Hidden test hooks stay out of the reference; every command (help excluded) has an example.
    expect(JSON.stringify(ref)).not.toContain("__reference");
    expect(JSON.stringify(ref)).not.toContain("--timestamp");
    const leaves = flat.filter((n) => n.path.at(-1) !== "help");
    for (const n of leaves) expect(n.examples.length, n.path.join(" ")).toBeGreaterThan(0);
    expect(leaves.length).toBeGreaterThanOrEqual(26 + 3 + 4 + 2);
    // Each operation command names the spec operation it calls, so the docs can link it; every operation is covered.
    expect(drop).toMatchObject({ api: "milvus", operationId: "dropUser" });
    expect(flat.find((n) => n.path.join(" ") === "userctl milvus role grant")).toMatchObject({
      operationId: "grantPrivilegeV2",
    });
    const named = new Set(flat.filter((n) => n.operationId).map((n) => `${n.api}#${n.operationId}`));
    expect(named.size).toBe(26);
  });

  test("every --help level shows a real example and the exit codes are documented", async () => {
    const top = await run(["--help"]);
    expect(top.stdout).toContain("Exit codes:");
    expect(top.stdout).toMatch(/4 {2}network error or timeout/);
    for (const path of [
      [],
      ["milvus"],
      ["milvus", "role"],
      ["ehpc", "user", "delete"],
      ["sunbird", "user", "search"],
      ["config", "set"],
    ]) {
      const r = await run([...path, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`Examples:\\n {2}\\$ userctl ${path.join(" ")}`));
    }
  });

  test("--version", async () => {
    const r = await run(["--version"], { host: "process" });
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });

  test("the installed bin (package.json `bin`) launches the bundle", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    const launcher = new URL(`../${pkg.bin.userctl}`, import.meta.url).pathname;
    const out = execFileSync(process.execPath, [launcher, "--version"], { encoding: "utf8" });
    expect(out).toBe(`${pkg.version}\n`);
    const help = execFileSync(process.execPath, [launcher, "milvus", "--help"], { encoding: "utf8" });
    expect(help).toContain("Usage: userctl milvus");
  });
});

describe("milvus role drop and the server's revoke-first rule (spec audit M2)", () => {
  test("a refusal because the role has grants names --revoke-grants, exit 1", async () => {
    const r = await run([
      "milvus",
      "role",
      "drop",
      "reader",
      "--yes",
      ...conn("milvus"),
      "--header",
      "Prefer: code=200, example=roleHasGrants",
    ]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain("fail to drop the role that it has privileges");
    expect(r.stderr).toContain("revoke every grant first");
    expect(r.stderr).toContain("re-run with --revoke-grants");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  test("--revoke-grants lists the grants in every database, revokes each, then drops", async () => {
    const r = await run(["milvus", "role", "drop", "reader", "--revoke-grants", "--yes", ...conn("milvus")]);
    expect(r.code, r.stderr).toBe(0);
    // The mock's roles/describe success example lists two grants.
    expect(r.stdout).toContain("Dropped role reader (revoked 2 grant(s) first)");
  });

  test("--revoke-grants --dry-run shows the describe call it starts with, across all databases", async () => {
    const r = await run([
      "milvus",
      "role",
      "drop",
      "reader",
      "--revoke-grants",
      "--dry-run",
      "-o",
      "json",
      ...conn("milvus"),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const [first] = JSON.parse(r.stdout).requests;
    expect(first.url).toMatch(/\/v2\/vectordb\/roles\/describe$/);
    expect(JSON.parse(first.body)).toEqual({ roleName: "reader", dbName: "*" });
  });
});

describe("sunbird block/unblock re-runs under the 7.0.0 guard (spec audit S3, S4)", () => {
  const envelope = (id: string, err: string | null, errmsg: string | null, result: object) => ({
    id,
    ver: "v1",
    ts: "2024-05-20 11:11:15:624+0000",
    params: { resmsgid: "c4d5", msgid: "c4d5", err, status: err ? "FAILED" : "SUCCESS", errmsg },
    responseCode: err ? "CLIENT_ERROR" : "OK",
    result,
  });

  test("block: UOS_USRBLOK0008 counts as done in a bulk re-run (the user is inactive either way)", async () => {
    const file = join(home.dir, "ids.txt");
    writeFileSync(file, "u-1\nu-2\n");
    const r = await run([
      "sunbird",
      "user",
      "block",
      "-f",
      file,
      "--yes",
      "-o",
      "json",
      ...conn("sunbird"),
      "--header",
      "Prefer: code=400, example=alreadyInactive",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toMatchObject({ total: 2, done: 0, alreadyDeleted: 2, failed: 0 });
    expect(doc.items[0].note).toContain("UOS_USRBLOK0008");
  });

  test("block: an unknown user is 404 UOS_USRBLOK0013, a failure with exit 1", async () => {
    const r = await run([
      "sunbird",
      "user",
      "block",
      "u-404",
      "--yes",
      ...conn("sunbird"),
      "--header",
      "Prefer: code=404, example=notFound",
    ]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain("UOS_USRBLOK0013");
  });

  test("unblock: a refusal is done when a read shows the user active, a failure when it is still blocked", async () => {
    // A local server standing in for a 7.0.0 deployment: every unblock is refused with UOS_USRUNBLOK0008; a read
    // shows u-active with status 1 and u-blocked (blocked under 7.0) with status 0.
    const reads: string[] = [];
    const server = createServer((req, res) => {
      const url = req.url ?? "";
      res.setHeader("content-type", "application/json");
      if (req.method === "POST" && url === "/api/user/v1/unblock") {
        req.resume();
        res.statusCode = 400;
        res.end(
          JSON.stringify(envelope("api.user.unblock", "UOS_USRUNBLOK0008", "User is already active.", {})),
        );
        return;
      }
      const id = /^\/api\/user\/v5\/read\/([^/?]+)/.exec(url)?.[1];
      if (req.method === "GET" && id) {
        reads.push(id);
        const user = { id, status: id === "u-active" ? 1 : 0, isDeleted: false };
        res.end(
          JSON.stringify({ ...envelope(`api.user.read.${id}`, null, null, { response: user }), ver: "v5" }),
        );
        return;
      }
      res.statusCode = 404;
      res.end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const file = join(home.dir, "unblock.txt");
      writeFileSync(file, "u-active\nu-blocked\n");
      const r = await run([
        "sunbird",
        "user",
        "unblock",
        "-f",
        file,
        "-o",
        "json",
        "--base-url",
        base,
        "--api-key",
        SECRETS.sunbirdApiKey,
        "--user-token",
        SECRETS.sunbirdUserToken,
      ]);
      expect(r.code, r.stderr).toBe(1);
      const doc = JSON.parse(r.stdout);
      expect(doc.summary).toMatchObject({ total: 2, done: 0, alreadyDeleted: 1, failed: 1 });
      const byItem = Object.fromEntries(doc.items.map((i: { item: string }) => [i.item, i]));
      expect(byItem["u-active"]).toMatchObject({
        status: "already-deleted",
        note: expect.stringContaining("already active"),
      });
      expect(byItem["u-blocked"].status).toBe("failed");
      expect(byItem["u-blocked"].error.message).toContain("still blocked (status 0)");
      expect(reads.sort()).toEqual(["u-active", "u-blocked"]);
      expect(r.stdout).not.toContain(SECRETS.sunbirdUserToken);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
