import { mockGlobalSetup } from "@userctl/mock/vitest";

// One Prism per API for the whole docs test run (the curl, TypeScript and userctl samples all use them).
export default mockGlobalSetup(["milvus", "qingcloud-ehpc", "sunbird-user"]);
