// List roles — POST /v2/vectordb/roles/list
import { createMilvusClient } from "@userctl/milvus";

const milvus = createMilvusClient({
  endpoint: process.env.MILVUS_URI ?? "http://localhost:19530",
  token: process.env.MILVUS_TOKEN ?? "",
});

const result = await milvus.listRoles({});
console.log(JSON.stringify(result, null, 2));
