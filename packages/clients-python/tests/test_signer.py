"""The Python EHPC signer against the shared known-answer vectors (specs/qingcloud-ehpc/signing-vectors.json),
through httpx exactly as the generated client drives it."""

import hashlib
import json

import httpx
import pytest
from conftest import REPO, vector_signer
from userctl_ehpc_auth import (
    CLIENT_MANAGED,
    EhpcSigner,
    canonical_query,
    encode,
    sign,
    string_to_sign,
)

VECTORS = json.loads((REPO / "specs/qingcloud-ehpc/signing-vectors.json").read_text(encoding="utf-8"))["vectors"]


def test_there_are_vectors():
    assert len(VECTORS) >= 5


@pytest.mark.parametrize("v", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector_through_httpx(v):
    signer = vector_signer(v)
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"ret_code": 0})

    with httpx.Client(base_url="http://ehpc.test", transport=httpx.MockTransport(answer), auth=signer) as client:
        # Placeholders for the parameters the signer owns, as the generated client sends them.
        stale = {name: "stale" for name in CLIENT_MANAGED}
        client.request(v["method"], v["path"], params={**v["query"], **stale}, content=v["body"].encode())
    (request,) = sent
    e = v["expected"]
    assert hashlib.md5(request.content).hexdigest() == e["bodyMd5"]
    assert request.content == v["body"].encode()
    assert request.url.query.decode() == e["queryString"]
    assert request.url.path == v["path"]


@pytest.mark.parametrize("v", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector_pieces(v):
    e = v["expected"]
    common = {
        "access_key_id": v["accessKeyId"],
        "signature_method": "HmacSHA256",
        "signature_version": "1",
        "timestamp": v["timestamp"],
        "version": "1",
    }
    assert canonical_query(list({**v["query"], **common}.items())) == e["canonicalQuery"]
    uri = v["path"] + "/" if v["signedUri"] == "trailing-slash" else v["path"]
    assert string_to_sign(v["method"], uri, e["canonicalQuery"], v["body"].encode()) == e["stringToSign"]
    assert sign(e["stringToSign"], v["secretAccessKey"]) == e["signature"]


def test_encoding_is_rfc3986():
    assert encode("a b") == "a%20b"
    assert encode("!'()*") == "%21%27%28%29%2A"
    assert encode("-._~") == "-._~"


def test_the_secret_never_shows():
    signer = EhpcSigner("AK", "TOP-SECRET-VALUE")
    assert "TOP-SECRET-VALUE" not in repr(signer) and "TOP-SECRET-VALUE" not in str(vars(signer).keys())


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"access_key_id": "", "secret_access_key": "s"}, "access_key_id: is required"),
        ({"access_key_id": "a", "secret_access_key": ""}, "secret_access_key: is required"),
        ({"access_key_id": "a", "secret_access_key": "s", "signature_encoding": "triple"}, "signature_encoding"),
        ({"access_key_id": "a", "secret_access_key": "s", "signed_uri": "odd"}, "signed_uri"),
    ],
)
def test_bad_options_name_the_field(kwargs, message):
    with pytest.raises(ValueError, match=message):
        EhpcSigner(**kwargs)
