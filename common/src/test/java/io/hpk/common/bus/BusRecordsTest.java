package io.hpk.common.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.common.bus.PodsReconcileReply.CancelledJob;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every request and reply of the bus protocol arrives as it was sent, across a JSON hop. */
class BusRecordsTest {

  private static final JobOwner OWNER =
      new JobOwner("6f1c2d3e-0000-4000-8000-000000000001", "hpk-kubelet");
  private static final PodRef POD = new PodRef("0123abcd-4567-89ef-0123-456789abcdef", "ns", "web");

  @Test
  void requestsAndRepliesRoundTrip() {
    PodStopRequest stop = new PodStopRequest(OWNER, POD, 12);
    PodsReconcileRequest reconcile = new PodsReconcileRequest(OWNER, Set.of("a", "b"));
    PodsReconcileReply reconciled = new PodsReconcileReply(List.of(new CancelledJob("a", "7")));
    PodRunRequest run =
        new PodRunRequest(
            OWNER,
            new JsonObject().put("kind", "Pod"),
            Map.of("cfg", Map.of("k", "v")),
            Map.of(),
            Map.of("tok/token", "t"),
            Map.of(),
            Map.of("KUBERNETES_SERVICE_HOST", "10.250.0.1"));

    assertThat(PodStopRequest.fromJson(hop(stop.toJson()))).isEqualTo(stop);
    assertThat(PodsReconcileRequest.fromJson(hop(reconcile.toJson()))).isEqualTo(reconcile);
    assertThat(PodsReconcileReply.fromJson(hop(reconciled.toJson()))).isEqualTo(reconciled);
    assertThat(new PodStopReply(true))
        .isEqualTo(PodStopReply.fromJson(hop(new PodStopReply(true).toJson())));
    assertThat(PodRunAccepted.fromJson(hop(new PodRunAccepted(POD).toJson())))
        .isEqualTo(new PodRunAccepted(POD));
    PodTokensUpdate tokens =
        new PodTokensUpdate(
            OWNER, new JsonObject().put("kind", "Pod"), Map.of("tok/token", "t2", "b/t", "u"));
    assertThat(PodTokensUpdate.fromJson(hop(tokens.toJson()))).isEqualTo(tokens);
    PodRunRequest back = PodRunRequest.fromJson(hop(run.toJson()));
    assertThat(back.owner()).isEqualTo(OWNER);
    assertThat(back.configMaps()).isEqualTo(run.configMaps());
    assertThat(back.serviceAccountTokens()).isEqualTo(run.serviceAccountTokens());
  }

  /** As a clustered event bus carries it: encoded text, decoded in another JVM. */
  private static JsonObject hop(JsonObject json) {
    return new JsonObject(json.encode());
  }
}
