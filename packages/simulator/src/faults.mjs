// The fault catalogue's shared vocabulary: each fault class and the `userctl contract` check expected to
// detect it (fixed mapping agreed with the contract tests, SIM-CONTRACT-INTERFACE.md).
export const FAULT_CLASSES = Object.freeze({
  wrong_status: "status_code_conformance",
  response_schema_violation: "response_schema_conformance",
  invalid_input_accepted: "negative_data_rejection",
  valid_input_rejected: "positive_data_acceptance",
  server_error_on_edge_input: "not_a_server_error",
  visible_after_delete: "use_after_free",
  list_not_updated_after_create: "ensure_resource_availability",
  drop_not_idempotent: "drop_idempotency",
  failed_create_side_effect: "failed_create_no_side_effect",
  auth_not_checked: "ignored_auth",
  secret_echoed: "no_secret_echo",
  wrong_content_type: "content_type_conformance",
  wrong_error_envelope: "error_envelope_conformance",
  missing_required_header_accepted: "missing_required_header",
});

/** Define an API's faults: `[name, class, description]` rows become catalogue entries. */
export function defineFaults(api, rows) {
  return Object.freeze(
    rows.map(([name, faultClass, description]) => {
      if (!(faultClass in FAULT_CLASSES)) throw new Error(`fault ${name}: unknown class ${faultClass}`);
      return Object.freeze({ name, api, class: faultClass, check: FAULT_CLASSES[faultClass], description });
    }),
  );
}

export function faultInfo(fault, enabled) {
  return { ...fault, enabled };
}

export function checkFaultNames(catalogue, names) {
  for (const name of names) {
    if (!catalogue.some((f) => f.name === name)) {
      const known = catalogue.map((f) => f.name).join(", ");
      throw new RangeError(`unknown fault "${name}" (this simulator has: ${known})`);
    }
  }
}
