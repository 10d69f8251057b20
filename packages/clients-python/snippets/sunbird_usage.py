from sunbird_user_client import AuthenticatedClient
from sunbird_user_client.api.users import delete_user
from sunbird_user_client.models import (
    DeleteUserRequest,
    ErrorResponse,
    StatusResponse,
    UserIdPayload,
)


def run(base_url: str) -> str:
    client = AuthenticatedClient(
        base_url=base_url,
        token="gateway-consumer-jwt",  # Authorization: Bearer …
        headers={"X-Authenticated-User-token": "user-keycloak-jwt"},
    )
    body = DeleteUserRequest(request=UserIdPayload(user_id="5a0e8e5e-7c1c-4a0e-9f2a-0c3f0d6c1b11"))
    answer = delete_user.sync(client=client, body=body)
    if isinstance(answer, str):  # the gateway's plain-text 403
        raise PermissionError(answer)
    if isinstance(answer, ErrorResponse):  # e.g. 400 UOS_USRDLT0008, already deleted
        raise RuntimeError(f"Sunbird error {answer.params.err}: {answer.params.errmsg}")
    assert isinstance(answer, StatusResponse)
    return answer.result.response
