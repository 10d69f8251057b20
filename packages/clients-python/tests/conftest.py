"""Puts the generated clients and the hand-written signer on sys.path and hands tests the Prism mocks' URLs
(set by userctl-run-foreign --mocks). A missing URL is an error, never a skip."""

import datetime as dt
import json
import os
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1]
REPO = PACKAGE.parents[1]
for api in ("milvus", "qingcloud-ehpc", "sunbird-user"):
    sys.path.insert(0, str(PACKAGE / "generated" / api))
sys.path.insert(0, str(PACKAGE / "src"))
sys.path.insert(0, str(PACKAGE / "snippets"))


def vector_signer(v: dict):
    """The signer one known-answer vector of specs/qingcloud-ehpc/signing-vectors.json describes, at its time."""
    from userctl_ehpc_auth import EhpcSigner

    moment = dt.datetime.strptime(v["timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    return EhpcSigner(
        v["accessKeyId"],
        v["secretAccessKey"],
        signature_encoding=v["signatureEncoding"],
        signed_uri=v["signedUri"],
        now=lambda: moment,
    )


ENV = {
    "milvus": "USERCTL_MOCK_MILVUS_URL",
    "qingcloud-ehpc": "USERCTL_MOCK_EHPC_URL",
    "sunbird-user": "USERCTL_MOCK_SUNBIRD_URL",
}


def spec(api: str) -> dict:
    return json.loads((REPO / "specs" / "dist" / f"{api}.openapi.json").read_text())


def spec_operations(api: str) -> list[str]:
    doc = spec(api)
    return sorted(op["operationId"] for item in doc["paths"].values() for op in item.values() if "operationId" in op)


def mock_url(api: str) -> str:
    url = os.environ.get(ENV[api])
    if not url:
        raise RuntimeError(f"{ENV[api]} is not set: run the tests through `pnpm test` (userctl-run-foreign --mocks)")
    return url


@pytest.fixture(scope="session")
def milvus_url() -> str:
    return mock_url("milvus")


@pytest.fixture(scope="session")
def ehpc_url() -> str:
    return mock_url("qingcloud-ehpc")


@pytest.fixture(scope="session")
def sunbird_url() -> str:
    return mock_url("sunbird-user")
