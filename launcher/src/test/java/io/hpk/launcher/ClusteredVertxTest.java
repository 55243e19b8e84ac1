package io.hpk.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpk.common.bus.Addresses;
import io.hpk.common.config.HpkConfig.ClusterConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.RegistrationInfo;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members started the way {@code --cluster} starts them, on loopback: the bridge's stand-in
 * consumes POD_RUN in one, the kubelet's stand-in sends it from the other; a JVM that lacks a
 * certificate from the cluster CA or the secret takes part in neither direction. Each JVM is driven
 * from the test thread, since a Vert.x closed from another one's event loop never reports back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusteredVertxTest {

  private static final DeliveryOptions SHORT = new DeliveryOptions().setSendTimeout(2_000);
  // Members start one after another here, so none needs Hazelcast's default 5 s to find the others.
  private static final String JOIN_WAIT = "hazelcast.wait.seconds.before.join";
  private static final Predicate<String> FAILED = outcome -> outcome.startsWith("failed: ");

  private ClusterPki pki;
  private Path clusterCa;
  private Path secret;
  private final List<Integer> ports = new ArrayList<>();
  private Vertx bridge;
  private Vertx kubelet;
  private List<JsonObject> bridgeReceived;

  @BeforeAll
  void startTwoMembers(@TempDir Path dir) throws Exception {
    System.setProperty(JOIN_WAIT, "1");
    pki = new ClusterPki(dir);
    clusterCa = pki.ca("cluster-ca");
    pki.ca("other-ca");
    secret = pki.secret("cluster", "0123456789abcdef0123456789abcdef");
    for (int i = 0; i < 4; i++) {
      ports.add(freePort());
    }
    bridge =
        await(ClusteredVertx.start(config(0, "bridge", "cluster-ca", secret), new HpkMeters()));
    bridgeReceived = consumePodRun(bridge, "bridge");
    kubelet =
        await(ClusteredVertx.start(config(1, "kubelet", "cluster-ca", secret), new HpkMeters()));
  }

  @AfterAll
  void stopMembers() throws Exception {
    for (Vertx member : new Vertx[] {kubelet, bridge}) {
      if (member != null) {
        await(member.close());
      }
    }
    System.clearProperty(JOIN_WAIT);
  }

  /** Two members with certificates from the cluster CA and the secret exchange POD_RUN. */
  @Test
  void membersWithTheCaAndTheSecretExchangePodRun() throws Exception {
    assertThat(outcomes(kubelet, "kubelet", 2)).containsOnly("bridge");
    assertThat(bridgeReceived).contains(from("kubelet"));
  }

  /**
   * A JVM with the secret but a certificate from another CA joins Hazelcast, yet its POD_RUN
   * reaches no member, and the kubelet's POD_RUN routed to it is refused, never consumed.
   */
  @Test
  void memberWithoutACertificateFromTheClusterCaNeitherSendsNorReceives() throws Exception {
    // The CA's certificate is public: the impostor trusts it, only its own key is not vouched for.
    Vertx impostor =
        await(ClusteredVertx.start(config(2, "impostor", "other-ca", secret), new HpkMeters()));
    try {
      assertThat(outcomes(impostor, "impostor", 2)).allMatch(FAILED);

      List<JsonObject> impostorReceived = consumePodRun(impostor, "impostor");
      assertThat(consumersSeenByKubelet(2)).as("POD_RUN consumers the kubelet knows").isEqualTo(2);
      List<String> kubeletSends = outcomes(kubelet, "kubelet", 6);

      assertThat(bridgeReceived).doesNotContain(from("impostor"));
      assertThat(kubeletSends).contains("bridge").anyMatch(FAILED);
      assertThat(impostorReceived).isEmpty();
    } finally {
      await(impostor.close());
    }
  }

  /**
   * A JVM with a certificate from the cluster CA but another secret is turned away by Hazelcast: it
   * finds no POD_RUN consumer, and the members never learn of its own.
   */
  @Test
  void jvmWithoutTheSecretCannotJoin() throws Exception {
    Path otherSecret = pki.secret("other", "fedcba9876543210fedcba9876543210");
    Vertx outsider =
        await(
            ClusteredVertx.start(
                config(3, "outsider", "cluster-ca", otherSecret), new HpkMeters()));
    try {
      assertThat(outcomes(outsider, "outsider", 2))
          .containsOnly("failed: " + ReplyFailure.NO_HANDLERS);

      List<JsonObject> outsiderReceived = consumePodRun(outsider, "outsider");
      assertThat(consumersSeenByKubelet(2)).as("POD_RUN consumers the kubelet knows").isEqualTo(1);
      List<String> kubeletSends = outcomes(kubelet, "kubelet", 6);

      assertThat(bridgeReceived).doesNotContain(from("outsider"));
      assertThat(kubeletSends).containsOnly("bridge");
      assertThat(outsiderReceived).isEmpty();
    } finally {
      await(outsider.close());
    }
  }

  private static List<JsonObject> consumePodRun(Vertx member, String name) throws Exception {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    await(
        member
            .eventBus()
            .<JsonObject>consumer(
                Addresses.POD_RUN,
                message -> {
                  received.add(message.body());
                  message.reply(name);
                })
            .completion());
    return received;
  }

  /**
   * The POD_RUN consumers the kubelet's member knows of, once it knows {@code wanted} or after
   * three seconds, so that its sends also go round a stranger that did join.
   */
  private int consumersSeenByKubelet(int wanted) throws Exception {
    List<RegistrationInfo> found = List.of();
    for (int poll = 0; poll < 15 && found.size() < wanted; poll++) {
      await(kubelet.timer(200, TimeUnit.MILLISECONDS));
      found =
          await(
              Future.<List<RegistrationInfo>>future(
                  promise ->
                      ((VertxInternal) kubelet)
                          .clusterManager()
                          .getRegistrations(Addresses.POD_RUN, promise)));
    }
    return found.size();
  }

  /** Sends POD_RUN {@code count} times in a row: each reply's body, or how the send failed. */
  private static List<String> outcomes(Vertx sender, String name, int count) throws Exception {
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      outcomes.add(
          await(
              sender
                  .eventBus()
                  .<String>request(Addresses.POD_RUN, from(name), SHORT)
                  .map(reply -> reply.body())
                  .otherwise(ClusteredVertxTest::describe)));
    }
    return outcomes;
  }

  private static String describe(Throwable failure) {
    return "failed: "
        + (failure instanceof ReplyException reply ? reply.failureType() : failure.toString());
  }

  private ClusterConfig config(int member, String name, String signer, Path secretFile)
      throws Exception {
    ClusterPki.MemberTls tls = pki.member(name, signer, clusterCa);
    return new ClusterConfig(
        "127.0.0.1",
        ports.get(member),
        ports.stream().map(port -> "127.0.0.1:" + port).toList(),
        tls.cert().toString(),
        tls.key().toString(),
        tls.ca().toString(),
        secretFile.toString(),
        false);
  }

  private static JsonObject from(String sender) {
    return new JsonObject().put("from", sender);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(60, TimeUnit.SECONDS);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
