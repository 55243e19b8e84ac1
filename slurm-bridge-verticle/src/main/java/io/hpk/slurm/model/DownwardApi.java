package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of {@code fieldRef} and {@code resourceFieldRef} selectors. The pod and host IPs are
 * known only when the job runs, so they come back as script variables.
 */
final class DownwardApi {

  static final String POD_IP = "HPK_POD_IP";
  static final String HOST_IP = "HPK_HOST_IP";
  private static final Pattern SUBSCRIPT =
      Pattern.compile("metadata\\.(labels|annotations)\\['([^']*)'\\]");

  private final Pod pod;
  private final JobResources allocation;

  DownwardApi(Pod pod, JobResources allocation) {
    this.pod = pod;
    this.allocation = allocation;
  }

  ShellWord field(ObjectFieldSelector selector, String where) {
    String path = selector.getFieldPath() == null ? "" : selector.getFieldPath();
    Matcher subscript = SUBSCRIPT.matcher(path);
    if (subscript.matches()) {
      Map<String, String> map =
          subscript.group(1).equals("labels")
              ? pod.getMetadata().getLabels()
              : pod.getMetadata().getAnnotations();
      String value = map == null ? null : map.get(subscript.group(2));
      return ShellWord.literal(value == null ? "" : value);
    }
    return switch (path) {
      case "metadata.name" -> ShellWord.literal(pod.getMetadata().getName());
      case "metadata.namespace" -> ShellWord.literal(pod.getMetadata().getNamespace());
      case "metadata.uid" -> ShellWord.literal(pod.getMetadata().getUid());
      case "metadata.labels" -> ShellWord.literal(mapFile(pod.getMetadata().getLabels()));
      case "metadata.annotations" -> ShellWord.literal(mapFile(pod.getMetadata().getAnnotations()));
      case "spec.nodeName" -> ShellWord.literal(orEmpty(pod.getSpec().getNodeName()));
      case "spec.serviceAccountName" ->
          ShellWord.literal(orEmpty(pod.getSpec().getServiceAccountName()));
      case "status.podIP", "status.podIPs" -> ShellWord.variable(POD_IP);
      case "status.hostIP", "status.hostIPs" -> ShellWord.variable(HOST_IP);
      default ->
          throw new PodSpecException(
              "CreateContainerConfigError",
              where + ".fieldRef.fieldPath: unsupported field " + path);
    };
  }

  /**
   * Kubernetes rounds up to whole divisors; a divisor of 0 (what the API server stores for one left
   * out) is 1, as on a kubelet. An unset limit means "what the node gives": here that is the job's
   * Slurm allocation.
   */
  String resource(ResourceFieldSelector selector, Container container, String where) {
    String resource = orEmpty(selector.getResource());
    BigDecimal divisor =
        selector.getDivisor() == null ? BigDecimal.ONE : selector.getDivisor().getNumericalAmount();
    if (divisor.signum() == 0) {
      divisor = BigDecimal.ONE;
    }
    if (divisor.signum() < 0) {
      throw new PodSpecException(
          "CreateContainerConfigError", where + ".resourceFieldRef.divisor must be positive");
    }
    BigDecimal amount = amount(container.getResources(), resource, where);
    return amount.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
  }

  private BigDecimal amount(ResourceRequirements resources, String resource, String where) {
    boolean limit = resource.startsWith("limits.");
    String name = resource.replaceFirst("^(limits|requests)\\.", "");
    if (!List.of("cpu", "memory", "ephemeral-storage").contains(name) || name.equals(resource)) {
      throw new PodSpecException(
          "CreateContainerConfigError",
          where + ".resourceFieldRef.resource: unsupported resource " + resource);
    }
    Map<String, Quantity> values =
        resources == null ? null : limit ? resources.getLimits() : resources.getRequests();
    Quantity value = values == null ? null : values.get(name);
    if (value != null) {
      return value.getNumericalAmount();
    }
    if (!limit) {
      return BigDecimal.ZERO;
    }
    return switch (name) {
      case "cpu" -> BigDecimal.valueOf(allocation.cpus());
      case "memory" -> BigDecimal.valueOf(allocation.memoryMegabytes() * 1024L * 1024L);
      default -> BigDecimal.ZERO;
    };
  }

  /** The downward API's file form of labels and annotations: sorted {@code key="value"} lines. */
  static String mapFile(Map<String, String> map) {
    StringBuilder file = new StringBuilder();
    new TreeMap<>(map == null ? Map.of() : map)
        .forEach((key, value) -> file.append(key).append('=').append(goQuote(value)).append('\n'));
    return file.toString();
  }

  /** Go's {@code %q} for the characters that need escaping in these files. */
  private static String goQuote(String value) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\t' -> quoted.append("\\t");
        case '\r' -> quoted.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            quoted.append(String.format("\\x%02x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
