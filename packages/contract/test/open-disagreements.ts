import type { ApiName } from "@userctl/simulator";

/**
 * Findings the faithful simulators still produce because a spec and its simulator disagree (issue 8 vs issue 13
 * as merged on 2026-12-01). They are real findings of the tool, reported to both owners; the faithful test expects
 * exactly these, so fixing either side makes it fail until the row is removed. Key: `check operationId rule`.
 */
export const OPEN_DISAGREEMENTS: Record<ApiName, string[]> = {
  milvus: [],
  // The spec requires the `zone` query parameter; the simulator serves addUser without it (it has the body's zone).
  "qingcloud-ehpc": ["negative_data_rejection addUser required"],
  // The simulator answers a body that is not an object, or lacks `request`, with UOS_USRCRT0028 / UOS_USRSER0028;
  // the spec's x-error-codes and the operations' responses do not name these codes.
  "sunbird-user": [
    "error_envelope_conformance createUser type object",
    "error_envelope_conformance createUser required",
    "error_envelope_conformance searchUsers type object",
    "error_envelope_conformance searchUsers required",
  ],
};
