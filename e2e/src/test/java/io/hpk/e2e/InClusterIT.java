package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A pod on a compute node talks to the API server as any in-cluster client does: from
 * KUBERNETES_SERVICE_HOST/PORT and its service account's token and ca.crt, with no kubeconfig.
 */
@Timeout(600)
class InClusterIT extends LabTest {

  private static final String KUBECTL_IMAGE = "localhost:5000/kubectl:1.33";

  @Test
  void theKubernetesServiceNamesTheApiServersAddressOnTheLabNetwork() {
    assertThat(
            Kubectl.run(
                "get",
                "endpointslices",
                "-n",
                "default",
                "-l",
                "kubernetes.io/service-name=kubernetes",
                "-o",
                "jsonpath={.items[*].endpoints[*].addresses[*]}"))
        .isEqualTo("10.250.0.1");
  }

  @Test
  void kubectlInAPodListsThePodsOfItsNamespace() {
    Kubectl.apply(
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: pod-reader, namespace: %1$s}
        rules:
        - {apiGroups: [""], resources: [pods], verbs: [get, list]}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: default-reads-pods, namespace: %1$s}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
        subjects:
        - {kind: ServiceAccount, name: default, namespace: %1$s}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: in-cluster, namespace: %1$s}
        spec:
          restartPolicy: Never
          containers:
          - name: kubectl
            image: %2$s
            command: ["sh", "-c"]
            args:
            - echo "api=$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT";
              kubectl get pods -o name;
              kubectl get pods -n kube-system -o name || echo "kube-system refused"
        """
            .formatted(ns, KUBECTL_IMAGE));

    new TestNamespace(ns)
        .awaitPhase("in-cluster", "Succeeded", Duration.ofSeconds(240), hpk::logTail);
    String log = Kubectl.run("logs", "in-cluster", "-n", ns);
    assertThat(log)
        .contains("api=10.250.0.1:6443", "pod/in-cluster")
        .as("the service account may read its own namespace only")
        .contains("kube-system refused");
  }
}
