package io.hpk.common.pod;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * What the job script last wrote to a container's state file ({@link
 * PodDirectory#containerState(String)}), with the same JSON on the bus. The job script writes the
 * JSON with printf, so these names are the contract: {@code name, state (waiting|running|
 * terminated), reason, message, restartCount, startedAt, finishedAt, exitCode, lastState {exitCode,
 * reason, startedAt, finishedAt}}, and while running the probe results {@code ready, started}.
 *
 * @param ready the readiness probe's last result, null when the file does not say
 * @param started the startup probe's result, null when the file does not say
 * @param lastRun the run before the last restart, null when there was none
 */
public record ContainerStateFile(
    String name,
    State state,
    String reason,
    String message,
    int restartCount,
    String startedAt,
    String finishedAt,
    int exitCode,
    Boolean ready,
    Boolean started,
    LastRun lastRun) {

  /** The container's state, as the job script names it in lower case. */
  public enum State {
    WAITING,
    RUNNING,
    TERMINATED;

    static State parse(String text) {
      return switch (text) {
        case "running" -> RUNNING;
        case "terminated" -> TERMINATED;
        default -> WAITING;
      };
    }

    String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** How the run before the last restart ended. */
  public record LastRun(int exitCode, String reason, String startedAt, String finishedAt) {}

  /** Empty for text that is not the state JSON (e.g. a file cut short) or names no container. */
  public static Optional<ContainerStateFile> parse(String text) {
    try {
      return Optional.of(fromJson(new JsonObject(text))).filter(file -> !file.name().isEmpty());
    } catch (DecodeException | ClassCastException e) {
      return Optional.empty();
    }
  }

  public static ContainerStateFile fromJson(JsonObject json) {
    JsonObject last = json.getJsonObject("lastState");
    return new ContainerStateFile(
        json.getString("name", ""),
        State.parse(json.getString("state", "")),
        json.getString("reason", ""),
        json.getString("message", ""),
        json.getInteger("restartCount", 0),
        json.getString("startedAt", ""),
        json.getString("finishedAt", ""),
        json.getInteger("exitCode", 0),
        json.getBoolean("ready"),
        json.getBoolean("started"),
        last == null
            ? null
            : new LastRun(
                last.getInteger("exitCode", 0),
                last.getString("reason", ""),
                last.getString("startedAt", ""),
                last.getString("finishedAt", "")));
  }

  /** The same state with another message (a terminated container's termination message). */
  public ContainerStateFile withMessage(String text) {
    return new ContainerStateFile(
        name,
        state,
        reason,
        text,
        restartCount,
        startedAt,
        finishedAt,
        exitCode,
        ready,
        started,
        lastRun);
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("name", name)
            .put("state", state.json())
            .put("restartCount", restartCount);
    putIfSet(json, "reason", reason);
    putIfSet(json, "message", message);
    putIfSet(json, "startedAt", startedAt);
    putIfSet(json, "finishedAt", finishedAt);
    if (state == State.TERMINATED) {
      json.put("exitCode", exitCode);
    }
    if (ready != null) {
      json.put("ready", ready);
    }
    if (started != null) {
      json.put("started", started);
    }
    if (lastRun != null) {
      json.put(
          "lastState",
          new JsonObject()
              .put("exitCode", lastRun.exitCode())
              .put("reason", lastRun.reason())
              .put("startedAt", lastRun.startedAt())
              .put("finishedAt", lastRun.finishedAt()));
    }
    return json;
  }

  public boolean running() {
    return state == State.RUNNING;
  }

  public boolean waiting() {
    return state == State.WAITING;
  }

  public Optional<LastRun> previousRun() {
    return Optional.ofNullable(lastRun);
  }

  /** The readiness result, or {@code ifUnknown} when the file does not carry one. */
  public boolean readyOr(boolean ifUnknown) {
    return ready == null ? ifUnknown : ready;
  }

  /** The startup result, or {@code ifUnknown} when the file does not carry one. */
  public boolean startedOr(boolean ifUnknown) {
    return started == null ? ifUnknown : started;
  }

  private static void putIfSet(JsonObject json, String key, String value) {
    if (!value.isEmpty()) {
      json.put(key, value);
    }
  }
}
