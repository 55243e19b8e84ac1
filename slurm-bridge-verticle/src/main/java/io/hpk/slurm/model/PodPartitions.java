package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Slurm partitions a pod asks for, as Kubernetes users ask for nodes: the label {@value #LABEL}
 * in its nodeSelector, or in its required node affinity with {@code In} (any of the values), or the
 * annotation of the same name. Where several say something, the job may run only in partitions all
 * of them allow; Slurm starts it in the first of them that can.
 */
final class PodPartitions {

  static final String LABEL = "slurm.hpk.io/partition";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private PodPartitions() {}

  /** The value of {@code --partition} ("a,b" for either), or "" when the pod names none. */
  static String of(Pod pod) {
    List<Set<String>> asked = new ArrayList<>();
    String annotation = mapOf(pod.getMetadata().getAnnotations()).get(LABEL);
    if (annotation != null) {
      asked.add(names(List.of(annotation.split(",", -1)), "metadata.annotations[" + LABEL + "]"));
    }
    String selected = mapOf(pod.getSpec().getNodeSelector()).get(LABEL);
    if (selected != null) {
      asked.add(names(List.of(selected), "spec.nodeSelector[" + LABEL + "]"));
    }
    Set<String> byAffinity = affinity(pod);
    if (!byAffinity.isEmpty()) {
      asked.add(byAffinity);
    }
    if (asked.isEmpty()) {
      return "";
    }
    Set<String> allowed = new LinkedHashSet<>(asked.get(0));
    asked.forEach(allowed::retainAll);
    if (allowed.isEmpty()) {
      throw new PodSpecException(
          "InvalidPartition",
          "no Slurm partition satisfies every choice of the pod: "
              + asked.stream().map(Set::toString).toList());
    }
    return String.join(",", allowed);
  }

  /** The values of every {@code In} on the label in the required terms (terms are ORed). */
  private static Set<String> affinity(Pod pod) {
    var affinity = pod.getSpec().getAffinity();
    if (affinity == null
        || affinity.getNodeAffinity() == null
        || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return Set.of();
    }
    List<NodeSelectorTerm> terms =
        affinity
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms();
    Set<String> values = new LinkedHashSet<>();
    for (int t = 0; t < listOf(terms).size(); t++) {
      List<NodeSelectorRequirement> expressions = listOf(terms.get(t).getMatchExpressions());
      for (int e = 0; e < expressions.size(); e++) {
        NodeSelectorRequirement requirement = expressions.get(e);
        if (!LABEL.equals(requirement.getKey())) {
          continue;
        }
        String field =
            "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
                + ".nodeSelectorTerms["
                + t
                + "].matchExpressions["
                + e
                + "]";
        if (!"In".equals(requirement.getOperator())) {
          throw new PodSpecException(
              "InvalidPartition",
              field + ": Slurm partitions are chosen with In, got " + requirement.getOperator());
        }
        values.addAll(names(listOf(requirement.getValues()), field));
      }
    }
    return values;
  }

  private static Set<String> names(List<String> values, String field) {
    Set<String> names = new LinkedHashSet<>();
    for (String value : values) {
      if (!NAME.matcher(value).matches()) {
        throw new PodSpecException(
            "InvalidPartition",
            field + ": not a Slurm partition name: " + KubernetesNames.describe(value));
      }
      names.add(value);
    }
    if (names.isEmpty()) {
      throw new PodSpecException("InvalidPartition", field + ": names no partition");
    }
    return names;
  }

  private static Map<String, String> mapOf(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }

  private static <T> List<T> listOf(List<T> list) {
    return list == null ? List.of() : list;
  }
}
