package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.bus.JobOwner;
import io.hpk.common.pod.PodDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code #SBATCH} header of a pod's job: identity, files, resources, and the {@code
 * slurm.hpk.io/} annotations. sbatch splits these lines itself, so every value is validated against
 * a strict character set instead of being quoted.
 */
public final class SbatchOptions {

  static final String PREFIX = "slurm.hpk.io/";
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._,:=+@%/-]{1,256}");
  private static final Pattern CONSTRAINT =
      Pattern.compile("[A-Za-z0-9._,:=+@%/&|\\[\\]*()!-]{1,256}");
  private static final Pattern TIME = Pattern.compile("[0-9][0-9:-]{0,20}|UNLIMITED|INFINITE");
  private static final Pattern JOB_NAME_UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
  private static final int JOB_NAME_LENGTH = 128;

  private SbatchOptions() {}

  /** The header lines, starting with {@code #!/bin/bash}. */
  public static List<String> header(
      Pod pod, PodDirectory paths, JobResources resources, JobOwner owner) {
    List<String> options = new ArrayList<>();
    options.add("--job-name=" + jobName(pod));
    options.add("--comment=" + owner.comment(pod.getMetadata().getUid()));
    options.add("--output=" + paths.jobOutput());
    options.add("--error=" + paths.jobOutput());
    options.add("--chdir=" + paths.dir());
    options.add("--nodes=1");
    options.add("--ntasks=1");
    // A pod runs once per job: Slurm must not run it again after a node failure (the pod fails
    // with NodeFailure and its controller replaces it), unless the pod's flags ask for --requeue.
    options.add("--no-requeue");
    options.add("--cpus-per-task=" + resources.cpus());
    if (resources.memoryMegabytes() > 0) {
      options.add("--mem=" + resources.memoryMegabytes());
    }
    if (resources.gpus() > 0) {
      options.add("--gres=gpu:" + resources.gpus());
    }
    options.addAll(scheduling(pod));
    return withShebang(options);
  }

  /**
   * What the pod's spec and {@code slurm.hpk.io/} annotations ask of Slurm's scheduling: time,
   * partitions, account, qos, reservation, constraint and the allowed flags.
   */
  static List<String> scheduling(Pod pod) {
    Map<String, String> annotations = annotations(pod);
    List<String> options = new ArrayList<>();
    String time = time(pod, annotations);
    if (time != null) {
      options.add("--time=" + time);
    }
    String partitions = PodPartitions.of(pod);
    if (!partitions.isEmpty()) {
      options.add("--partition=" + partitions);
    }
    for (String name : List.of("account", "qos", "reservation")) {
      String value = annotations.get(PREFIX + name);
      if (value != null) {
        options.add("--" + name + "=" + checked(name, value, VALUE));
      }
    }
    String constraint = annotations.get(PREFIX + "constraint");
    if (constraint != null) {
      options.add("--constraint=" + checked("constraint", constraint, CONSTRAINT));
    }
    options.addAll(SchedulingFlags.parse(annotations.get(PREFIX + "flags")));
    return options;
  }

  /** {@code #!/bin/bash}, then one {@code #SBATCH} line per option. */
  static List<String> withShebang(List<String> options) {
    List<String> lines = new ArrayList<>();
    lines.add("#!/bin/bash");
    options.forEach(option -> lines.add("#SBATCH " + option));
    return lines;
  }

  /** {@code <namespace>_<pod>}, reduced to characters every Slurm tool prints unchanged. */
  static String jobName(Pod pod) {
    return jobName(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
  }

  /** {@code <namespace>_<name>}, reduced to characters every Slurm tool prints unchanged. */
  static String jobName(String namespace, String objectName) {
    String name = namespace + "_" + objectName;
    name = JOB_NAME_UNSAFE.matcher(name).replaceAll("_");
    return name.length() > JOB_NAME_LENGTH ? name.substring(0, JOB_NAME_LENGTH) : name;
  }

  /** The time annotation when set, else {@code activeDeadlineSeconds} in whole minutes. */
  private static String time(Pod pod, Map<String, String> annotations) {
    String annotated = annotations.get(PREFIX + "time");
    if (annotated != null) {
      return checked("time", annotated, TIME);
    }
    Long deadline = pod.getSpec().getActiveDeadlineSeconds();
    return deadline == null || deadline <= 0 ? null : Long.toString((deadline + 59) / 60);
  }

  private static String checked(String name, String value, Pattern allowed) {
    if (!allowed.matcher(value).matches()) {
      throw invalid(
          name,
          "expected a value matching "
              + allowed.pattern()
              + ", got "
              + KubernetesNames.describe(value));
    }
    return value;
  }

  private static PodSpecException invalid(String name, String detail) {
    return new PodSpecException(
        "InvalidAnnotation", "metadata.annotations[" + PREFIX + name + "]: " + detail);
  }

  private static Map<String, String> annotations(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations == null ? Map.of() : annotations;
  }
}
