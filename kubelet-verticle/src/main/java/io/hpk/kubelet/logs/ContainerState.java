package io.hpk.kubelet.logs;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * What the job script last wrote to {@code status/<container>.json}: waiting, running or
 * terminated, why, when the current run started, and whether an earlier run ended.
 */
public record ContainerState(String state, String reason, String startedAt, boolean hasLastRun) {

  /** Empty for text that is not the status JSON (e.g. cut short). */
  public static Optional<ContainerState> parse(String json) {
    try {
      JsonObject o = new JsonObject(json);
      return Optional.of(
          new ContainerState(
              o.getString("state", ""),
              o.getString("reason", ""),
              o.getString("startedAt", ""),
              o.containsKey("lastState")));
    } catch (DecodeException | ClassCastException e) {
      return Optional.empty();
    }
  }

  public boolean running() {
    return state.equals("running");
  }

  public boolean waiting() {
    return state.equals("waiting");
  }
}
