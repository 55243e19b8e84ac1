package io.hpk.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * kube-system/kube-dns: a headless Service whose only endpoint is CoreDNS, so tools that look for
 * the cluster DNS find it. Blocking: worker pool only.
 */
final class ClusterDns {

  private ClusterDns() {}

  static void ensure(KubernetesClient client, String corednsAddress) {
    Service service =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("kube-dns")
            .withNamespace("kube-system")
            .addToLabels("k8s-app", "kube-dns")
            .addToLabels("kubernetes.io/name", "CoreDNS")
            .addToLabels("app.kubernetes.io/managed-by", "hpk")
            .endMetadata()
            .withNewSpec()
            .withClusterIP("None")
            .addNewPort()
            .withName("dns")
            .withProtocol("UDP")
            .withPort(53)
            .endPort()
            .addNewPort()
            .withName("dns-tcp")
            .withProtocol("TCP")
            .withPort(53)
            .endPort()
            .endSpec()
            .build();
    client
        .services()
        .inNamespace("kube-system")
        .resource(service)
        .fieldManager("hpk-dns")
        .forceConflicts()
        .serverSideApply();
    EndpointSlice slice =
        new EndpointSliceBuilder()
            .withNewMetadata()
            .withName("kube-dns-coredns")
            .withNamespace("kube-system")
            .addToLabels("kubernetes.io/service-name", "kube-dns")
            .addToLabels("endpointslice.kubernetes.io/managed-by", "hpk.io")
            .endMetadata()
            .withAddressType("IPv4")
            .addNewEndpoint()
            .withAddresses(corednsAddress)
            .withNewConditions()
            .withReady(true)
            .endConditions()
            .endEndpoint()
            .addNewPort()
            .withName("dns")
            .withProtocol("UDP")
            .withPort(53)
            .endPort()
            .addNewPort()
            .withName("dns-tcp")
            .withProtocol("TCP")
            .withPort(53)
            .endPort()
            .build();
    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("kube-system")
        .resource(slice)
        .fieldManager("hpk-dns")
        .forceConflicts()
        .serverSideApply();
  }
}
