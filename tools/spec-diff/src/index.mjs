// Library entry point of the breaking-change gate (the CLI is bin/spec-diff.mjs).
export { acceptanceTemplates, loadAccepted } from "./accepted.mjs";
export { listReleases, resolveBase } from "./base.mjs";
export { diffDocuments, readSpec } from "./diff.mjs";
export { SpecDiffError } from "./errors.mjs";
export { EXTENSION_RULES, extensionFindings } from "./extension-rules.mjs";
export { gateApi } from "./gate.mjs";
export { OASDIFF, SEVERITY_OVERRIDES } from "./oasdiff.mjs";
export { recordRelease, releaseHistory } from "./release.mjs";
export { listApis, packagesOf, REPO_ROOT } from "./repo.mjs";
export { renderReport } from "./report.mjs";
