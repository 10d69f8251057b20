import { checkEndpoint } from "@userctl/client-core";
import { createMilvusClient, type MilvusClient, type PasswordPolicy, ValidationError } from "@userctl/milvus";
import { ConnectionConfigException, ConnectionNotExistException, ParamError } from "./exceptions.js";

export interface ConnectOptions {
  /** Name of the connection; utility functions pick it with `using`. Default `"default"`. */
  alias?: string;
  /** Milvus or Zilliz Cloud address. Default `"http://localhost:19530"`. May carry `user:password@`. */
  uri?: string;
  /** A Zilliz Cloud API key or `user:password`; wins over `user`/`password`. */
  token?: string;
  user?: string;
  password?: string;
  /** Database for calls that name none (`db_name` in pymilvus), sent as `DB-Name`. */
  dbName?: string;
  /**
   * Seconds pymilvus waits for the gRPC channel to become ready. The REST facade opens no channel, so `connect`
   * makes no request and this only has to be a positive number; each call's own `timeout` bounds that call.
   */
  timeout?: number | null;
  /** Name and password rules checked before sending; see `@userctl/milvus`. Default `"server"` (the server's own limits); `"zilliz-cloud"` adds the Zilliz Cloud documents' rule. */
  passwordPolicy?: PasswordPolicy;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof fetch;
}

/** What a connection was made with; secrets stay inside this module. */
export interface ConnectionConfig {
  readonly alias: string;
  readonly uri: string;
  readonly user: string | undefined;
  readonly dbName: string | undefined;
}

interface Connection {
  config: ConnectionConfig;
  /** Compared when an alias is connected again (pymilvus raises if it differs). */
  fingerprint: string;
  endpoint: string;
  credentials: { token?: string; user?: string; password?: string };
  client: MilvusClient;
  options: ConnectOptions;
}

const DEFAULT_ALIAS = "default";
const DEFAULT_URI = "http://localhost:19530";

export function checkAlias(alias: unknown, field = "alias"): string {
  if (typeof alias !== "string" || alias === "") {
    throw new ConnectionConfigException(1, `${field}: Alias should be string, but ${typeof alias} is given.`);
  }
  return alias;
}

/** Seconds (pymilvus float | None) → milliseconds for the client; null/undefined = no client timeout. */
export function timeoutMs(timeout: unknown): number {
  if (timeout === undefined || timeout === null) return 0;
  if (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout <= 0) {
    throw new ParamError(
      1,
      "timeout: must be a positive number of seconds, or null/undefined for no timeout",
    );
  }
  return Math.max(1, Math.round(timeout * 1000));
}

function parseUri(uri: string): { endpoint: string; user?: string; password?: string } {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new ParamError(1, "uri: must look like http[s]://[user:password@]host[:port]");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ParamError(1, "uri: must look like http[s]://[user:password@]host[:port]");
  }
  const user = url.username ? decodeURIComponent(url.username) : undefined;
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  url.username = "";
  url.password = "";
  let endpoint: string;
  try {
    // The shared rules (no query or fragment, no trailing slash) once pymilvus's `user:password@` is taken out.
    endpoint = checkEndpoint("uri", url.href);
  } catch (error) {
    if (error instanceof ValidationError) throw new ParamError(1, error.message, { cause: error });
    throw error;
  }
  return {
    endpoint,
    ...(user ? { user } : {}),
    ...(password ? { password } : {}),
  };
}

/** pymilvus's `connections` registry: named connections that utility functions select with `using`. */
export class Connections {
  readonly #connected = new Map<string, Connection>();

  /**
   * Register a connection under `alias` (pymilvus `connections.connect`). No request is made: REST has no
   * channel to open, so bad credentials surface on the first call. Connecting a connected alias again with the
   * same settings is a no-op; with different settings it raises ConnectionConfigException, as in pymilvus.
   */
  connect(options: ConnectOptions = {}): void {
    const alias = checkAlias(options.alias ?? DEFAULT_ALIAS);
    const uri = options.uri ?? DEFAULT_URI;
    if (typeof uri !== "string") throw new ParamError(1, "uri: must be a string");
    timeoutMs(options.timeout);
    const parsed = parseUri(uri);
    const credentials =
      options.token !== undefined && options.token !== ""
        ? { token: options.token }
        : {
            ...((options.user ?? parsed.user) ? { user: options.user ?? parsed.user } : {}),
            ...((options.password ?? parsed.password)
              ? { password: options.password ?? parsed.password }
              : {}),
          };
    if ((credentials as { user?: string }).user && !(credentials as { password?: string }).password) {
      throw new ParamError(1, "password: is required when user is given");
    }
    if (!(credentials as { user?: string }).user && (credentials as { password?: string }).password) {
      throw new ParamError(1, "user: is required when password is given");
    }
    const fingerprint = JSON.stringify([parsed.endpoint, credentials, options.dbName ?? null]);
    const existing = this.#connected.get(alias);
    if (existing) {
      if (existing.fingerprint === fingerprint) return;
      throw new ConnectionConfigException(
        1,
        `Alias of '${alias}' already creating connections, but the configure is not the same as passed in.`,
      );
    }
    const client = this.#createClient(parsed.endpoint, credentials, options);
    const user = (credentials as { user?: string }).user;
    this.#connected.set(alias, {
      config: { alias, uri: parsed.endpoint, user, dbName: options.dbName },
      fingerprint,
      endpoint: parsed.endpoint,
      credentials,
      client,
      options,
    });
  }

  /** Forget the connection of `alias` (pymilvus `disconnect`); unknown aliases are ignored. */
  disconnect(alias: string): void {
    this.#connected.delete(checkAlias(alias));
  }

  /** Same as disconnect: the facade keeps no configuration apart from the connection. */
  removeConnection(alias: string): void {
    this.disconnect(alias);
  }

  hasConnection(alias: string): boolean {
    return this.#connected.has(checkAlias(alias));
  }

  /** `[alias, config]` of every connection (pymilvus `list_connections`). */
  listConnections(): Array<[string, ConnectionConfig]> {
    return [...this.#connected.values()].map((c) => [c.config.alias, c.config]);
  }

  getConnectionAddr(alias: string): ConnectionConfig | undefined {
    return this.#connected.get(checkAlias(alias))?.config;
  }

  /** The client of `using`, or ConnectionNotExistException "should create connection first." */
  _client(using: string): MilvusClient {
    return this._get(checkAlias(using, "using")).client;
  }

  /** A client for the same server authenticated as `user:password` (used to verify a user's password). */
  _clientAs(using: string, user: string, password: string): MilvusClient {
    const connection = this._get(using);
    return this.#createClient(connection.endpoint, { user, password }, connection.options);
  }

  /** After reset_password of the connection's own user, authenticate with the new password from now on. */
  _replacePassword(using: string, user: string, password: string): void {
    const connection = this._get(using);
    if (connection.credentials.user !== user) return;
    connection.credentials = { user, password };
    connection.client = this.#createClient(connection.endpoint, connection.credentials, connection.options);
    connection.fingerprint = JSON.stringify([
      connection.endpoint,
      connection.credentials,
      connection.options.dbName ?? null,
    ]);
  }

  _get(using: string): Connection {
    const connection = this.#connected.get(using);
    if (!connection) throw new ConnectionNotExistException(1, "should create connection first.");
    return connection;
  }

  #createClient(
    endpoint: string,
    credentials: Connection["credentials"],
    options: ConnectOptions,
  ): MilvusClient {
    try {
      return this.#newClient(endpoint, credentials, options);
    } catch (error) {
      if (error instanceof ValidationError) throw new ParamError(1, error.message, { cause: error });
      throw error;
    }
  }

  #newClient(
    endpoint: string,
    credentials: Connection["credentials"],
    options: ConnectOptions,
  ): MilvusClient {
    return createMilvusClient({
      endpoint,
      ...(credentials as { token: string }),
      ...(options.dbName !== undefined ? { dbName: options.dbName } : {}),
      ...(options.passwordPolicy ? { passwordPolicy: options.passwordPolicy } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      userAgent: "userctl-pymilvus",
    });
  }
}

/** The process-wide registry, like `from pymilvus import connections`. */
export const connections: Connections = new Connections();
