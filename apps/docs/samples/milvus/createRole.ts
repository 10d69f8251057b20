// Create a role — POST /v2/vectordb/roles/create
import { createMilvusClient } from "@userctl/milvus";

const milvus = createMilvusClient({
  endpoint: process.env.MILVUS_URI ?? "http://localhost:19530",
  token: process.env.MILVUS_TOKEN ?? "",
});

const result = await milvus.createRole({
  roleName: "readOnly",
});
console.log(JSON.stringify(result, null, 2));
