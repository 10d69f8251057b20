import type { TestProject } from "vitest/node";
import type { ApiId } from "./index.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of each Prism started by mockGlobalSetup, by API id. */
    mocks: Partial<Record<ApiId, string>>;
  }
}

export declare function mockGlobalSetup(
  apis: ApiId[],
): (project: TestProject) => Promise<() => Promise<void>>;
export declare function mockUrl(api: ApiId): string;
