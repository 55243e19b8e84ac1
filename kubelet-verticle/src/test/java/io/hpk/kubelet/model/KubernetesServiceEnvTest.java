package io.hpk.kubelet.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubernetesServiceEnvTest {

  @Test
  void theApiServersEndpointBecomesTheServiceVariables() {
    assertThat(KubernetesServiceEnv.of(List.of(slice("10.250.0.1", true, "https"))))
        .containsEntry("KUBERNETES_SERVICE_HOST", "10.250.0.1")
        .containsEntry("KUBERNETES_SERVICE_PORT", "6443")
        .containsEntry("KUBERNETES_SERVICE_PORT_HTTPS", "6443")
        .containsEntry("KUBERNETES_PORT", "tcp://10.250.0.1:6443")
        .containsEntry("KUBERNETES_PORT_6443_TCP", "tcp://10.250.0.1:6443")
        .containsEntry("KUBERNETES_PORT_6443_TCP_PROTO", "tcp")
        .containsEntry("KUBERNETES_PORT_6443_TCP_PORT", "6443")
        .containsEntry("KUBERNETES_PORT_6443_TCP_ADDR", "10.250.0.1")
        .hasSize(8);
  }

  @Test
  void noReadyEndpointOrNoHttpsPortIsNoVariables() {
    assertThat(KubernetesServiceEnv.of(List.of())).isEmpty();
    assertThat(KubernetesServiceEnv.of(List.of(slice("10.250.0.1", false, "https")))).isEmpty();
    assertThat(KubernetesServiceEnv.of(List.of(slice("10.250.0.1", true, "http")))).isEmpty();
  }

  private static EndpointSlice slice(String address, boolean ready, String portName) {
    return new EndpointSliceBuilder()
        .withAddressType("IPv4")
        .addNewEndpoint()
        .withAddresses(address)
        .withNewConditions()
        .withReady(ready)
        .endConditions()
        .endEndpoint()
        .addNewPort()
        .withName(portName)
        .withPort(6443)
        .withProtocol("TCP")
        .endPort()
        .build();
  }
}
