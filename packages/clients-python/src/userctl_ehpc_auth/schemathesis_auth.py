"""EHPC request signing for Schemathesis 4 (``st run``), with the same signer as the Python client.

Load it as a hook module:

    PYTHONPATH=packages/clients-python/src SCHEMATHESIS_HOOKS=userctl_ehpc_auth.schemathesis_auth \\
    QINGCLOUD_ACCESS_KEY_ID=... QINGCLOUD_SECRET_ACCESS_KEY=... \\
    st run specs/dist/qingcloud-ehpc.openapi.json --url https://hpc-api.qingcloud.com

It registers an ``@schemathesis.auth()`` provider. The signature covers MD5 of the exact body bytes, which exist
only once the request is prepared, so the provider attaches a ``requests`` auth that signs the prepared request
(as Schemathesis's own ``auth.set_from_requests`` does). Schemathesis applies providers only to the cases it
generates: its ``ignored_auth`` probes are sent unsigned, as they must be. A negative case that broke or removed
a client-managed parameter (``timestamp``, ``version``, …) keeps it broken or missing, signed as sent.
Optional: ``QINGCLOUD_SIGNATURE_ENCODING`` (double|single), ``QINGCLOUD_SIGNED_URI`` (trailing-slash|as-sent).
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import unquote_plus, urlsplit, urlunsplit

import requests.auth
import schemathesis
from schemathesis.core.parameters import ParameterLocation

# Which parameters a negative case mutated: the helper Schemathesis's own auth code uses for the same question.
from schemathesis.generation.meta import negated_parameters

from userctl_ehpc_auth import CLIENT_MANAGED, EhpcSigner


def signer_from_env(env: os._Environ[str] | dict[str, str] = os.environ) -> EhpcSigner:
    """The signer the environment describes; a missing key names the variable."""
    for name in ("QINGCLOUD_ACCESS_KEY_ID", "QINGCLOUD_SECRET_ACCESS_KEY"):
        if not env.get(name):
            raise ValueError(f"{name}: is required (the EHPC signing hook reads the API key pair from it)")
    return EhpcSigner(
        env["QINGCLOUD_ACCESS_KEY_ID"],
        env["QINGCLOUD_SECRET_ACCESS_KEY"],
        signature_encoding=env.get("QINGCLOUD_SIGNATURE_ENCODING", "double"),
        signed_uri=env.get("QINGCLOUD_SIGNED_URI", "trailing-slash"),
    )


class SignPreparedRequest(requests.auth.AuthBase):
    """Signs one prepared request: its query as built, the client-managed parameters, MD5 of its body bytes."""

    def __init__(self, signer: EhpcSigner, keep: frozenset[str] = frozenset()) -> None:
        self.signer = signer
        self.keep = keep

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        url = urlsplit(request.url or "")
        # requests builds the query with urlencode (a space is "+"); decode it back to the values sent.
        params = [
            (unquote_plus(k), unquote_plus(v))
            for k, _, v in (pair.partition("=") for pair in url.query.split("&") if pair)
        ]
        body = request.body
        if body is None:
            raw = b""
        elif isinstance(body, bytes):
            raw = body
        elif isinstance(body, str):
            raw = body.encode("utf-8")
        else:
            raise TypeError(f"body: the EHPC signature needs the body's bytes, got {type(body).__name__}")
        query = self.signer.signed_query(request.method or "GET", url.path, params, raw, self.keep)
        request.url = urlunsplit(url._replace(query=query))
        if isinstance(body, str):
            # Send exactly the bytes that were hashed.
            request.body = raw
            request.prepare_content_length(raw)
        return request


@schemathesis.auth(refresh_interval=None)
class EhpcSignature:
    """``EhpcSignature`` (specs/qingcloud-ehpc): HMAC-SHA256 over method, uri, canonical query and MD5(body)."""

    def get(self, case: schemathesis.Case, context: schemathesis.AuthContext) -> EhpcSigner:
        return signer_from_env()

    def set(self, case: schemathesis.Case, data: EhpcSigner, context: Any) -> None:
        keep = frozenset(
            name
            for name, location in negated_parameters(case.meta)
            if location == ParameterLocation.QUERY and name in CLIENT_MANAGED
        )
        # The same attribute `auth.set_from_requests` fills; Schemathesis passes it to requests as `auth=`.
        case._auth = SignPreparedRequest(data, keep)
