package io.hpk.kubelet.streaming;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The metav1.Status a v4/v5 client reads from the error stream when the command ends. */
public final class ExitStatus {

  private ExitStatus() {}

  public static JsonObject of(int exitCode) {
    if (exitCode == 0) {
      return new JsonObject().put("metadata", new JsonObject()).put("status", "Success");
    }
    return new JsonObject()
        .put("metadata", new JsonObject())
        .put("status", "Failure")
        .put("message", "command terminated with non-zero exit code: exit status " + exitCode)
        .put("reason", "NonZeroExitCode")
        .put(
            "details",
            new JsonObject()
                .put(
                    "causes",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("reason", "ExitCode")
                                .put("message", Integer.toString(exitCode)))));
  }

  /** A failure that is not the command's exit code (the container is gone, srun failed). */
  public static JsonObject failure(String message) {
    return new JsonObject()
        .put("metadata", new JsonObject())
        .put("status", "Failure")
        .put("message", message)
        .put("reason", "InternalError")
        .put("code", 500);
  }
}
