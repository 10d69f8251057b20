"""The usage snippets the portal shows (snippets/*.py), run against the mocks exactly as printed."""

import ehpc_usage
import milvus_usage
import sunbird_usage


def test_milvus_snippet(milvus_url):
    assert milvus_usage.run(milvus_url) == "created"


def test_ehpc_snippet(ehpc_url):
    assert ehpc_usage.run(ehpc_url).startswith("j-")


def test_sunbird_snippet(sunbird_url):
    assert sunbird_usage.run(sunbird_url) == "SUCCESS"
