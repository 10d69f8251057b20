"""The Schemathesis EHPC signing hook (userctl_ehpc_auth.schemathesis_auth): the shared known-answer vectors through
requests' prepared requests, and `st run` against the EHPC simulator, which verifies every signature: with the hook
its signed requests are served, without it none is."""

import base64
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from conftest import PACKAGE, REPO, vector_signer
from userctl_ehpc_auth import EhpcSigner
from userctl_ehpc_auth.schemathesis_auth import SignPreparedRequest, signer_from_env

VECTORS = json.loads((REPO / "specs/qingcloud-ehpc/signing-vectors.json").read_text(encoding="utf-8"))["vectors"]
ST = Path(sys.executable).with_name("st")
SIM = REPO / "packages/simulator/bin/userctl-sim.mjs"
KEY = "QYSCHEMATHESISTEST"
SECRET = "schemathesis-hook-secret-7d1e"


def prepared(v: dict, extra: dict) -> requests.PreparedRequest:
    # As Schemathesis sends a case: its generated query (placeholders for the signed parameters) and the body.
    return requests.Request(
        v["method"], f"http://ehpc.test{v['path']}", params={**v["query"], **extra}, data=v["body"].encode()
    ).prepare()


@pytest.mark.parametrize("v", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector_through_a_prepared_request(v):
    signer = vector_signer(v)
    stale = {"access_key_id": "x", "signature": "x", "signature_method": "x", "timestamp": "x", "version": "x"}
    request = SignPreparedRequest(signer)(prepared(v, stale))
    assert request.url == f"http://ehpc.test{v['path']}?{v['expected']['queryString']}"
    assert (request.body or b"") == v["body"].encode()


def test_a_parameter_a_negative_case_broke_stays_broken_and_signed():
    v = next(v for v in VECTORS if v["method"] == "POST" and v["signatureEncoding"] == "double")
    signer = EhpcSigner(v["accessKeyId"], v["secretAccessKey"])
    broken = SignPreparedRequest(signer, frozenset({"timestamp"}))(prepared(v, {"timestamp": "yesterday"}))
    assert "timestamp=yesterday&" in broken.url
    removed = SignPreparedRequest(signer, frozenset({"version"}))(prepared(v, {}))
    assert "&version=" not in removed.url and "signature=" in removed.url


def test_a_str_body_is_sent_as_the_utf8_bytes_that_were_hashed():
    request = requests.Request("POST", "http://ehpc.test/api/user/addUser", data='{"username":"李"}').prepare()
    request.body = '{"username":"李"}'
    signed = SignPreparedRequest(EhpcSigner("AK", "SK"))(request)
    assert signed.body == '{"username":"李"}'.encode()
    assert signed.headers["Content-Length"] == str(len(signed.body))


def test_missing_credentials_name_the_variable():
    with pytest.raises(ValueError, match="QINGCLOUD_SECRET_ACCESS_KEY: is required"):
        signer_from_env({"QINGCLOUD_ACCESS_KEY_ID": "AK"})


@pytest.fixture(scope="module")
def simulator():
    process = subprocess.Popen(
        [
            "node",
            str(SIM),
            "qingcloud-ehpc",
            "--port",
            "0",
            "--quiet",
            "--access-key-id",
            KEY,
            "--secret-access-key",
            SECRET,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert match, f"the simulator printed no URL: {line!r}"
        yield match.group(0)
    finally:
        process.terminate()
        process.wait(timeout=30)


def st_run(url: str, tmp_path: Path, hook: bool) -> list[int]:
    """`st run` over the spec's examples; the `ret_code` of every answer the simulator gave."""
    report = tmp_path / ("signed.ndjson" if hook else "unsigned.ndjson")
    env = {k: v for k, v in os.environ.items() if k not in ("SCHEMATHESIS_HOOKS", "PYTHONPATH")}
    if hook:
        env |= {
            "PYTHONPATH": str(PACKAGE / "src"),
            "SCHEMATHESIS_HOOKS": "userctl_ehpc_auth.schemathesis_auth",
            "QINGCLOUD_ACCESS_KEY_ID": KEY,
            "QINGCLOUD_SECRET_ACCESS_KEY": SECRET,
        }
    subprocess.run(
        [
            str(ST),
            "run",
            str(REPO / "specs/dist/qingcloud-ehpc.openapi.json"),
            "--url",
            url,
            "--phases",
            "examples",
            "--checks",
            "not_a_server_error",
            "--seed",
            "1",
            "--report",
            "ndjson",
            "--report-ndjson-path",
            str(report),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        check=False,
        timeout=300,
    )
    codes = []
    for line in report.read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        for interaction in (event.get("ScenarioFinished", {}).get("recorder", {}).get("interactions") or {}).values():
            content = (interaction.get("response") or {}).get("content")
            if isinstance(content, dict):
                content = base64.b64decode(content["$base64"]).decode()
            if content:
                codes.append(json.loads(content)["ret_code"])
    return codes


def test_st_run_with_the_hook_is_served_and_without_it_refused(simulator, tmp_path):
    signed = st_run(simulator, tmp_path, hook=True)
    # Every example of the four operations reached a handler: served (0) or refused by the vendor's own rules,
    # never for its signature (1200), a missing one (1100) or its age (1300).
    assert signed and 0 in signed, signed
    assert 1200 not in signed and 1300 not in signed, signed
    unsigned = st_run(simulator, tmp_path, hook=False)
    assert unsigned and 0 not in unsigned, unsigned
