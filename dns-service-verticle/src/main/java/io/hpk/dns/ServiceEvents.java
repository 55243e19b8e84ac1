package io.hpk.dns;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Events about Services. Pure. */
final class ServiceEvents {

  private ServiceEvents() {}

  static Event clusterIpWarning(Service service) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    return new EventBuilder()
        .withNewMetadata()
        .withName(
            service.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
        .withNamespace(service.getMetadata().getNamespace())
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion("v1")
        .withKind("Service")
        .withNamespace(service.getMetadata().getNamespace())
        .withName(service.getMetadata().getName())
        .withUid(service.getMetadata().getUid())
        .endInvolvedObject()
        .withType("Warning")
        .withReason("ClusterIPNotRouted")
        .withMessage(
            "HPK routes no cluster IPs: clients reach this Service only by DNS name once it is headless;"
                + " recreate it, or start HPK with dns.recreate-cluster-ip-services=true")
        .withNewSource()
        .withComponent("hpk-dns")
        .endSource()
        .withReportingComponent("hpk-dns")
        .withReportingInstance("hpk-dns")
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .build();
  }
}
