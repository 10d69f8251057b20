// Grant a privilege or privilege group (v2) — POST /v2/vectordb/roles/grant_privilege_v2
import { createMilvusClient } from "@userctl/milvus";

const milvus = createMilvusClient({
  endpoint: process.env.MILVUS_URI ?? "http://localhost:19530",
  token: process.env.MILVUS_TOKEN ?? "",
});

const result = await milvus.grantPrivilegeV2({
  roleName: "readOnly",
  privilege: "Search",
  collectionName: "*",
  dbName: "default",
});
console.log(JSON.stringify(result, null, 2));
