package dev.userctl.ehpc.auth;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;

/**
 * QingCloud EHPC request signing as an OkHttp {@link Interceptor}, for the client openapi-generator's
 * {@code java/okhttp-gson} produces (hand-written: a generated client cannot sign). Plug it in with
 * {@code apiClient.setHttpClient(apiClient.getHttpClient().newBuilder().addInterceptor(signer).build())}.
 * It replaces the query parameters the spec marks {@code x-client-managed}, hashes the exact body bytes and
 * appends the signature (security scheme {@code EhpcSignature} of specs/qingcloud-ehpc). Proven by the
 * shared vectors in specs/qingcloud-ehpc/signing-vectors.json.
 */
public final class EhpcSigner implements Interceptor {
  /** The parameters the signer owns: whatever the caller put there is replaced. */
  public static final Set<String> CLIENT_MANAGED =
      Set.of("access_key_id", "signature", "signature_method", "signature_version", "timestamp", "version");

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private final String accessKeyId;
  private final String secretAccessKey;
  private final boolean doubleEncoding;
  private final boolean trailingSlash;
  private final Supplier<Instant> clock;

  /** Defaults of the spec: double encoding, trailing-slash uri, the system clock. */
  public EhpcSigner(String accessKeyId, String secretAccessKey) {
    this(accessKeyId, secretAccessKey, "double", "trailing-slash", Instant::now);
  }

  public EhpcSigner(
      String accessKeyId, String secretAccessKey, String signatureEncoding, String signedUri, Supplier<Instant> clock) {
    if (accessKeyId == null || accessKeyId.isEmpty()) throw new IllegalArgumentException("accessKeyId: is required");
    if (secretAccessKey == null || secretAccessKey.isEmpty())
      throw new IllegalArgumentException("secretAccessKey: is required");
    if (!signatureEncoding.equals("double") && !signatureEncoding.equals("single"))
      throw new IllegalArgumentException("signatureEncoding: must be \"double\" or \"single\"");
    if (!signedUri.equals("trailing-slash") && !signedUri.equals("as-sent"))
      throw new IllegalArgumentException("signedUri: must be \"trailing-slash\" or \"as-sent\"");
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.doubleEncoding = signatureEncoding.equals("double");
    this.trailingSlash = signedUri.equals("trailing-slash");
    this.clock = clock;
  }

  @Override
  public String toString() { // never the secret
    return "EhpcSigner{accessKeyId=" + accessKeyId + "}";
  }

  /** RFC 3986: only A-Z a-z 0-9 - . _ ~ stay; upper-case hex; space is %20. */
  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
  }

  public static String sign(String text, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  public static String md5Hex(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("MD5 unavailable", e);
    }
  }

  /** The query string to send (canonical query + "&signature=…") for one request. */
  public String signedQuery(String method, String path, List<Map.Entry<String, String>> query, byte[] body) {
    List<Map.Entry<String, String>> params = new ArrayList<>();
    for (Map.Entry<String, String> p : query) if (!CLIENT_MANAGED.contains(p.getKey())) params.add(p);
    params.add(new SimpleEntry<>("access_key_id", accessKeyId));
    params.add(new SimpleEntry<>("signature_method", "HmacSHA256"));
    params.add(new SimpleEntry<>("signature_version", "1"));
    params.add(new SimpleEntry<>("timestamp", TIMESTAMP.format(clock.get().truncatedTo(ChronoUnit.SECONDS))));
    params.add(new SimpleEntry<>("version", "1"));
    params.sort(Comparator.comparing(Map.Entry<String, String>::getKey).thenComparing(Map.Entry::getValue));
    StringBuilder canonical = new StringBuilder();
    for (Map.Entry<String, String> p : params) {
      if (canonical.length() > 0) canonical.append('&');
      canonical.append(encode(p.getKey())).append('=').append(encode(p.getValue()));
    }
    String uri = trailingSlash && !path.endsWith("/") ? path + "/" : path;
    String toSign = method.toUpperCase() + "\n" + uri + "\n" + canonical + "\n" + md5Hex(body);
    String signature = encode(sign(toSign, secretAccessKey));
    if (doubleEncoding) signature = encode(signature);
    return canonical + "&signature=" + signature;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    byte[] body = new byte[0];
    RequestBody requestBody = request.body();
    if (requestBody != null) {
      Buffer buffer = new Buffer();
      requestBody.writeTo(buffer);
      body = buffer.readByteArray();
      // Send exactly the bytes that were hashed.
      requestBody = RequestBody.create(body, requestBody.contentType());
    }
    List<Map.Entry<String, String>> query = new ArrayList<>();
    String raw = request.url().encodedQuery();
    if (raw != null && !raw.isEmpty())
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        query.add(new SimpleEntry<>(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8)));
      }
    String signed = signedQuery(request.method(), request.url().encodedPath(), query, body);
    HttpUrl url = request.url().newBuilder().encodedQuery(signed).build();
    return chain.proceed(request.newBuilder().url(url).method(request.method(), requestBody).build());
  }
}
