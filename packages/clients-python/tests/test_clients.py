"""Every operation of every API through the generated Python clients against Prism (request validation on),
its answer parsed into the generated types; and every named example of a 200/4xx answer classified as the
spec says: success model for a success example, the error model for an error one."""

import importlib
import re

import httpx
import jsonschema
import pytest
from conftest import spec, spec_operations
from userctl_ehpc_auth import EhpcSigner, placeholders

PACKAGES = {"milvus": "milvus_client", "qingcloud-ehpc": "qingcloud_ehpc_client", "sunbird-user": "sunbird_user_client"}


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def deref(doc: dict, node: dict) -> dict:
    while "$ref" in node:
        *_, kind, name = node["$ref"].split("/")
        node = doc["components"][kind][name]
    return node


def operations(api: str):
    doc = spec(api)
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if "operationId" in op:
                yield doc, path, method, op


def make_client(api: str, base_url: str, headers: dict | None = None):
    pkg = importlib.import_module(PACKAGES[api])
    if api == "qingcloud-ehpc":
        signer = EhpcSigner("QYACCESSKEYIDEXAMPLE", "SECRETKEY-EHPC-TEST-9f3a")
        return pkg.Client(base_url=base_url, headers=headers or {}, httpx_args={"auth": signer})
    if api == "sunbird-user":
        return pkg.AuthenticatedClient(
            base_url=base_url, token="gateway-jwt", headers={"X-Authenticated-User-token": "user-jwt", **(headers or {})}
        )
    return pkg.AuthenticatedClient(base_url=base_url, token="root:Milvus", headers=headers or {})


def call(api: str, doc: dict, op: dict, client, example_body=None):
    """Calls the generated sync_detailed of one operation with the spec's first request example."""
    pkg = PACKAGES[api]
    module = importlib.import_module(f"{pkg}.api.{op['tags'][0].lower()}.{snake(op['operationId'])}")
    kwargs: dict = {"client": client}
    args: list = []
    for param in (deref(doc, p) for p in op.get("parameters", [])):
        if param["in"] == "path":
            args.append(param["example"] if "example" in param else deref(doc, param["schema"])["examples"][0])
        elif param["name"] == "zone":
            kwargs["zone"] = "jn1a"
    if api == "qingcloud-ehpc":
        kwargs.update(placeholders(module.sync_detailed))
    if "requestBody" in op:
        media = op["requestBody"]["content"]["application/json"]
        body = example_body
        if body is None:
            first = next(iter(media["examples"].values()))
            body = deref(doc, first)["value"]
        model = getattr(importlib.import_module(f"{pkg}.models"), deref(doc, media["schema"]).get("title") or media["schema"]["$ref"].split("/")[-1])
        kwargs["body"] = model.from_dict(body)
    return module.sync_detailed(*args, **kwargs)


def model_name(value) -> str:
    return type(value).__name__


def success_model(doc: dict, op: dict) -> tuple[str, str]:
    """(status, model name) of the operation's documented success answer."""
    for status, response in op["responses"].items():
        if status.startswith("2"):
            schema = deref(doc, response)["content"]["application/json"]["schema"]
            first = schema.get("oneOf", [schema])[0]
            return status, first["$ref"].split("/")[-1]
    raise AssertionError(f"{op['operationId']}: no 2xx response")


def leaves(doc: dict, schema: dict) -> list[str]:
    """Names of the schemas a response schema can be, oneOfs flattened through their $refs."""
    if "oneOf" in schema:
        return [name for variant in schema["oneOf"] for name in leaves(doc, variant)]
    name = schema["$ref"].split("/")[-1]
    target = doc["components"]["schemas"][name]
    return leaves(doc, target) if "oneOf" in target else [name]


def variant_of(doc: dict, schema: dict, value) -> str:
    """The one schema the example validates against (JSON Schema 2020-12, on the bundle itself)."""
    matched = [
        name
        for name in leaves(doc, schema)
        if jsonschema.Draft202012Validator({**doc, "$ref": f"#/components/schemas/{name}"}).is_valid(value)
    ]
    assert len(matched) == 1, f"{len(matched)} schemas accept {value}: {matched}"
    return matched[0]


CASES = [(api, op["operationId"]) for api in PACKAGES for _, _, _, op in operations(api)]


def test_cases_cover_every_operation_of_every_spec():
    for api in PACKAGES:
        assert sorted(o for a, o in CASES if a == api) == spec_operations(api)
    assert len(CASES) == 26


@pytest.mark.parametrize(("api", "operation_id"), CASES)
def test_operation_against_the_mock(api, operation_id, request):
    url = request.getfixturevalue({"milvus": "milvus_url", "qingcloud-ehpc": "ehpc_url", "sunbird-user": "sunbird_url"}[api])
    doc, _, _, op = next(o for o in operations(api) if o[3]["operationId"] == operation_id)
    response = call(api, doc, op, make_client(api, url))
    status, model = success_model(doc, op)
    assert response.status_code == int(status), response.content
    assert model_name(response.parsed) == model


def error_examples():
    """Every named example of an error answer, with the model the generated client must parse it into."""
    for api in PACKAGES:
        for doc, _, _, op in operations(api):
            for status, response in op["responses"].items():
                for media_type, media in deref(doc, response).get("content", {}).items():
                    for name, example in media.get("examples", {}).items():
                        value = deref(doc, example)["value"]
                        if media_type != "application/json":
                            # Plain-text answers (gateway 403, proxy 404) can only be a str.
                            yield pytest.param(api, op["operationId"], status, name, "str", id=f"{api}-{op['operationId']}-{name}")
                            continue
                        is_error = (
                            (api == "milvus" and value.get("code", 0) != 0)
                            or (api == "qingcloud-ehpc" and value.get("ret_code", 0) != 0)
                            or (api == "sunbird-user" and media_type == "application/json" and status != "200")
                        )
                        if is_error:
                            model = variant_of(doc, media["schema"], value)
                            assert model != success_model(doc, op)[1], f"{name} validates as the success schema"
                            yield pytest.param(api, op["operationId"], status, name, model, id=f"{api}-{op['operationId']}-{name}")


@pytest.mark.parametrize(("api", "operation_id", "status", "example", "model"), list(error_examples()))
def test_documented_error_is_told_apart_from_success(api, operation_id, status, example, model, request):
    url = request.getfixturevalue({"milvus": "milvus_url", "qingcloud-ehpc": "ehpc_url", "sunbird-user": "sunbird_url"}[api])
    doc, _, _, op = next(o for o in operations(api) if o[3]["operationId"] == operation_id)
    client = make_client(api, url, headers={"Prefer": f"code={status}, example={example}"})
    response = call(api, doc, op, client)
    assert response.status_code == int(status)
    assert model_name(response.parsed) == model, response.content


def test_sunbird_gateway_plain_text_403_is_a_string_not_a_model(sunbird_url):
    doc, _, _, op = next(o for o in operations("sunbird-user") if o[3]["operationId"] == "deleteUser")
    client = make_client("sunbird-user", sunbird_url, headers={"Prefer": "code=403, example=gatewayForbidden"})
    response = call("sunbird-user", doc, op, client)
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/plain")
    assert isinstance(response.parsed, str) and response.parsed == response.content.decode()


def test_sunbird_user_delete_0008_is_an_error_model_with_its_code(sunbird_url):
    doc, _, _, op = next(o for o in operations("sunbird-user") if o[3]["operationId"] == "deleteUser")
    client = make_client("sunbird-user", sunbird_url, headers={"Prefer": "code=400, example=alreadyDeleted"})
    response = call("sunbird-user", doc, op, client)
    assert response.status_code == 400
    assert response.parsed.params.err == "UOS_USRDLT0008"


def test_prism_rejects_an_unsigned_ehpc_call(ehpc_url):
    # Without the signer the generated client sends the placeholders; Prism's request validation refuses the
    # placeholder timestamp, which proves request validation is on and the signer is what makes calls valid.
    doc, _, _, op = next(o for o in operations("qingcloud-ehpc") if o[3]["operationId"] == "deleteUser")
    pkg = importlib.import_module("qingcloud_ehpc_client")
    response = call("qingcloud-ehpc", doc, op, pkg.Client(base_url=ehpc_url))
    assert response.status_code == 422, response.content


def test_ehpc_signer_sends_the_signed_query_and_the_hashed_body(ehpc_url):
    seen: list[httpx.Request] = []
    doc, _, _, op = next(o for o in operations("qingcloud-ehpc") if o[3]["operationId"] == "deleteUser")
    pkg = importlib.import_module("qingcloud_ehpc_client")
    signer = EhpcSigner("QYACCESSKEYIDEXAMPLE", "SECRETKEY-EHPC-TEST-9f3a")
    client = pkg.Client(base_url=ehpc_url, httpx_args={"auth": signer, "event_hooks": {"request": [seen.append]}})
    response = call("qingcloud-ehpc", doc, op, client)
    assert model_name(response.parsed) == "DeleteUserResponse"
    (sent,) = seen
    query = sent.url.query.decode()
    expected = signer.signed_query("POST", "/api/user/deleteUser", [("zone", "jn1a")], sent.content)
    # Same second in practice; compare everything but the timestamp-dependent parts.
    strip = lambda q: re.sub(r"timestamp=[^&]+|signature=[^&]+", "", q)
    assert strip(query) == strip(expected)
    assert re.search(r"&signature=[A-Za-z0-9%]+$", query) and "%25" in query.split("signature=")[1]
