// What the portal knows about each API beyond its spec: how users reach it from the client packages and
// the CLI, and which environment variables hold its credentials in curl samples.
export const APIS = [
  {
    id: "milvus",
    title: "Milvus / Zilliz Cloud",
    blurb: "Users and roles of a Milvus or Zilliz Cloud cluster through the RESTful API v2.",
    clientPackage: "@userctl/milvus",
    factory: "createMilvusClient",
    cliGroup: "milvus",
    // security scheme name -> env var holding the secret in curl samples; unlisted schemes get a derived name
    secretEnv: { bearerAuth: "MILVUS_TOKEN" },
    endpointEnv: "MILVUS_URI",
  },
  {
    id: "qingcloud-ehpc",
    title: "QingCloud EHPC",
    blurb: "LDAP users of a QingCloud Elastic HPC cluster, with QingCloud's signed requests.",
    clientPackage: "@userctl/qingcloud-ehpc",
    factory: "createEhpcClient",
    cliGroup: "ehpc",
    secretEnv: { access_key_id: "QINGCLOUD_ACCESS_KEY_ID" },
    endpointEnv: "QINGCLOUD_EHPC_ENDPOINT",
  },
  {
    id: "sunbird-user",
    title: "Sunbird Lern",
    blurb: "Users of a Sunbird Lern (UserOrg service) deployment behind its API gateway.",
    clientPackage: "@userctl/sunbird-user",
    factory: "createSunbirdClient",
    cliGroup: "sunbird",
    secretEnv: { gatewayBearer: "SUNBIRD_API_KEY", userToken: "SUNBIRD_USER_TOKEN" },
    endpointEnv: "SUNBIRD_BASE_URL",
  },
];

export const apiById = (id) => {
  const api = APIS.find((a) => a.id === id);
  if (!api) throw new Error(`unknown api id "${id}" (expected one of ${APIS.map((a) => a.id).join(", ")})`);
  return api;
};
