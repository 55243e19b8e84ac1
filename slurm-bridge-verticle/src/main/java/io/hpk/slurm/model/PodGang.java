package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.bus.JobOwner;
import io.hpk.common.pod.PodDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The pods of one coscheduling group that start together: one Slurm job of as many tasks as pods,
 * each pod's own job script a step of it, placed by Slurm within the allocation. Every task gets
 * what the largest pod asks for, so any pod fits any task. Pure.
 *
 * @param namespace the pods' namespace
 * @param group the PodGroup's name
 * @param members the pods with their directories, in the order of their names
 */
public record PodGang(String namespace, String group, List<Member> members) {

  /** One pod of the gang and its directory, whose job script its step runs. */
  public record Member(Pod pod, PodDirectory directory) {

    String uid() {
      return pod.getMetadata().getUid();
    }
  }

  /** Gang directories sit beside the pods' directories under a name no pod can have. */
  static final String GANGS_DIR = ".podgroups";

  public static final String SCRIPT = "gang.sh";
  static final String OUTPUT = "job.out";

  public PodGang {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a gang needs pods");
    }
    KubernetesNames.dnsSubdomain(group, "label " + io.hpk.common.bus.PodGroupRef.LABEL);
    members =
        members.stream()
            .sorted(Comparator.comparing((Member m) -> m.pod().getMetadata().getName()))
            .toList();
  }

  /** The pods' UIDs, in the members' order: the job's comment names them all. */
  public List<String> podUids() {
    return members.stream().map(Member::uid).toList();
  }

  /**
   * {@code <workDir>/<namespace>/.podgroups/<group>-<uid8 of the first pod>}: a group may run
   * several gangs over time (its pods replaced), each with a directory of its own.
   */
  public Path directory(Path workDir) {
    String first = KubernetesNames.uid(members.get(0).uid());
    return workDir
        .resolve(namespace)
        .resolve(GANGS_DIR)
        .resolve(group + "-" + first.substring(0, 8));
  }

  /** The gang's batch script: the allocation's header, then one step per pod. */
  public String script(Path directory, JobOwner owner) {
    JobResources task = largestTask();
    List<String> options = new ArrayList<>();
    options.add("--job-name=" + SbatchOptions.jobName(namespace, group));
    options.add("--comment=" + owner.comment(podUids()));
    options.add("--output=" + directory.resolve(OUTPUT));
    options.add("--error=" + directory.resolve(OUTPUT));
    options.add("--chdir=" + directory);
    options.add("--ntasks=" + members.size());
    options.add("--no-requeue");
    options.addAll(stepResources(task));
    if (task.gpus() > 0) {
      options.add("--gpus-per-task=" + task.gpus());
    }
    // The first pod by name speaks for the gang's scheduling (partition, time, flags such as
    // --ntasks-per-node=1 to put each pod on a node of its own).
    options.addAll(SbatchOptions.scheduling(members.get(0).pod()));
    List<String> script = new ArrayList<>(SbatchOptions.withShebang(options));
    script.add("# HPK job of pod group " + namespace + "/" + group + " (generated)");
    script.add("export LC_ALL=C TZ=UTC");
    script.add("hpk_step_options=(" + String.join(" ", stepResources(task)) + ")");
    script.add("hpk_stop_request=" + ShellQuote.quote(PodDirectory.STOP_REQUEST));
    script.add(GANG_FUNCTIONS);
    for (Member member : members) {
      script.add(
          "hpk_step "
              + ShellQuote.quote(SbatchOptions.jobName(member.pod()))
              + " "
              + ShellQuote.quote(member.directory().dir().toString()));
    }
    script.add("hpk_gang_wait");
    return String.join("\n", script) + "\n";
  }

  /**
   * Each step asks for its CPUs and memory itself: srun does not take --cpus-per-task from the
   * batch job (Slurm 22.05 and later), and --exact keeps steps from taking one another's CPUs.
   */
  private static List<String> stepResources(JobResources task) {
    List<String> options = new ArrayList<>();
    options.add("--cpus-per-task=" + task.cpus());
    if (task.memoryMegabytes() > 0) {
      options.add("--mem-per-cpu=" + (task.memoryMegabytes() + task.cpus() - 1) / task.cpus());
    }
    return options;
  }

  private JobResources largestTask() {
    long cpus = 1;
    long memory = 0;
    long gpus = 0;
    for (Member member : members) {
      JobResources pod = JobResources.of(member.pod().getSpec());
      cpus = Math.max(cpus, pod.cpus());
      gpus = Math.max(gpus, pod.gpus());
      memory = Math.max(memory, pod.memoryMegabytes());
    }
    return new JobResources(cpus, memory, gpus);
  }

  /**
   * A TERM for the batch shell (HPK stops a job with {@code scancel --signal=TERM --batch}) reaches
   * each pod as its stop request file, which the pod's job script looks for every second: Slurm
   * would signal every process of a step at once, containers before their preStop hooks.
   */
  private static final String GANG_FUNCTIONS =
      """
      hpk_steps=() hpk_step_dirs=()
      hpk_step() {
        srun --nodes=1 --ntasks=1 --exact "${hpk_step_options[@]}" --job-name="$1" \\
          --output="$2/job.out" --error="$2/job.out" --chdir="$2" bash "$2/job.sh" &
        hpk_steps+=("$!") hpk_step_dirs+=("$2")
      }
      hpk_gang_term() {
        local dir
        for dir in "${hpk_step_dirs[@]}"; do
          : > "$dir/$hpk_stop_request"
        done
      }
      trap hpk_gang_term TERM
      hpk_gang_wait() {
        local pid rc failed=0
        for pid in "${hpk_steps[@]}"; do
          while :; do
            wait "$pid"
            rc=$?
            kill -0 "$pid" 2> /dev/null || break
          done
          ((rc != 0)) && failed=1
        done
        exit "$failed"
      }""";
}
