package io.hpk.common.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.hpk.common.bus.PodRef;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** core/v1 Events about a pod, as `kubectl describe pod` shows them. Pure. */
public final class PodEvents {

  private PodEvents() {}

  public static Event of(PodRef pod, String component, boolean warning, String reason, String msg) {
    return event(pod, component, warning ? "Warning" : "Normal", reason, msg);
  }

  private static Event event(PodRef pod, String component, String type, String reason, String msg) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    return new EventBuilder()
        .withNewMetadata()
        .withName(pod.name() + "." + suffix)
        .withNamespace(pod.namespace())
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion("v1")
        .withKind("Pod")
        .withNamespace(pod.namespace())
        .withName(pod.name())
        .withUid(pod.uid())
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
