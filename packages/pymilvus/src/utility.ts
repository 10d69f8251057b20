import { MilvusError, NetworkError, TimeoutError, ValidationError } from "@userctl/milvus";
import { type Connections, checkAlias, connections, timeoutMs } from "./connections.js";
import { MilvusException, ParamError } from "./exceptions.js";

/** Everything a call can throw, as pymilvus would raise it: a MilvusException with the Milvus code. */
export function toMilvusException(error: unknown): unknown {
  if (error instanceof MilvusException) return error;
  if (error instanceof MilvusError) {
    return new MilvusException(error.code, error.vendorMessage, { cause: error });
  }
  if (error instanceof ValidationError) return new ParamError(1, error.message, { cause: error });
  if (error instanceof TimeoutError) {
    return new MilvusException(10001, `request timeout: ${error.message}`, { cause: error });
  }
  if (error instanceof NetworkError) {
    return new MilvusException(2, `Fail connecting to server: ${error.message}`, { cause: error });
  }
  return error;
}

async function pymilvusCall<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toMilvusException(error);
  }
}

interface Using {
  /** Alias of the connection to use. Default `"default"`. */
  using?: string;
  /** Seconds (pymilvus `float | None`); null/undefined = no client timeout. */
  timeout?: number | null;
}

function checkName(value: unknown, field: string): string {
  if (typeof value !== "string") throw new ParamError(1, `${field}: must be a string`);
  return value;
}

/** pymilvus `utility` functions for users, bound to a connection registry. */
export function createUtility(registry: Connections) {
  const clientOf = (using: string | undefined) => registry._client(checkAlias(using ?? "default", "using"));

  return {
    /**
     * Delete a user (pymilvus `utility.delete_user`).
     *
     * The seed document lists a required `password`; **the real pymilvus `delete_user(user, using, timeout)`
     * takes no password** (every branch 2.2–2.6 and master; the gRPC DeleteCredentialRequest has only the user
     * name). This facade makes it optional:
     * - omitted: behaves like real pymilvus and drops the user with the connection's credentials;
     * - given: first verified by authenticating **as that user** (`users/describe` with `user:password`), so a
     *   wrong password raises MilvusException (code 1800) and nothing is dropped; then the user is dropped with
     *   the connection's credentials. On a server with authentication off (open-source default) every password
     *   passes, because the server ignores credentials.
     *
     * `timeout` bounds the whole operation (both requests). Dropping a user that does not exist succeeds on the
     * real server, so this is safe to repeat.
     */
    async deleteUser(args: { user: string; password?: string } & Using): Promise<void> {
      const user = checkName(args?.user, "user");
      const using = checkAlias(args.using ?? "default", "using");
      const budget = timeoutMs(args.timeout);
      const client = registry._client(using);
      const deadline = budget > 0 ? Date.now() + budget : 0;
      const remaining = () => (deadline > 0 ? Math.max(1, deadline - Date.now()) : 0);
      await pymilvusCall(async () => {
        if (args.password !== undefined) {
          const password = checkName(args.password, "password");
          if (password === "") throw new ParamError(1, "password: must not be empty");
          const asUser = registry._clientAs(using, user, password);
          try {
            await asUser.describeUser({ userName: user }, { timeoutMs: remaining() });
          } catch (error) {
            // Only a failed login means a wrong password (a user may always describe itself).
            if (error instanceof MilvusError && (error.code === 1800 || error.httpStatus === 401)) {
              throw new MilvusException(
                error.code,
                `incorrect password for user ${user}: ${error.vendorMessage}`,
                { cause: error },
              );
            }
            throw error;
          }
        }
        await client.dropUser({ userName: user }, { timeoutMs: remaining() });
      }).catch((error: unknown) => {
        // Each request gets what is left of the budget; the error reports the caller's budget, not that remainder.
        const timedOut = error instanceof MilvusException ? error.cause : undefined;
        if (timedOut instanceof TimeoutError && budget > 0)
          throw new MilvusException(
            10001,
            `request timeout: deleteUser: no response within ${budget} ms (waiting for ${timedOut.operationId})`,
            { cause: timedOut },
          );
        throw error;
      });
    },

    /** Create a user (pymilvus `utility.create_user`). */
    async createUser(args: { user: string; password: string } & Using): Promise<void> {
      const user = checkName(args?.user, "user");
      const password = checkName(args.password, "password");
      const client = clientOf(args.using);
      const ms = timeoutMs(args.timeout);
      await pymilvusCall(() => client.createUser({ userName: user, password }, { timeoutMs: ms }));
    },

    /** Names of all users (pymilvus `utility.list_usernames`). */
    async listUsernames(args: Using = {}): Promise<string[]> {
      const client = clientOf(args.using);
      const ms = timeoutMs(args.timeout);
      const result = await pymilvusCall(() => client.listUsers({}, { timeoutMs: ms }));
      return result.data;
    },

    /** Change a user's password, given the old one (pymilvus `utility.update_password`). */
    async updatePassword(
      args: { user: string; oldPassword: string; newPassword: string } & Using,
    ): Promise<void> {
      const user = checkName(args?.user, "user");
      const password = checkName(args.oldPassword, "oldPassword");
      const newPassword = checkName(args.newPassword, "newPassword");
      const client = clientOf(args.using);
      const ms = timeoutMs(args.timeout);
      await pymilvusCall(() =>
        client.updatePassword({ userName: user, password, newPassword }, { timeoutMs: ms }),
      );
    },

    /**
     * update_password, then (pymilvus `utility.reset_password`) keep the connection working: if it was
     * authenticated as this user, it uses the new password from now on.
     */
    async resetPassword(
      args: { user: string; oldPassword: string; newPassword: string } & Using,
    ): Promise<void> {
      await this.updatePassword(args);
      registry._replacePassword(checkAlias(args.using ?? "default", "using"), args.user, args.newPassword);
    },
  };
}

/** The pymilvus `utility` module, on the process-wide `connections`. */
export type Utility = ReturnType<typeof createUtility>;

export const utility: Utility = createUtility(connections);
