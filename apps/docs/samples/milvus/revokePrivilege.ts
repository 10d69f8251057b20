// Revoke a privilege from a role — POST /v2/vectordb/roles/revoke_privilege
import { createMilvusClient } from "@userctl/milvus";

const milvus = createMilvusClient({
  endpoint: process.env.MILVUS_URI ?? "http://localhost:19530",
  token: process.env.MILVUS_TOKEN ?? "",
});

const result = await milvus.revokePrivilege({
  roleName: "readOnly",
  objectType: "Collection",
  objectName: "*",
  privilege: "Search",
});
console.log(JSON.stringify(result, null, 2));
