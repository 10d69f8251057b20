// Delete a user from a cluster — POST /api/user/deleteUser
import { createEhpcClient } from "@userctl/qingcloud-ehpc";

const ehpc = createEhpcClient({
  endpoint: process.env.QINGCLOUD_EHPC_ENDPOINT ?? "https://hpc-api.qingcloud.com",
  accessKeyId: process.env.QINGCLOUD_ACCESS_KEY_ID ?? "",
  secretAccessKey: process.env.QINGCLOUD_SECRET_ACCESS_KEY ?? "",
  zone: process.env.QINGCLOUD_ZONE ?? "jn1a",
});

const result = await ehpc.deleteUser({
  cluster_id: "ehpc-8jqdq0mz",
  username: "isabel",
  zone: "jn1a",
});
console.log(JSON.stringify(result, null, 2));
