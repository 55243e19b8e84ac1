package io.hpk.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hpk.common.bus.PodRef;
import io.hpk.common.concurrent.WorkerPool;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@EnableKubernetesMockClient(crud = true)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class EventRecorderTest {

  private static final PodRef POD = new PodRef("uid-1", "team-a", "web");

  KubernetesClient client;
  KubernetesMockServer server;

  /** A recorded event lands in the pod's namespace, about the pod, from the given component. */
  @Test
  void recordsTheEventAboutThePod(Vertx vertx, VertxTestContext test) {
    EventRecorder events =
        new EventRecorder(client, new WorkerPool(vertx, "test-events", 1), "hpk-test");

    events
        .record(POD, true, "FailedMount", "configmap \"cfg\" not found")
        .onComplete(
            test.succeeding(
                done ->
                    test.verify(
                        () -> {
                          List<Event> recorded =
                              client.v1().events().inNamespace("team-a").list().getItems();
                          assertThat(recorded).hasSize(1);
                          Event event = recorded.get(0);
                          assertThat(event.getType()).isEqualTo("Warning");
                          assertThat(event.getReason()).isEqualTo("FailedMount");
                          assertThat(event.getInvolvedObject().getUid()).isEqualTo("uid-1");
                          assertThat(event.getSource().getComponent()).isEqualTo("hpk-test");
                          test.completeNow();
                        })));
  }

  /** An API server that refuses the event fails the returned future and nothing else. */
  @Test
  void aRefusedEventFailsOnlyItsFuture(Vertx vertx, VertxTestContext test) {
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/team-a/events")
        .andReturn(403, "forbidden")
        .once();
    EventRecorder events =
        new EventRecorder(client, new WorkerPool(vertx, "test-events", 1), "hpk-test");

    events
        .record(POD, false, "Scheduled", "assigned")
        .onComplete(test.failing(e -> test.completeNow()));
  }
}
