package io.hpk.common.pod;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The contract between the bridge, the job script and the kubelet: every path of one pod's
 * directory on the shared filesystem, {@code <workDir>/<namespace>/<pod name, at most 200
 * characters>-<first 8 of the uid>/}. The bridge writes the directory, the job script (with the
 * directory as its working directory) fills it, the kubelet reads logs and state from it. The job
 * script takes the same names from {@link #shellVariables()}, so none is spelled twice.
 */
public record PodDirectory(Path dir) {

  public static final String JOB_SCRIPT = "job.sh";
  public static final String JOB_OUTPUT = "job.out";
  public static final String JOB_ID = "job.id";
  public static final String POD_IP = "pod.ip";

  /** The Slurm node the pod's job (or, in a gang, its step) runs on, written by the job script. */
  public static final String NODE = "node";

  /**
   * Created by a gang's batch script when the gang is stopped: the pod's job script, a step of that
   * job, stops as it does on TERM.
   */
  public static final String STOP_REQUEST = "stop.request";

  public static final String USAGE = "usage";
  public static final String EVENTS = "events";
  public static final String STATUS_DIR = "status";
  public static final String LOGS_DIR = "logs";

  /** Secret values a container's environment takes, one owner-only file each. */
  public static final String ENV_SECRETS_DIR = "env-secrets";

  public static final String VOLUMES_DIR = "volumes";

  /** Where a container's subPath mounts are bound in the sandbox before Apptainer binds them. */
  public static final String SUBPATHS_DIR = "subpaths";

  /** Where the bridge puts the launch of each ephemeral container, which the running job starts. */
  public static final String EPHEMERAL_DIR = "ephemeral";

  public static final String EPHEMERAL_SUFFIX = ".sh";

  public static final String RESOLV_CONF = "etc/resolv.conf";
  public static final String HOSTS = "etc/hosts";
  public static final String STATE_SUFFIX = ".json";
  public static final String PID_SUFFIX = ".pid";
  public static final String STDIN_SUFFIX = ".stdin";
  public static final String LOG_SUFFIX = ".log";
  public static final String PREVIOUS_LOG_SUFFIX = ".previous.log";
  public static final String TERMINATION_SUFFIX = ".termination";
  public static final String MESSAGE_SUFFIX = ".message";
  public static final String LOG_MESSAGE_SUFFIX = ".message.log";

  /** {@code status/<c>.stdout.copying} and {@code .stderr.copying}: a run's log copier is busy. */
  public static final String COPYING_SUFFIX = ".copying";

  /**
   * The layout as the job script sees it: every path relative to the pod directory, its working
   * directory.
   */
  public static final PodDirectory RELATIVE = new PodDirectory(Path.of(""));

  /** Keeps the directory name within the 255 bytes a file name may have. */
  private static final int MAX_NAME_IN_DIR = 200;

  private static final Pattern CONTAINER_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /**
   * The directory of one pod. Names must already be valid Kubernetes names (the API server
   * validated them; the bridge checks again before it writes anything).
   */
  public static PodDirectory of(Path workDir, String namespace, String name, String uid) {
    String shortName = name.length() > MAX_NAME_IN_DIR ? name.substring(0, MAX_NAME_IN_DIR) : name;
    return new PodDirectory(
        workDir.resolve(namespace).resolve(shortName + "-" + uid.substring(0, 8)));
  }

  /** The job script's variables naming the same files, relative to the pod directory. */
  public static Map<String, String> shellVariables() {
    Map<String, String> names = new LinkedHashMap<>();
    names.put("hpk_pod_ip_file", POD_IP);
    names.put("hpk_node_file", NODE);
    names.put("hpk_stop_request_file", STOP_REQUEST);
    names.put("hpk_usage_file", USAGE);
    names.put("hpk_events_file", EVENTS);
    names.put("hpk_status_dir", STATUS_DIR);
    names.put("hpk_logs_dir", LOGS_DIR);
    names.put("hpk_volumes_dir", VOLUMES_DIR);
    names.put("hpk_subpaths_dir", SUBPATHS_DIR);
    names.put("hpk_ephemeral_dir", EPHEMERAL_DIR);
    names.put("hpk_ephemeral_suffix", EPHEMERAL_SUFFIX);
    names.put("hpk_state_suffix", STATE_SUFFIX);
    names.put("hpk_pid_suffix", PID_SUFFIX);
    names.put("hpk_stdin_suffix", STDIN_SUFFIX);
    names.put("hpk_log_suffix", LOG_SUFFIX);
    names.put("hpk_previous_log_suffix", PREVIOUS_LOG_SUFFIX);
    names.put("hpk_termination_suffix", TERMINATION_SUFFIX);
    names.put("hpk_message_suffix", MESSAGE_SUFFIX);
    names.put("hpk_log_message_suffix", LOG_MESSAGE_SUFFIX);
    names.put("hpk_copying_suffix", COPYING_SUFFIX);
    return names;
  }

  public Path jobScript() {
    return dir.resolve(JOB_SCRIPT);
  }

  /** Where sbatch sends the job's own stdout and stderr. */
  public Path jobOutput() {
    return dir.resolve(JOB_OUTPUT);
  }

  /**
   * Written by the bridge once Slurm took the pod's job: a pod whose job Slurm has forgotten (it
   * ended longer than MinJobAge ago) is never submitted twice.
   */
  public Path jobIdFile() {
    return dir.resolve(JOB_ID);
  }

  /** Where exec and attach must run their step: the node of a gang's pod is not the first one. */
  public Path nodeFile() {
    return dir.resolve(NODE);
  }

  /** Written by the job script once the pod's network sandbox has its address. */
  public Path podIpFile() {
    return dir.resolve(POD_IP);
  }

  /**
   * Written every few seconds by the job on its compute node: a line with the sample's time (epoch
   * ms), then one per running container: name, CPU ns, nanocores (-1: no rate yet), PSS and RSS
   * bytes.
   */
  public Path usageFile() {
    return dir.resolve(USAGE);
  }

  /**
   * Appended to by the job script, one event for the pod a line: {@code Warning|Normal TAB reason
   * TAB message} (a failed lifecycle hook); the bridge records the lines it has not seen yet.
   */
  public Path eventsFile() {
    return dir.resolve(EVENTS);
  }

  public Path statusDir() {
    return dir.resolve(STATUS_DIR);
  }

  /** {@link ContainerStateFile} JSON, replaced atomically by the job script after every change. */
  public Path containerState(String container) {
    return statusDir().resolve(containerFile(container, STATE_SUFFIX));
  }

  /**
   * The pid whose process tree is the container's current run (its Apptainer runtime parent),
   * written by the job script when it starts the container; read by exec and the usage sampler.
   */
  public Path containerPid(String container) {
    return statusDir().resolve(containerFile(container, PID_SUFFIX));
  }

  /** The FIFO a container with {@code stdin: true} reads as its stdin. */
  public Path containerStdin(String container) {
    return statusDir().resolve(containerFile(container, STDIN_SUFFIX));
  }

  /** The launch of an ephemeral container: bash functions the job sources once, then runs. */
  public Path ephemeralLaunch(String container) {
    return dir.resolve(EPHEMERAL_DIR).resolve(containerFile(container, EPHEMERAL_SUFFIX));
  }

  /** The file bound at the container's terminationMessagePath, which the container writes. */
  public Path containerTermination(String container) {
    return statusDir().resolve(containerFile(container, TERMINATION_SUFFIX));
  }

  /** The start of what the container's last run left in its termination file, copied after it. */
  public Path containerMessage(String container) {
    return statusDir().resolve(containerFile(container, MESSAGE_SUFFIX));
  }

  /**
   * With FallbackToLogsOnError, after a failed run that left no message: its log's last lines, in
   * CRI log format.
   */
  public Path containerLogMessage(String container) {
    return statusDir().resolve(containerFile(container, LOG_MESSAGE_SUFFIX));
  }

  public Path logsDir() {
    return dir.resolve(LOGS_DIR);
  }

  /** The current run's output in CRI log format. */
  public Path containerLog(String container) {
    return logsDir().resolve(containerFile(container, LOG_SUFFIX));
  }

  /** The output of the run before the last restart. */
  public Path previousLog(String container) {
    return logsDir().resolve(containerFile(container, PREVIOUS_LOG_SUFFIX));
  }

  public Path volumesDir() {
    return dir.resolve(VOLUMES_DIR);
  }

  /** The pod's resolv.conf, bound over /etc/resolv.conf in every container. */
  public Path resolvConf() {
    return dir.resolve(RESOLV_CONF);
  }

  /** The pod's hosts file, written once the pod IP is known, bound over /etc/hosts. */
  public Path hostsFile() {
    return dir.resolve(HOSTS);
  }

  private static String containerFile(String container, String suffix) {
    if (!CONTAINER_NAME.matcher(container).matches()) {
      throw new IllegalArgumentException("not a container name: \"" + container + "\"");
    }
    return container + suffix;
  }
}
