import { mockGlobalSetup } from "@userctl/mock/vitest";

// One Prism for this package's whole test run; test files read its URL with mockUrl("sunbird-user").
export default mockGlobalSetup(["sunbird-user"]);
