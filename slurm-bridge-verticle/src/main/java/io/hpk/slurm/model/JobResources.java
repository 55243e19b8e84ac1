package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * What one pod asks Slurm for, Kubernetes-style: app containers run together, so their amounts add
 * up; init containers run one at a time, so the largest counts. The pod gets the larger of the two.
 *
 * @param cpus whole CPUs, at least 1
 * @param memoryMegabytes MiB, 0 when nothing was requested (the partition's default applies)
 * @param gpus {@code nvidia.com/gpu} limits
 */
public record JobResources(long cpus, long memoryMegabytes, long gpus) {

  static final String GPU = "nvidia.com/gpu";
  private static final BigDecimal MEBIBYTE = BigDecimal.valueOf(1024L * 1024L);

  public static JobResources of(PodSpec spec) {
    BigDecimal cpus = podAmount(spec, "cpu", false);
    BigDecimal memory = podAmount(spec, "memory", false);
    BigDecimal gpus = podAmount(spec, GPU, true);
    return new JobResources(
        Math.max(1, ceil(cpus)), ceil(memory.divide(MEBIBYTE, 9, RoundingMode.UP)), ceil(gpus));
  }

  private static BigDecimal podAmount(PodSpec spec, String resource, boolean limitsOnly) {
    BigDecimal apps = BigDecimal.ZERO;
    for (Container container : list(spec.getContainers())) {
      apps = apps.add(amount(container.getResources(), resource, limitsOnly));
    }
    BigDecimal inits = BigDecimal.ZERO;
    for (Container container : list(spec.getInitContainers())) {
      inits = inits.max(amount(container.getResources(), resource, limitsOnly));
    }
    return apps.max(inits);
  }

  /** The request, or the limit when nothing is requested. */
  static BigDecimal amount(ResourceRequirements resources, String resource, boolean limitsOnly) {
    if (resources == null) {
      return BigDecimal.ZERO;
    }
    Quantity request = limitsOnly ? null : map(resources.getRequests()).get(resource);
    Quantity quantity = request != null ? request : map(resources.getLimits()).get(resource);
    return quantity == null ? BigDecimal.ZERO : quantity.getNumericalAmount();
  }

  private static long ceil(BigDecimal value) {
    return value.setScale(0, RoundingMode.CEILING).longValueExact();
  }

  private static <T> List<T> list(List<T> items) {
    return items == null ? List.of() : items;
  }

  private static Map<String, Quantity> map(Map<String, Quantity> items) {
    return items == null ? Map.of() : items;
  }
}
