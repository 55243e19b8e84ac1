package io.hpk.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Random;

/** Pod specs made up from a seed: what users and broken tools send, valid or not. */
final class FuzzedPods {

  /** One generated pod: its name, its JSON, and what was chosen, for the failure message. */
  record Spec(String name, String json, String description) {}

  private static final String IMAGE = "localhost:5000/busybox:1.35";
  private static final String CONFIG_MAP = "fuzz-config";
  private static final List<String> TEXTS =
      List.of(
          "plain",
          "ünïcødé ✓",
          "日本語のテキスト",
          "emoji 🚀🔥",
          "$(touch /tmp/hpk-fuzz-pwned)",
          "`touch /tmp/hpk-fuzz-pwned`",
          "'\"\\ quotes",
          "line1\nline2\r\n",
          "; rm -rf / #",
          "%s%n%x",
          "\u0000nul",
          "");
  private static final List<String> FLAGS =
      List.of(
          "--time=10",
          "--nodes=1",
          "--export=ALL,LD_PRELOAD=/tmp/x.so",
          "--wrap=id",
          "--partition=no-such-partition",
          "--qos=normal --chdir=/",
          "--constraint=$(id)");
  private static final List<String> VOLUME_KINDS =
      List.of(
          "emptyDir",
          "memoryEmptyDir",
          "configMap",
          "missingConfigMap",
          "missingSecret",
          "downwardAPI",
          "projected",
          "hostPathAllowed",
          "hostPathOutside",
          "missingClaim",
          "nfs",
          "csi");

  private final Random random;
  private final String namespace;

  FuzzedPods(Random random, String namespace) {
    this.random = random;
    this.namespace = namespace;
  }

  String configMap() {
    return """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"%s","namespace":"%s"},
         "data":{"key":"värde ✓","script.sh":"echo hi"}}
        """
        .formatted(CONFIG_MAP, namespace);
  }

  Spec next(int index) {
    StringBuilder description = new StringBuilder();
    String name = "fuzz-" + index + (chance(0.5) ? "-" + label(random.nextInt(40) + 1) : "");
    if (chance(0.06)) {
      name = "Fuzz_" + index + "ü";
      description.append("invalid name; ");
    }
    Obj pod = new Obj().put("apiVersion", "v1").put("kind", "Pod");
    Obj metadata = pod.putObject("metadata").put("name", name).put("namespace", namespace);
    metadata.putObject("labels").put("fuzz", "true");
    if (chance(0.3)) {
      String flags = pick(FLAGS);
      metadata.putObject("annotations").put("slurm.hpk.io/flags", flags);
      description.append("flags ").append(flags).append("; ");
    }
    Obj spec = pod.putObject("spec");
    String policy = chance(0.8) ? "Never" : chance(0.5) ? "OnFailure" : "Always";
    spec.put("restartPolicy", policy).put("terminationGracePeriodSeconds", 2);
    Arr volumes = spec.putArray("volumes");
    int volumeCount = random.nextInt(3);
    for (int v = 0; v < volumeCount; v++) {
      String kind = pick(VOLUME_KINDS);
      volumes.add(volume("v" + v, kind));
      description.append("volume ").append(kind).append("; ");
    }
    Arr containers = spec.putArray("containers");
    int containerCount = 1 + random.nextInt(2);
    for (int c = 0; c < containerCount; c++) {
      containers.add(container("c" + c, volumeCount, description));
    }
    if (chance(0.05)) {
      spec.put("restartPolicy", 7);
      description.append("restartPolicy of the wrong type; ");
    }
    if (chance(0.04)) {
      spec.put("containers", "not-a-list");
      description.append("containers of the wrong type; ");
    }
    return new Spec(name, pod.json.encode(), description.toString());
  }

  private Obj container(String name, int volumeCount, StringBuilder description) {
    Obj container = new Obj().put("name", name);
    String image = IMAGE;
    if (chance(0.08)) {
      image = "localhost:5000/no-such-image:0";
    } else if (chance(0.05)) {
      image = "oci-archive:///tmp/no-such.tar";
    }
    if (!image.equals(IMAGE)) {
      description.append("image ").append(image).append("; ");
    }
    container.put("image", image);
    String text = text();
    int exit = chance(0.2) ? 1 : 0;
    Arr command = container.putArray("command");
    command.add("sh").add("-c").add("printf '%s\\n' \"$1\" | head -c 200; exit " + exit);
    command.add("sh").add(text);
    Arr env = container.putArray("env");
    int envCount = random.nextInt(4);
    for (int e = 0; e < envCount; e++) {
      env.add(envVar(e, description));
    }
    Arr mounts = container.putArray("volumeMounts");
    for (int v = 0; v < volumeCount; v++) {
      Obj mount = mounts.addObject().put("name", "v" + v).put("mountPath", "/mnt/v" + v);
      if (chance(0.15)) {
        String subPath = chance(0.5) ? "sub/" + label(8) : "../escape";
        mount.put("subPath", subPath);
        description.append("subPath ").append(subPath).append("; ");
      }
    }
    Obj requests = container.putObject("resources").putObject("requests");
    requests.put("cpu", chance(0.05) ? "1000" : "100m");
    if (chance(0.05)) {
      container.putObject("securityContext").put("runAsUser", 70000);
      description.append("runAsUser 70000; ");
    }
    if (chance(0.1)) {
      container.put("workingDir", "/tmp/wörk dir");
    }
    return container;
  }

  private Obj envVar(int index, StringBuilder description) {
    Obj env = new Obj().put("name", "FUZZ_" + index + "_" + label(5).toUpperCase());
    double roll = random.nextDouble();
    if (roll < 0.6) {
      env.put("value", chance(0.1) ? "x".repeat(100_000) : text());
    } else if (roll < 0.75) {
      env.putObject("valueFrom").putObject("fieldRef").put("fieldPath", "metadata.name");
    } else if (roll < 0.9) {
      env.putObject("valueFrom")
          .putObject("configMapKeyRef")
          .put("name", CONFIG_MAP)
          .put("key", chance(0.5) ? "key" : "no-such-key");
      description.append("configMapKeyRef; ");
    } else {
      env.putObject("valueFrom")
          .putObject("secretKeyRef")
          .put("name", "no-such-secret")
          .put("key", "k");
      description.append("missing secretKeyRef; ");
    }
    return env;
  }

  private Obj volume(String name, String kind) {
    Obj volume = new Obj().put("name", name);
    switch (kind) {
      case "emptyDir" -> volume.putObject("emptyDir");
      case "memoryEmptyDir" ->
          volume.putObject("emptyDir").put("medium", "Memory").put("sizeLimit", "16Mi");
      case "configMap" -> volume.putObject("configMap").put("name", CONFIG_MAP);
      case "missingConfigMap" -> volume.putObject("configMap").put("name", "no-such-config");
      case "missingSecret" -> volume.putObject("secret").put("secretName", "no-such-secret");
      case "downwardAPI" ->
          volume
              .putObject("downwardAPI")
              .putArray("items")
              .addObject()
              .put("path", "labels")
              .putObject("fieldRef")
              .put("fieldPath", "metadata.labels");
      case "projected" -> {
        Arr sources = volume.putObject("projected").putArray("sources");
        sources.addObject().putObject("configMap").put("name", CONFIG_MAP);
        sources.addObject().putObject("serviceAccountToken").put("path", "token");
      }
      case "hostPathAllowed" -> volume.putObject("hostPath").put("path", "/tmp");
      case "hostPathOutside" -> volume.putObject("hostPath").put("path", "/etc");
      case "missingClaim" ->
          volume.putObject("persistentVolumeClaim").put("claimName", "no-such-claim");
      case "nfs" -> volume.putObject("nfs").put("server", "127.0.0.1").put("path", "/export");
      case "csi" -> volume.putObject("csi").put("driver", "no.such.csi.driver");
      default -> throw new IllegalArgumentException(kind);
    }
    return volume;
  }

  private String text() {
    String text = pick(TEXTS);
    return chance(0.1) ? text.repeat(1 + random.nextInt(5000)) : text;
  }

  private String label(int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  private boolean chance(double p) {
    return random.nextDouble() < p;
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  /** A JSON object built in a chain: put returns it, putObject and putArray the new child. */
  private static final class Obj {
    final JsonObject json = new JsonObject();

    Obj put(String key, Object value) {
      json.put(key, value);
      return this;
    }

    Obj putObject(String key) {
      Obj child = new Obj();
      json.put(key, child.json);
      return child;
    }

    Arr putArray(String key) {
      Arr child = new Arr();
      json.put(key, child.json);
      return child;
    }
  }

  private static final class Arr {
    final JsonArray json = new JsonArray();

    Arr add(Object value) {
      json.add(value instanceof Obj o ? o.json : value);
      return this;
    }

    Obj addObject() {
      Obj child = new Obj();
      json.add(child.json);
      return child;
    }
  }
}
