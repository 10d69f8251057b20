import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { UsageError } from "./errors.js";
import { loadYaml } from "./output.js";

/** The profile file: `current` names the profile used when `--profile`/`USERCTL_PROFILE` are absent. */
export interface ConfigFile {
  current?: string;
  profiles: Record<string, Record<string, string>>;
}

export const DEFAULT_PROFILE = "default";

/** `$XDG_CONFIG_HOME/userctl/config.yaml`, `~/.config/userctl/config.yaml` when XDG_CONFIG_HOME is unset. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME?.trim() ? env.XDG_CONFIG_HOME : join(env.HOME || homedir(), ".config");
  return join(base, "userctl", "config.yaml");
}

export async function readConfig(path = configPath()): Promise<ConfigFile> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { profiles: {} };
    throw new UsageError(`config: cannot read ${path}: ${(error as Error).message}`);
  }
  const { parse } = await loadYaml();
  let data: unknown;
  try {
    data = parse(text);
  } catch {
    throw new UsageError(`config: ${path} is not valid YAML`);
  }
  if (data == null) return { profiles: {} };
  if (typeof data !== "object" || Array.isArray(data))
    throw new UsageError(`config: ${path} must be a mapping`);
  const raw = data as { current?: unknown; profiles?: unknown };
  const profiles: ConfigFile["profiles"] = {};
  if (raw.profiles && typeof raw.profiles === "object") {
    for (const [name, values] of Object.entries(raw.profiles as Record<string, unknown>)) {
      profiles[name] = {};
      if (values && typeof values === "object") {
        for (const [k, v] of Object.entries(values as Record<string, unknown>)) {
          if (v != null) (profiles[name] as Record<string, string>)[k] = String(v);
        }
      }
    }
  }
  return { current: typeof raw.current === "string" ? raw.current : undefined, profiles };
}

/** Written atomically and with mode 0600: the file holds tokens and secret keys. */
export async function writeConfig(config: ConfigFile, path = configPath()): Promise<void> {
  const { stringify } = await loadYaml();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  const text = `# userctl profiles (mode 0600: holds secrets). Edit with \`userctl config set|use\`.\n${stringify(config)}`;
  writeFileSync(tmp, text, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/** The profile a command uses: `--profile` > `USERCTL_PROFILE` > the file's `current` > `default`. */
export function selectProfile(
  config: ConfigFile,
  requested: string | undefined,
): { name: string; values: Record<string, string> } {
  if (requested) {
    const values = config.profiles[requested];
    if (!values) {
      const known = Object.keys(config.profiles);
      throw new UsageError(
        `profile: unknown profile "${requested}" (known: ${known.length ? known.join(", ") : "none; create one with `userctl config set`"})`,
        "profile",
      );
    }
    return { name: requested, values };
  }
  const name = config.current ?? DEFAULT_PROFILE;
  return { name, values: config.profiles[name] ?? {} };
}
