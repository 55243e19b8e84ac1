package io.hpk.dns;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Re-reads dns.upstream from the configuration file every few seconds, so a site DNS change needs
 * no restart. Only this key is live; everything else needs a restart.
 */
public final class UpstreamWatch {

  private final Optional<Path> configFile;
  private ConfigRetriever retriever;

  public UpstreamWatch(Optional<Path> configFile) {
    this.configFile = configFile;
  }

  void start(Vertx vertx, Function<List<String>, Future<Void>> apply) {
    if (configFile.isEmpty()) {
      return;
    }
    retriever =
        ConfigRetriever.create(
            vertx,
            new ConfigRetrieverOptions()
                .setIncludeDefaultStores(false)
                .setScanPeriod(2000)
                .addStore(
                    new ConfigStoreOptions()
                        .setType("file")
                        .setFormat("yaml")
                        .setConfig(new JsonObject().put("path", configFile.get().toString()))));
    retriever.listen(change -> apply.apply(upstream(change.getNewConfiguration())));
  }

  static List<String> upstream(JsonObject config) {
    Object value =
        config.containsKey("dns.upstream")
            ? config.getValue("dns.upstream")
            : config.getJsonObject("dns", new JsonObject()).getValue("upstream");
    if (value instanceof JsonArray list) {
      return list.stream().map(String::valueOf).toList();
    }
    return value == null
        ? List.of()
        : Arrays.stream(String.valueOf(value).split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList();
  }

  void stop() {
    if (retriever != null) {
      retriever.close();
    }
  }
}
