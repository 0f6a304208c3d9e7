package io.streamsql.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * Version 1 of a persisted type. Registering it makes the serializer write "#1" into each
 * manifest from day one, so a later change of the type can ship a migration that knows exactly
 * which shape every stored event or snapshot has.
 */
public final class InitialVersion extends JacksonMigration {
  @Override
  public int currentVersion() {
    return 1;
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    return json;
  }
}
