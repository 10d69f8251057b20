// Change a role's description — POST /v2/vectordb/roles/alter
import { createMilvusClient } from "@userctl/milvus";

const milvus = createMilvusClient({
  endpoint: process.env.MILVUS_URI ?? "http://localhost:19530",
  token: process.env.MILVUS_TOKEN ?? "",
});

const result = await milvus.alterRole({
  roleName: "readOnly",
  description: "Read-only access to all collections",
});
console.log(JSON.stringify(result, null, 2));
