package io.hpk.common.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** core/v1 Events about a pod, as `kubectl describe pod` shows them. Pure. */
public final class PodEvents {

  private PodEvents() {}

  public static Event normal(Pod pod, String component, String reason, String message) {
    return event(pod, component, "Normal", reason, message);
  }

  public static Event warning(Pod pod, String component, String reason, String message) {
    return event(pod, component, "Warning", reason, message);
  }

  private static Event event(Pod pod, String component, String type, String reason, String msg) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    return new EventBuilder()
        .withNewMetadata()
        .withName(pod.getMetadata().getName() + "." + suffix)
        .withNamespace(pod.getMetadata().getNamespace())
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion("v1")
        .withKind("Pod")
        .withNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .withUid(pod.getMetadata().getUid())
        .withResourceVersion(pod.getMetadata().getResourceVersion())
        .endInvolvedObject()
        .withType(type)
        .withReason(reason)
        .withMessage(msg)
        .withNewSource()
        .withComponent(component)
        .endSource()
        .withReportingComponent(component)
        .withReportingInstance(component)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .build();
  }
}
