package dev.userctl.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.userctl.ehpc.auth.EhpcSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Java signer against the shared known-answer vectors, through OkHttp as the generated client drives it. */
class SignerVectorsTest {
  static Stream<Arguments> vectors() throws Exception {
    JsonObject file = JsonParser.parseString(
        Files.readString(Path.of("../../specs/qingcloud-ehpc/signing-vectors.json"), StandardCharsets.UTF_8)).getAsJsonObject();
    List<Arguments> out = new ArrayList<>();
    for (JsonElement v : file.getAsJsonArray("vectors")) out.add(Arguments.of(v.getAsJsonObject().get("name").getAsString(), v));
    return out.stream();
  }

  @Test
  void hasVectors() throws Exception {
    assertTrue(vectors().count() >= 5);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void vectorThroughOkHttp(String name, JsonObject v) throws Exception {
    JsonObject expected = v.getAsJsonObject("expected");
    EhpcSigner signer = new EhpcSigner(v.get("accessKeyId").getAsString(), v.get("secretAccessKey").getAsString(),
        v.get("signatureEncoding").getAsString(), v.get("signedUri").getAsString(), () -> Instant.parse(v.get("timestamp").getAsString()));
    okhttp3.HttpUrl.Builder url = okhttp3.HttpUrl.parse("http://ehpc.test" + v.get("path").getAsString()).newBuilder();
    for (Map.Entry<String, JsonElement> q : v.getAsJsonObject("query").entrySet()) url.addQueryParameter(q.getKey(), q.getValue().getAsString());
    for (String managed : EhpcSigner.CLIENT_MANAGED) url.addQueryParameter(managed, "stale");
    String method = v.get("method").getAsString();
    byte[] body = v.get("body").getAsString().getBytes(StandardCharsets.UTF_8);
    RequestBody requestBody = method.equals("GET") ? null : RequestBody.create(body, MediaType.get("application/json"));
    List<Request> sent = new ArrayList<>();
    OkHttpClient client = new OkHttpClient.Builder().addInterceptor(signer).addInterceptor(chain -> {
      sent.add(chain.request());
      return new Response.Builder().request(chain.request()).protocol(Protocol.HTTP_1_1).code(200).message("OK")
          .body(ResponseBody.create("{}", MediaType.get("application/json"))).build();
    }).build();
    client.newCall(new Request.Builder().url(url.build()).method(method, requestBody).build()).execute().close();
    assertEquals(1, sent.size());
    assertEquals(expected.get("queryString").getAsString(), sent.get(0).url().encodedQuery());
    byte[] sentBody = new byte[0];
    if (sent.get(0).body() != null) {
      Buffer buffer = new Buffer();
      sent.get(0).body().writeTo(buffer);
      sentBody = buffer.readByteArray();
    }
    assertEquals(expected.get("bodyMd5").getAsString(), EhpcSigner.md5Hex(sentBody));
    assertEquals(expected.get("signature").getAsString(), EhpcSigner.sign(expected.get("stringToSign").getAsString(), v.get("secretAccessKey").getAsString()));
  }

  @Test
  void badOptionsNameTheField() {
    assertEquals("accessKeyId: is required", assertThrows(IllegalArgumentException.class, () -> new EhpcSigner("", "s")).getMessage());
    assertEquals("secretAccessKey: is required", assertThrows(IllegalArgumentException.class, () -> new EhpcSigner("a", "")).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new EhpcSigner("a", "s", "triple", "as-sent", Instant::now))
        .getMessage().startsWith("signatureEncoding"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new EhpcSigner("a", "s", "single", "odd", Instant::now))
        .getMessage().startsWith("signedUri"));
  }

  @Test
  void secretNeverPrinted() {
    assertFalse(new EhpcSigner("AK", "TOP-SECRET-VALUE").toString().contains("TOP-SECRET-VALUE"));
  }
}
