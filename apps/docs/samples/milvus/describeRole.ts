// Describe a role — POST /v2/vectordb/roles/describe
import { createMilvusClient } from "@userctl/milvus";

const milvus = createMilvusClient({
  endpoint: process.env.MILVUS_URI ?? "http://localhost:19530",
  token: process.env.MILVUS_TOKEN ?? "",
});

const result = await milvus.describeRole({
  roleName: "readOnly",
});
console.log(JSON.stringify(result, null, 2));
