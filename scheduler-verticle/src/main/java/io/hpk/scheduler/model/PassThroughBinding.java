package io.hpk.scheduler.model;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Set;

/** Which pods the pass-through scheduler takes, and the Binding that puts them on the HPK node. */
public final class PassThroughBinding {

  private final Set<String> schedulerNames;
  private final String nodeName;

  public PassThroughBinding(Set<String> schedulerNames, String nodeName) {
    this.schedulerNames = schedulerNames;
    this.nodeName = nodeName;
  }

  /** Unbound, not being deleted, not finished, and asking for one of our scheduler names. */
  public boolean wants(Pod pod) {
    String nodeOfPod = pod.getSpec().getNodeName();
    String scheduler = pod.getSpec().getSchedulerName();
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return (nodeOfPod == null || nodeOfPod.isEmpty())
        && pod.getMetadata().getDeletionTimestamp() == null
        && !"Succeeded".equals(phase)
        && !"Failed".equals(phase)
        && schedulerNames.contains(scheduler == null ? "default-scheduler" : scheduler);
  }

  public Binding bindingFor(Pod pod) {
    return new BindingBuilder()
        .withNewMetadata()
        .withName(pod.getMetadata().getName())
        .withNamespace(pod.getMetadata().getNamespace())
        .withUid(pod.getMetadata().getUid())
        .endMetadata()
        .withNewTarget()
        .withApiVersion("v1")
        .withKind("Node")
        .withName(nodeName)
        .endTarget()
        .build();
  }

  public String nodeName() {
    return nodeName;
  }
}
