package io.hpk.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * Read-only view of the pods bound to this node, as the informer last saw them. Objects are the
 * cache's own: callers must not modify them.
 */
public interface NodePods {

  Optional<Pod> pod(String namespace, String name);

  List<Pod> pods();
}
