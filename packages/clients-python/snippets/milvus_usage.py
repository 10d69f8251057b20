from milvus_client import AuthenticatedClient
from milvus_client.api.users import create_user
from milvus_client.models import CreateUserRequest, EmptySuccess, ErrorResponse


def run(base_url: str) -> str:
    client = AuthenticatedClient(base_url=base_url, token="root:Milvus")
    answer = create_user.sync(client=client, body=CreateUserRequest(user_name="alice", password="P@ssw0rd"))
    # Milvus reports most errors as HTTP 200 with code != 0: the generated union tells them apart.
    if isinstance(answer, ErrorResponse):
        raise RuntimeError(f"Milvus error {answer.code}: {answer.message}")
    assert isinstance(answer, EmptySuccess)
    return "created"
