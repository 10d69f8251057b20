// Update a user's password — POST /v2/vectordb/users/update_password
import { createMilvusClient } from "@userctl/milvus";

const milvus = createMilvusClient({
  endpoint: process.env.MILVUS_URI ?? "http://localhost:19530",
  token: process.env.MILVUS_TOKEN ?? "",
});

const result = await milvus.updatePassword({
  userName: "milvusAdmin",
  password: "P@ssw0rd",
  newPassword: "N3w-P@ssw0rd",
});
console.log(JSON.stringify(result, null, 2));
