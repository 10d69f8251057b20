package dev.userctl.clients;

import dev.userctl.ehpc.auth.EhpcSigner;
import dev.userctl.milvus.model.CreateUserRequest;
import dev.userctl.milvus.model.ErrorResponse;
import dev.userctl.qingcloudehpc.model.DeleteUser200Response;
import dev.userctl.qingcloudehpc.model.DeleteUserRequest;
import dev.userctl.qingcloudehpc.model.DeleteUserResponse;
import dev.userctl.qingcloudehpc.model.EhpcErrorResponse;
import dev.userctl.sunbirduser.model.UserIdPayload;
import java.time.OffsetDateTime;

/** The usage snippets the portal shows (each method between the snippet markers), run by SnippetsTest. */
final class Snippets {
  // snippet:milvus
  static String milvus(String baseUrl) throws Exception {
    var client = new dev.userctl.milvus.ApiClient();
    client.setBasePath(baseUrl);
    client.setBearerToken("root:Milvus");
    var answer = new dev.userctl.milvus.api.UsersApi(client)
        .createUser(new CreateUserRequest().userName("alice").password("P@ssw0rd"), null, null);
    // Milvus reports most errors as HTTP 200 with code != 0: the oneOf wrapper says which one arrived.
    if (answer.getActualInstance() instanceof ErrorResponse e) throw new IllegalStateException("Milvus error " + e.getCode());
    return "created";
  }
  // end-snippet

  // snippet:ehpc
  static String ehpc(String baseUrl) throws Exception {
    var client = new dev.userctl.qingcloudehpc.ApiClient();
    client.setBasePath(baseUrl);
    var signer = new EhpcSigner("QYACCESSKEYIDEXAMPLE", "my-secret-access-key"); // an OkHttp Interceptor
    client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(signer).build());
    // access_key_id, signature_method, signature_version, timestamp, version and signature are required
    // arguments of the generated method; the signer replaces whatever is passed for them.
    DeleteUser200Response answer = new dev.userctl.qingcloudehpc.api.UsersApi(client).deleteUser(
        "-", "HmacSHA256", "1", OffsetDateTime.now(), "1", "jn1a", "-",
        new DeleteUserRequest().clusterId("ehpc-8jqdq0mz").username("isabel").zone("jn1a"));
    if (answer.getActualInstance() instanceof EhpcErrorResponse e) // HTTP 200 with ret_code != 0
      throw new IllegalStateException("EHPC error " + e.getRetCode() + ": " + e.getMessage());
    return answer.getDeleteUserResponse().getJobId();
  }
  // end-snippet

  // snippet:sunbird
  static String sunbird(String baseUrl) throws Exception {
    var client = new dev.userctl.sunbirduser.ApiClient();
    client.setBasePath(baseUrl);
    client.setBearerToken("gateway-consumer-jwt"); // Authorization: Bearer …
    client.setApiKey("user-keycloak-jwt"); // X-Authenticated-User-token
    // The generated client accepts only application/json; the gateway's 403 is text/plain.
    client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(chain -> chain.proceed(
        chain.request().newBuilder().header("Accept", "application/json, text/plain").build())).build());
    try {
      var body = new dev.userctl.sunbirduser.model.DeleteUserRequest()
          .request(new UserIdPayload().userId("5a0e8e5e-7c1c-4a0e-9f2a-0c3f0d6c1b11"));
      return new dev.userctl.sunbirduser.api.UsersApi(client).deleteUser(body, null, null, null, null, null, null)
          .getResult().getResponse();
    } catch (dev.userctl.sunbirduser.ApiException e) {
      if (e.getCode() == 403) throw new SecurityException(e.getResponseBody()); // the gateway's plain text
      var error = dev.userctl.sunbirduser.model.ErrorResponse.fromJson(e.getResponseBody()); // e.g. 400 UOS_USRDLT0008
      throw new IllegalStateException("Sunbird error " + error.getParams().getErr());
    }
  }
  // end-snippet

  private Snippets() {}
}
