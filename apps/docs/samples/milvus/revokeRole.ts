// Revoke a role from a user — POST /v2/vectordb/users/revoke_role
import { createMilvusClient } from "@userctl/milvus";

const milvus = createMilvusClient({
  endpoint: process.env.MILVUS_URI ?? "http://localhost:19530",
  token: process.env.MILVUS_TOKEN ?? "",
});

const result = await milvus.revokeRole({
  userName: "milvusAdmin",
  roleName: "readOnly",
});
console.log(JSON.stringify(result, null, 2));
