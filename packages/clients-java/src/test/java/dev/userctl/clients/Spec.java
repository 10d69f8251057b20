package dev.userctl.clients;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The operations and named examples of one bundled spec, read by the table-driven tests. */
final class Spec {
  static final List<String> APIS = List.of("milvus", "qingcloud-ehpc", "sunbird-user");
  static final Map<String, String> ENV =
      Map.of("milvus", "USERCTL_MOCK_MILVUS_URL", "qingcloud-ehpc", "USERCTL_MOCK_EHPC_URL", "sunbird-user", "USERCTL_MOCK_SUNBIRD_URL");

  final String api;
  final JsonObject doc;

  Spec(String api) {
    this.api = api;
    try {
      doc = JsonParser.parseString(Files.readString(Path.of("../../specs/dist/" + api + ".openapi-3.0.json"))).getAsJsonObject();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String mockUrl(String api) {
    String url = System.getenv(ENV.get(api));
    if (url == null || url.isEmpty())
      throw new IllegalStateException(ENV.get(api) + " is not set: run through `pnpm test` (userctl-run-foreign --mocks)");
    return url;
  }

  JsonObject deref(JsonElement node) {
    JsonObject o = node.getAsJsonObject();
    while (o.has("$ref")) {
      String[] parts = o.get("$ref").getAsString().split("/");
      o = doc.getAsJsonObject("components").getAsJsonObject(parts[2]).getAsJsonObject(parts[3]);
    }
    return o;
  }

  static String refName(JsonObject schema) {
    String ref = schema.get("$ref").getAsString();
    return ref.substring(ref.lastIndexOf('/') + 1);
  }

  record Operation(String id, String tag, JsonObject op) {}

  List<Operation> operations() {
    List<Operation> out = new ArrayList<>();
    for (Map.Entry<String, JsonElement> path : doc.getAsJsonObject("paths").entrySet())
      for (Map.Entry<String, JsonElement> method : path.getValue().getAsJsonObject().entrySet()) {
        JsonObject op = method.getValue().getAsJsonObject();
        if (op.has("operationId"))
          out.add(new Operation(op.get("operationId").getAsString(), op.getAsJsonArray("tags").get(0).getAsString(), op));
      }
    out.sort((a, b) -> a.id().compareTo(b.id()));
    return out;
  }
}
