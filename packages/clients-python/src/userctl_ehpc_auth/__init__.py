"""QingCloud EHPC request signing as an ``httpx.Auth``, for the client openapi-python-client generates.

Hand-written (a generated client cannot sign): plug it in with
``Client(base_url=..., httpx_args={"auth": EhpcSigner(...)})``. It reads the exact body bytes httpx will
send, replaces the query parameters the spec marks ``x-client-managed`` and appends the signature, as the
``EhpcSignature`` security scheme of specs/qingcloud-ehpc describes. Proven by the shared vectors in
specs/qingcloud-ehpc/signing-vectors.json.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import hmac
import inspect
import typing
from collections.abc import Callable, Generator
from enum import Enum
from urllib.parse import quote, unquote

import httpx

SIGNATURE_METHOD = "HmacSHA256"
SIGNATURE_VERSION = "1"
API_VERSION = "1"
# The parameters the signer owns: whatever the caller put there is replaced.
CLIENT_MANAGED = ("access_key_id", "signature", "signature_method", "signature_version", "timestamp", "version")


def encode(value: str) -> str:
    """RFC 3986: only A-Z a-z 0-9 - . _ ~ stay; upper-case hex; space is %20."""
    return quote(value, safe="~")


def canonical_query(params: list[tuple[str, str]]) -> str:
    return "&".join(f"{encode(k)}={encode(v)}" for k, v in sorted(params))


def string_to_sign(method: str, uri: str, query: str, body: bytes) -> str:
    return f"{method.upper()}\n{uri}\n{query}\n{hashlib.md5(body).hexdigest()}"


def sign(text: str, secret: str) -> str:
    return base64.b64encode(hmac.new(secret.encode(), text.encode(), hashlib.sha256).digest()).decode()


def format_timestamp(moment: _dt.datetime) -> str:
    return moment.astimezone(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class EhpcSigner(httpx.Auth):
    """Signs every request: common parameters, sorted RFC 3986 query, MD5 of the body, HMAC-SHA256."""

    requires_request_body = True  # httpx reads the body before auth_flow, so the hash covers the bytes sent

    def __init__(
        self,
        access_key_id: str,
        secret_access_key: str,
        *,
        zone: str | None = None,
        signature_encoding: str = "double",
        signed_uri: str = "trailing-slash",
        now: Callable[[], _dt.datetime] = lambda: _dt.datetime.now(_dt.UTC),
    ) -> None:
        if not access_key_id:
            raise ValueError("access_key_id: is required")
        if not secret_access_key:
            raise ValueError("secret_access_key: is required")
        if signature_encoding not in ("single", "double"):
            raise ValueError("signature_encoding: must be 'single' or 'double'")
        if signed_uri not in ("trailing-slash", "as-sent"):
            raise ValueError("signed_uri: must be 'trailing-slash' or 'as-sent'")
        self._access_key_id = access_key_id
        self._secret = secret_access_key
        self._zone = zone
        self._encoding = signature_encoding
        self._signed_uri = signed_uri
        self._now = now

    def __repr__(self) -> str:  # never the secret
        return f"EhpcSigner(access_key_id={self._access_key_id!r})"

    def signed_query(
        self,
        method: str,
        path: str,
        params: list[tuple[str, str]],
        body: bytes,
        keep: frozenset[str] = frozenset(),
    ) -> str:
        """The query string to send (canonical query + signature) for one request.

        ``keep``: client-managed names whose values (or absence) are left as the caller sent them, still signed;
        a negative test that broke or removed ``timestamp`` must reach the server that way.
        """
        own = [(k, v) for k, v in params if k not in CLIENT_MANAGED or (k in keep and k != "signature")]
        if self._zone and not any(k == "zone" for k, _ in own):
            own.append(("zone", self._zone))
        own += [
            (name, value)
            for name, value in (
                ("access_key_id", self._access_key_id),
                ("signature_method", SIGNATURE_METHOD),
                ("signature_version", SIGNATURE_VERSION),
                ("timestamp", format_timestamp(self._now())),
                ("version", API_VERSION),
            )
            if name not in keep
        ]
        query = canonical_query(own)
        uri = path + "/" if self._signed_uri == "trailing-slash" and not path.endswith("/") else path
        signature = encode(sign(string_to_sign(method, uri, query, body), self._secret))
        if self._encoding == "double":
            signature = encode(signature)
        return f"{query}&signature={signature}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        raw = request.url.query.decode("ascii")
        params = [
            (unquote(k.replace("+", " ")), unquote(v.replace("+", " ")))
            for k, _, v in (pair.partition("=") for pair in raw.split("&") if pair)
        ]
        query = self.signed_query(request.method, request.url.path, params, request.content)
        # Already encoded: hand httpx the raw query so the double-encoded signature survives as is.
        request.url = request.url.copy_with(query=query.encode("ascii"))
        yield request


def placeholders(operation: Callable[..., typing.Any]) -> dict[str, typing.Any]:
    """Values for the client-managed parameters a generated function requires (the signer replaces them).

    openapi-python-client makes every required spec parameter a keyword argument, the signer's own included;
    this fills them with well-typed stand-ins so callers write only the operation's real arguments.
    """
    hints = typing.get_type_hints(operation)
    values: dict[str, typing.Any] = {}
    for name in inspect.signature(operation).parameters:
        if name not in CLIENT_MANAGED:
            continue
        kind = hints.get(name)
        if isinstance(kind, type) and issubclass(kind, Enum):
            values[name] = next(iter(kind))
        elif kind is _dt.datetime:
            values[name] = _dt.datetime.now(_dt.UTC)
        else:
            values[name] = "-"
    return values
