// Create a user — POST /v2/vectordb/users/create
import { createMilvusClient } from "@userctl/milvus";

const milvus = createMilvusClient({
  endpoint: process.env.MILVUS_URI ?? "http://localhost:19530",
  token: process.env.MILVUS_TOKEN ?? "",
});

const result = await milvus.createUser({
  password: "P@ssw0rd",
  userName: "milvusAdmin",
});
console.log(JSON.stringify(result, null, 2));
