import type { CallOptions } from "@userctl/client-core";
import type { MilvusClient } from "./client.js";
import { MilvusError } from "./errors.js";
import type { components } from "./generated/schema.js";

/** One grant as roles/describe lists it (camelCase keys, as the server sends them). */
export type MilvusGrant = components["schemas"]["Grant"];

/** What the v1 revoke says when the grant's privilege is a privilege group, which only the v2 call revokes. */
const NOT_A_PRIVILEGE_TEXT = "not found the privilege name";

/**
 * Drops a role after revoking every grant it has, in every database. The server refuses to drop a role that still
 * has grants, and its REST handler never sets gRPC's `force_drop`, so this is the only way over REST (spec:
 * roles/drop). Each grant is revoked with roles/revoke_privilege, the exact inverse of the grant entity describe
 * lists; a privilege group, which that call does not know, is revoked with roles/revoke_privilege_v2. Stops at the
 * first failure, leaving the role and its remaining grants in place. Resolves to the grants it revoked.
 */
export async function dropRoleRevokingGrants(
  client: MilvusClient,
  roleName: string,
  options?: CallOptions,
): Promise<{ revoked: MilvusGrant[] }> {
  const described = await client.describeRole({ roleName, dbName: "*" }, options);
  const grants = described.data ?? [];
  for (const grant of grants) {
    const scope = { roleName, privilege: grant.privilege, dbName: grant.dbName };
    try {
      await client.revokePrivilege(
        { ...scope, objectType: grant.objectType, objectName: grant.objectName },
        options,
      );
    } catch (error) {
      if (!(error instanceof MilvusError && error.vendorMessage.includes(NOT_A_PRIVILEGE_TEXT))) throw error;
      await client.revokePrivilegeV2({ ...scope, collectionName: grant.objectName }, options);
    }
  }
  await client.dropRole({ roleName }, options);
  return { revoked: grants };
}
