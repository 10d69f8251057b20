"""Loads every bundle in specs/dist with Python's openapi-spec-validator (3.0 and 3.1 validators chosen by
the declared version) and compiles every `pattern` with Python's `re`."""

import json
import re
from pathlib import Path

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

DIST = Path(__file__).resolve().parents[2] / "dist"
BUNDLES = [
    f"{api}.openapi{suffix}.{ext}"
    for api in ("milvus", "qingcloud-ehpc", "sunbird-user")
    for suffix in ("", "-3.0")
    for ext in ("json", "yaml")
]


def patterns(node, where="#"):
    """Every (pointer, pattern) of a schema keyword `pattern` (a property named so maps to a dict, not a str)."""
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            yield where, node["pattern"]
        for key, value in node.items():
            if key not in ("example", "examples"):
                yield from patterns(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from patterns(value, f"{where}/{index}")


@pytest.mark.parametrize("name", BUNDLES)
def test_bundle_is_valid_for_its_declared_version(name):
    spec, _ = read_from_filename(str(DIST / name))
    expected = "3.0.3" if "-3.0." in name else "3.1.0"
    assert spec["openapi"] == expected
    validate(spec)  # raises OpenAPIValidationError on any problem


@pytest.mark.parametrize("name", [b for b in BUNDLES if b.endswith(".json")])
def test_every_pattern_compiles_in_python_re(name):
    found = list(patterns(json.loads((DIST / name).read_text())))
    assert found, "no pattern found to check"
    for where, pattern in found:
        try:
            re.compile(pattern)
        except re.error as error:
            pytest.fail(f"{where}: pattern {pattern!r} does not compile in Python re: {error}")
