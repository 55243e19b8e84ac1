package io.hpk.launcher;

import io.hpk.common.config.ConfigEntry;
import io.hpk.common.config.ConfigKey;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads configuration through vertx-config from the YAML file, then HPK_* environment variables,
 * then hpk.* system properties; later sources win. Each store is read on its own so that every
 * entry keeps its source for error messages.
 */
final class ConfigSources {

  /** Environment variables of the lab scripts share the prefix but are not the JVM's. */
  private static final String LAB_ENV_PREFIX = "HPK_LAB_";

  private static final String HPK_EXTERNAL_DNS = "EXTERNAL_DNS";

  private ConfigSources() {}

  static Future<List<ConfigEntry>> load(Vertx vertx, Optional<Path> file) {
    Future<List<ConfigEntry>> fromFile =
        file.map(path -> read(vertx, fileStore(path)).map(json -> fromFile(json, path)))
            .orElse(Future.succeededFuture(List.of()));
    Future<List<ConfigEntry>> fromEnv = read(vertx, rawStore("env")).map(ConfigSources::fromEnv);
    Future<List<ConfigEntry>> fromSys =
        read(vertx, rawStore("sys")).map(ConfigSources::fromSystemProperties);
    return Future.all(fromFile, fromEnv, fromSys)
        .map(
            all -> {
              List<ConfigEntry> entries = new ArrayList<>(fromFile.result());
              entries.addAll(fromEnv.result());
              entries.addAll(fromSys.result());
              return entries;
            });
  }

  static List<ConfigEntry> fromFile(JsonObject json, Path path) {
    List<ConfigEntry> entries = new ArrayList<>();
    flatten("", json, "file " + path, entries);
    return entries;
  }

  static List<ConfigEntry> fromEnv(JsonObject env) {
    List<ConfigEntry> entries = new ArrayList<>();
    if (env.getValue(HPK_EXTERNAL_DNS) != null) {
      // HPK's name for the site DNS; HPK_DNS_UPSTREAM, read below, wins over it.
      entries.add(
          new ConfigEntry(
              "dns.upstream", String.valueOf(env.getValue(HPK_EXTERNAL_DNS)), "env EXTERNAL_DNS"));
    }
    for (String name : env.fieldNames()) {
      if (!name.startsWith("HPK_") || name.startsWith(LAB_ENV_PREFIX)) {
        continue;
      }
      String key =
          ConfigKey.byEnvName(name)
              .map(ConfigKey::key)
              .orElse(name.substring(4).toLowerCase(Locale.ROOT).replace('_', '.'));
      entries.add(new ConfigEntry(key, String.valueOf(env.getValue(name)), "env " + name));
    }
    return entries;
  }

  static List<ConfigEntry> fromSystemProperties(JsonObject properties) {
    List<ConfigEntry> entries = new ArrayList<>();
    for (String name : properties.fieldNames()) {
      if (name.startsWith("hpk.")) {
        entries.add(
            new ConfigEntry(
                name.substring(4),
                String.valueOf(properties.getValue(name)),
                "system property " + name));
      }
    }
    return entries;
  }

  private static void flatten(
      String prefix, JsonObject json, String source, List<ConfigEntry> out) {
    for (String field : json.fieldNames()) {
      Object value = json.getValue(field);
      String key = prefix + field;
      if (value instanceof JsonObject nested) {
        flatten(key + ".", nested, source, out);
      } else if (value instanceof JsonArray list) {
        String joined = list.stream().map(String::valueOf).collect(Collectors.joining(","));
        out.add(new ConfigEntry(key, joined, source));
      } else {
        out.add(new ConfigEntry(key, value == null ? "" : String.valueOf(value), source));
      }
    }
  }

  private static Future<JsonObject> read(Vertx vertx, ConfigStoreOptions store) {
    ConfigRetriever retriever =
        ConfigRetriever.create(
            vertx, new ConfigRetrieverOptions().setIncludeDefaultStores(false).addStore(store));
    return retriever
        .getConfig()
        .eventually(
            () -> {
              retriever.close();
              return Future.succeededFuture();
            });
  }

  private static ConfigStoreOptions fileStore(Path path) {
    return new ConfigStoreOptions()
        .setType("file")
        .setFormat("yaml")
        .setConfig(new JsonObject().put("path", path.toString()));
  }

  private static ConfigStoreOptions rawStore(String type) {
    return new ConfigStoreOptions().setType(type).setConfig(new JsonObject().put("raw-data", true));
  }
}
