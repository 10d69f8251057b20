/**
 * The connection environment every sample runs with: each API pointed at one mock, with recognisable fake
 * secrets (tests assert none of them is ever printed).
 */
export function fakeConnection(mockUrl: string): Record<string, string> {
  return {
    MILVUS_URI: mockUrl,
    MILVUS_TOKEN: "fake-milvus-token",
    QINGCLOUD_EHPC_ENDPOINT: mockUrl,
    QINGCLOUD_ACCESS_KEY_ID: "FAKEACCESSKEYID",
    QINGCLOUD_SECRET_ACCESS_KEY: "fake-secret-access-key",
    QINGCLOUD_ZONE: "jn1a",
    SUNBIRD_BASE_URL: mockUrl,
    SUNBIRD_API_KEY: "fake-gateway-token",
    SUNBIRD_USER_TOKEN: "fake-user-token",
  };
}
