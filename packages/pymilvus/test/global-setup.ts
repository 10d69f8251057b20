import { mockGlobalSetup } from "@userctl/mock/vitest";

// One Prism for this package's whole test run; test files read its URL with mockUrl("milvus").
export default mockGlobalSetup(["milvus"]);
