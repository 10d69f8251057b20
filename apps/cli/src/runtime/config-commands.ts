import type { Command } from "commander";
import { VENDORS } from "../vendors.js";
import { configPath, DEFAULT_PROFILE, readConfig, selectProfile, writeConfig } from "./config.js";
import { EXIT, UsageError } from "./errors.js";
import { formatDocument, formatView, loadTable } from "./output.js";
import { promptHidden, readStdinLines, stdinIsTty } from "./prompt.js";
import type { Session } from "./session.js";

type Describe = (cmd: Command, summary: string, description: string, examples: string[]) => Command;

/** Every key a profile may hold, from the vendors' connection tables. */
export function profileKeys(): Map<string, { secret: boolean; env: string; flag: string }> {
  const keys = new Map<string, { secret: boolean; env: string; flag: string }>();
  for (const v of VENDORS) {
    for (const c of v.connection) {
      keys.set(c.profileKey, {
        secret: Boolean(c.secret),
        env: c.env,
        flag: c.flags.split(" ")[0] ?? c.flags,
      });
    }
  }
  return keys;
}

function checkKey(key: string) {
  const info = profileKeys().get(key);
  if (!info)
    throw new UsageError(`key: unknown key "${key}" (known: ${[...profileKeys().keys()].join(", ")})`, "key");
  return info;
}

function checkProfileName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name)) {
    throw new UsageError(
      `profile: must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit`,
    );
  }
  return name;
}

const mask = (secret: boolean, value: string | undefined) =>
  value === undefined ? undefined : secret ? "***" : value;

export function configCommands(program: Command, session: Session, describe: Describe): void {
  const config = describe(
    program.command("config"),
    "Manage connection profiles",
    `Profiles live in ${"$XDG_CONFIG_HOME/userctl/config.yaml"} (default ~/.config/userctl/config.yaml), written with mode 0600.\n` +
      "A command reads each setting from its flag, then its environment variable, then the active profile\n" +
      "(--profile, USERCTL_PROFILE, or the one chosen with `userctl config use`).\n" +
      `Keys: ${[...profileKeys().keys()].join(", ")}.`,
    [
      "userctl config set milvus.uri http://localhost:19530 --profile local",
      "printf 'root:Milvus\\n' | userctl config set milvus.token --profile local",
      "userctl config use local",
      "userctl config list -o json",
    ],
  );

  const wrap =
    (fn: (cmd: Command) => Promise<number> | number) =>
    async (...a: unknown[]) => {
      const cmd = a[a.length - 1] as Command;
      session.format = cmd.optsWithGlobals().output;
      try {
        session.exitCode = await fn(cmd);
      } catch (error) {
        session.exitCode = session.fail(error);
      }
    };

  describe(
    config.command("set"),
    "Set a key in a profile",
    "Set a key in the profile named by --profile (default: the current profile). Secret keys (tokens, secret\n" +
      "keys) are read from a hidden prompt, or from stdin when it is not a terminal; on the command line only\n" +
      "with --insecure-secret-arg.",
    ["userctl config set ehpc.zone jn1a --profile prod", "userctl config set sunbird.api-key < api-key.txt"],
  )
    .argument("<key>", "setting, e.g. milvus.uri")
    .argument("[value]", "value (omit for secrets: read from prompt or stdin)")
    .option("--insecure-secret-arg", "allow a secret value on the command line")
    .action(
      wrap(async (cmd) => {
        const [key, given] = cmd.processedArgs as [string, string | undefined];
        const opts = cmd.optsWithGlobals();
        const info = checkKey(key);
        let value = given;
        if (value !== undefined) session.redactor.add(info.secret ? value : undefined);
        if (info.secret && value !== undefined && !opts.insecureSecretArg) {
          throw new UsageError(
            `${key}: refusing a secret on the command line; omit the value to be prompted or pipe it on stdin, or add --insecure-secret-arg`,
            key,
          );
        }
        if (value === undefined) {
          if (!info.secret) throw new UsageError(`value: required for ${key}`, "value");
          value = stdinIsTty() ? await promptHidden(key) : (await readStdinLines())[0];
          session.redactor.add(value);
        }
        if (!value) throw new UsageError(`${key}: must not be empty`, key);
        const file = await readConfig();
        const name = checkProfileName(
          (opts.profile as string | undefined) ?? file.current ?? DEFAULT_PROFILE,
        );
        file.profiles[name] = { ...file.profiles[name], [key]: value };
        await writeConfig(file);
        if (session.format === "table") session.out(`set ${key} in profile ${name}\n`);
        else session.out(formatDocument(session.format, { ok: true, data: { profile: name, key } }));
        return EXIT.ok;
      }),
    );

  describe(
    config.command("get"),
    "Print one key of a profile",
    "Print the value of a key in the active profile. Secret values print as ***.",
    ["userctl config get milvus.uri", "userctl config get ehpc.zone --profile prod -o json"],
  )
    .argument("<key>", "setting, e.g. milvus.uri")
    .action(
      wrap(async (cmd) => {
        const [key] = cmd.processedArgs as [string];
        const info = checkKey(key);
        const profile = selectProfile(await readConfig(), cmd.optsWithGlobals().profile);
        const value = mask(info.secret, profile.values[key]);
        if (value === undefined) {
          session.err(`userctl: ${key} is not set in profile ${profile.name}\n`);
          if (session.format !== "table") {
            session.out(
              formatDocument(session.format, {
                ok: false,
                data: { profile: profile.name, key, value: null },
              }),
            );
          }
          return EXIT.api;
        }
        if (session.format === "table") session.out(`${value}\n`);
        else
          session.out(
            formatDocument(session.format, { ok: true, data: { profile: profile.name, key, value } }),
          );
        return EXIT.ok;
      }),
    );

  describe(
    config.command("list"),
    "List profiles and their keys",
    "List every profile and its keys (secrets as ***). The current profile is marked with *.",
    ["userctl config list", "userctl config list -o yaml"],
  ).action(
    wrap(async () => {
      const file = await readConfig();
      const keys = profileKeys();
      const current = file.current ?? DEFAULT_PROFILE;
      const profiles: Record<string, Record<string, string | undefined>> = {};
      for (const [name, values] of Object.entries(file.profiles)) {
        profiles[name] = Object.fromEntries(
          Object.entries(values).map(([k, v]) => [k, mask(keys.get(k)?.secret ?? true, v)]),
        );
      }
      if (session.format !== "table") {
        session.out(
          formatDocument(session.format, { ok: true, data: { path: configPath(), current, profiles } }),
        );
        return EXIT.ok;
      }
      const rows = Object.entries(profiles).flatMap(([name, values]) => {
        const label = name === current ? `${name} *` : name;
        const entries = Object.entries(values);
        return entries.length ? entries.map(([k, v]) => [label, k, v]) : [[label, "", ""]];
      });
      session.out(`${configPath()}\n`);
      await loadTable();
      session.out(formatView({ kind: "table", head: ["profile", "key", "value"], rows }, session.outColors));
      return EXIT.ok;
    }),
  );

  describe(
    config.command("use"),
    "Make a profile the current one",
    "Make <profile> the one commands use when neither --profile nor USERCTL_PROFILE is given.",
    ["userctl config use prod"],
  )
    .argument("<profile>", "profile name")
    .action(
      wrap(async (cmd) => {
        const [name] = cmd.processedArgs as [string];
        const file = await readConfig();
        selectProfile(file, name); // unknown profile → usage error
        file.current = name;
        await writeConfig(file);
        if (session.format === "table") session.out(`now using profile ${name}\n`);
        else session.out(formatDocument(session.format, { ok: true, data: { current: name } }));
        return EXIT.ok;
      }),
    );
}
