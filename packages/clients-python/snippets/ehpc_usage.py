from qingcloud_ehpc_client import Client
from qingcloud_ehpc_client.api.users import delete_user
from qingcloud_ehpc_client.models import (
    DeleteUserRequest,
    DeleteUserResponse,
    EhpcErrorResponse,
)
from userctl_ehpc_auth import EhpcSigner, placeholders


def run(base_url: str) -> str:
    signer = EhpcSigner("QYACCESSKEYIDEXAMPLE", "my-secret-access-key")  # an httpx.Auth: signs each request
    client = Client(base_url=base_url, httpx_args={"auth": signer})
    answer = delete_user.sync(
        client=client,
        body=DeleteUserRequest(cluster_id="ehpc-8jqdq0mz", username="isabel", zone="jn1a"),
        zone="jn1a",
        **placeholders(delete_user.sync),  # access_key_id, timestamp, signature, …: the signer fills them
    )
    if isinstance(answer, EhpcErrorResponse):  # HTTP 200 with ret_code != 0
        raise RuntimeError(f"EHPC error {answer.ret_code}: {answer.message}")
    assert isinstance(answer, DeleteUserResponse)
    return answer.job_id
