// List the users of a cluster — GET /api/user
import { createEhpcClient } from "@userctl/qingcloud-ehpc";

const ehpc = createEhpcClient({
  endpoint: process.env.QINGCLOUD_EHPC_ENDPOINT ?? "https://hpc-api.qingcloud.com",
  accessKeyId: process.env.QINGCLOUD_ACCESS_KEY_ID ?? "",
  secretAccessKey: process.env.QINGCLOUD_SECRET_ACCESS_KEY ?? "",
  zone: process.env.QINGCLOUD_ZONE ?? "jn1a",
});

const result = await ehpc.listUsers({
  cluster_id: "hpc-qig9xu97",
  user_id: "usr-vceaHsJu",
  search_word: "isa",
  limit: 10,
  offset: 0,
});
console.log(JSON.stringify(result, null, 2));
