package io.streamsql.http.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.cluster.security.ApiKeyCatalog;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.http.JsonResponses;
import io.streamsql.http.RouteSupport;
import io.streamsql.persistence.security.ApiKeyCatalogEntity.StoredKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * {@code /v1/admin/api-keys}: create (the key is in the response once, never again), list
 * (without secrets) and {@code /{id}} revoke. The admin role is checked by {@link SecurityDirective}.
 */
public final class ApiKeysRoute extends RouteSupport {
  private static final Set<String> FIELDS = Set.of("name", "roles", "scopes");
  private static final String EXAMPLE = "{\"name\": \"ci\", \"roles\": [\"write\"], \"scopes\": [\"orders_\"]}";

  private final ApiKeyCatalog keys;
  private final Authenticator authenticator;

  public ApiKeysRoute(ApiKeyCatalog keys, Authenticator authenticator) {
    this.keys = keys;
    this.authenticator = authenticator;
  }

  public Route route() {
    return pathPrefix("v1", () -> pathPrefix("admin", () -> pathPrefix("api-keys", () -> concat(
        pathEndOrSingleSlash(() -> concat(
            get(() -> respond(() -> keys.all().thenApply(all ->
                JsonResponses.ok(Map.of("api_keys", all.stream().map(ApiKeysRoute::listed).toList()))))),
            post(() -> entity(Unmarshaller.entityToString(), body -> respond(() -> create(body)))))),
        path(PathMatchers.segment(), id -> delete(() -> respond(() -> keys.revoke(id).thenApply(k -> {
          authenticator.forget(k.id());
          Map<String, Object> out = listed(k);
          out.put("revoked", true);
          out.put("revocation_bound_seconds", authenticator.keyCacheTtl().toSeconds());
          return JsonResponses.ok(out);
        }))))))));
  }

  private CompletionStage<HttpResponse> create(String body) {
    JsonNode json = jsonObject(body, FIELDS, EXAMPLE);
    JsonNode name = json.get("name");
    if (name == null || !name.isTextual() || name.asText().isBlank()) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'name' (a string) is required, e.g. " + EXAMPLE);
    }
    List<String> roles = strings(json, "roles");
    for (String r : roles) {
      if (Role.parse(r).isEmpty()) {
        throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Unknown role '" + r + "'; roles are read, write and admin");
      }
    }
    if (roles.isEmpty()) throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'roles' needs at least one role, e.g. " + EXAMPLE);
    List<String> scopes = strings(json, "scopes");
    ApiKeySecrets.NewKey fresh = ApiKeySecrets.generate();
    StoredKey stored = new StoredKey(fresh.id(), name.asText(), ApiKeySecrets.hash(fresh.key()), roles, scopes, System.currentTimeMillis());
    return keys.create(stored).thenApply(k -> {
      Map<String, Object> out = listed(k);
      out.put("key", fresh.key());
      return JsonResponses.json(201, out);
    });
  }

  private static List<String> strings(JsonNode json, String field) {
    JsonNode v = json.get(field);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) return out;
    if (!v.isArray()) throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field '" + field + "' must be an array of strings");
    for (JsonNode x : v) {
      if (!x.isTextual() || x.asText().isBlank()) {
        throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field '" + field + "' must be an array of non-empty strings");
      }
      out.add(x.asText());
    }
    return out;
  }

  private static Map<String, Object> listed(StoredKey k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", k.id());
    m.put("name", k.name());
    m.put("roles", k.roles());
    m.put("scopes", k.scopes());
    m.put("created_at", java.time.Instant.ofEpochMilli(k.createdAt()).toString());
    return m;
  }
}
