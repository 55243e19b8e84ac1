package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import io.hpk.common.bus.ContainerEntry;
import io.hpk.common.shell.ScriptResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A container's startup, liveness and readiness probes, run by the job script on the compute node
 * as the kubelet runs them: a background loop per container run ({@code hpk_probe_<i> run PID})
 * that the container's supervisor starts and stops. Startup gates the other two; a liveness or
 * startup failure kills the run (TERM, then KILL after the grace period) and restartPolicy decides
 * what follows; readiness sets the container's ready flag. Results go into {@code
 * status/<name>.json} under the container's lock, so the supervisor's writes and the prober's never
 * overwrite each other.
 */
final class ProbeScript {

  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:-]+");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern PATH = Pattern.compile("/[\\x21-\\x7e]*");
  private static final Pattern HEADER_VALUE = Pattern.compile("[\\x20-\\x7e\\t]*");
  private static final long DEFAULT_GRACE = 30;

  private ProbeScript() {}

  /** The fixed bash part: probes.sh, and the entry script its exec probes run. */
  static final String FUNCTIONS =
      "export hpk_container_entry="
          + ShellQuote.quote(ContainerEntry.SCRIPT)
          + "\n"
          + ScriptResource.load(ProbeScript.class, "probes.sh");

  /** {@code hpk_probe_<index>}, or "" for a container without probes. */
  static String render(int index, Container container, String field, Pod pod) {
    String startup = probe(container.getStartupProbe(), container, field + ".startupProbe", pod);
    String liveness = probe(container.getLivenessProbe(), container, field + ".livenessProbe", pod);
    String readiness =
        probe(container.getReadinessProbe(), container, field + ".readinessProbe", pod);
    if (startup.isEmpty() && liveness.isEmpty() && readiness.isEmpty()) {
      return "";
    }
    Map<String, String> probes = new LinkedHashMap<>();
    probes.put("startup", startup);
    probes.put("liveness", liveness);
    probes.put("readiness", readiness);
    return ArrayFunction.render("hpk_probe_" + index, probes, "hpk_prober");
  }

  /** The words of one probe: delay period timeout success failure grace kind args... */
  static String probe(Probe probe, Container container, String field, Pod pod) {
    if (probe == null) {
      return "";
    }
    List<String> words = new ArrayList<>();
    words.add(Long.toString(number(probe.getInitialDelaySeconds(), 0, 0, field)));
    words.add(Long.toString(number(probe.getPeriodSeconds(), 10, 1, field)));
    words.add(Long.toString(number(probe.getTimeoutSeconds(), 1, 1, field)));
    words.add(Long.toString(number(probe.getSuccessThreshold(), 1, 1, field)));
    words.add(Long.toString(number(probe.getFailureThreshold(), 3, 1, field)));
    Long grace =
        probe.getTerminationGracePeriodSeconds() != null
            ? probe.getTerminationGracePeriodSeconds()
            : pod.getSpec().getTerminationGracePeriodSeconds();
    words.add(Long.toString(grace == null ? DEFAULT_GRACE : Math.max(0, grace)));
    if (probe.getGrpc() != null) {
      throw new PodSpecException(
          "UnsupportedProbe", field + ".grpc: HPK runs exec, httpGet and tcpSocket probes");
    }
    words.addAll(
        action(
            Handler.PROBE,
            probe.getExec(),
            probe.getHttpGet(),
            probe.getTcpSocket(),
            container,
            field));
    return String.join(" ", words);
  }

  /** What runs a probe or a lifecycle hook: how its errors are named and who it says it is. */
  enum Handler {
    PROBE("InvalidProbe", "UnsupportedProbe", "kube-probe/1.34"),
    HOOK("InvalidLifecycleHook", "UnsupportedLifecycleHook", "kube-lifecycle/1.34");

    final String invalid;
    final String unsupported;
    final String userAgent;

    Handler(String invalid, String unsupported, String userAgent) {
      this.invalid = invalid;
      this.unsupported = unsupported;
      this.userAgent = userAgent;
    }
  }

  /**
   * The words of an exec, httpGet or tcpSocket action for hpk_probe_check: kind args..., every
   * string from the spec quoted or checked.
   */
  static List<String> action(
      Handler handler,
      ExecAction exec,
      HTTPGetAction get,
      TCPSocketAction tcp,
      Container container,
      String field) {
    List<String> words = new ArrayList<>();
    if (exec != null) {
      List<String> command = exec.getCommand();
      if (command == null || command.isEmpty()) {
        throw new PodSpecException(handler.invalid, field + ".exec.command must not be empty");
      }
      words.add("exec");
      command.forEach(word -> words.add(ShellQuote.quote(word)));
    } else if (get != null) {
      String scheme = get.getScheme() == null ? "HTTP" : get.getScheme().toUpperCase(Locale.ROOT);
      boolean https = handler == Handler.HOOK && scheme.equals("HTTPS");
      if (!scheme.equals("HTTP") && !https) {
        throw new PodSpecException(
            handler.unsupported,
            field + ".httpGet.scheme " + get.getScheme() + ": HPK speaks only plain HTTP");
      }
      String path = get.getPath() == null || get.getPath().isEmpty() ? "/" : get.getPath();
      check(path, PATH, field + ".httpGet.path", handler);
      String hostHeader = "";
      StringBuilder headers = new StringBuilder();
      boolean agent = false;
      boolean accept = false;
      for (HTTPHeader header :
          get.getHttpHeaders() == null ? List.<HTTPHeader>of() : get.getHttpHeaders()) {
        String name = header.getName() == null ? "" : header.getName();
        String value = header.getValue() == null ? "" : header.getValue();
        check(name, HEADER_NAME, field + ".httpGet.httpHeaders name", handler);
        check(value, HEADER_VALUE, field + ".httpGet.httpHeaders value", handler);
        switch (name.toLowerCase(Locale.ROOT)) {
          case "host" -> hostHeader = value;
          case "user-agent" -> agent = true;
          case "accept" -> accept = true;
          default -> {}
        }
        if (!name.equalsIgnoreCase("host")) {
          headers.append(name).append(": ").append(value).append('\n');
        }
      }
      if (!agent) {
        headers.append("User-Agent: ").append(handler.userAgent).append('\n');
      }
      if (!accept) {
        headers.append("Accept: */*\n");
      }
      headers.append("Connection: close\n");
      words.add(https ? "https-any" : handler == Handler.HOOK ? "http-any" : "http");
      words.add(ShellQuote.quote(host(get.getHost(), field + ".httpGet.host", handler)));
      words.add(port(get.getPort(), container, field + ".httpGet.port", handler));
      words.add(ShellQuote.quote(path));
      words.add(ShellQuote.quote(hostHeader));
      words.add(ShellQuote.quote(headers.toString()));
    } else if (tcp != null) {
      words.add("tcp");
      words.add(ShellQuote.quote(host(tcp.getHost(), field + ".tcpSocket.host", handler)));
      words.add(port(tcp.getPort(), container, field + ".tcpSocket.port", handler));
    } else {
      throw new PodSpecException(handler.invalid, field + " needs one of exec, httpGet, tcpSocket");
    }
    return words;
  }

  private static long number(Integer value, int byDefault, int minimum, String field) {
    long number = value == null || value == 0 && minimum > 0 ? byDefault : value;
    if (number < minimum) {
      throw new PodSpecException(
          "InvalidProbe", field + ": timing values must be at least " + minimum + ", got " + value);
    }
    return number;
  }

  private static String host(String host, String field, Handler handler) {
    if (host == null || host.isEmpty()) {
      return "";
    }
    check(host, HOST, field, handler);
    return host;
  }

  /** A port number, or the name of one of the container's ports. */
  private static String port(IntOrString port, Container container, String field, Handler handler) {
    if (port == null) {
      throw new PodSpecException(handler.invalid, field + " is required");
    }
    int number;
    if (port.getIntVal() != null) {
      number = port.getIntVal();
    } else {
      String name = port.getStrVal();
      List<ContainerPort> ports = container.getPorts() == null ? List.of() : container.getPorts();
      number =
          ports.stream()
              .filter(p -> name != null && name.equals(p.getName()))
              .map(ContainerPort::getContainerPort)
              .findFirst()
              .orElseThrow(
                  () ->
                      new PodSpecException(
                          handler.invalid, field + ": the container has no port named " + name));
    }
    if (number < 1 || number > 65535) {
      throw new PodSpecException(handler.invalid, field + " " + number + " is not a port");
    }
    return Integer.toString(number);
  }

  private static void check(String value, Pattern pattern, String field, Handler handler) {
    if (!pattern.matcher(value).matches()) {
      throw new PodSpecException(handler.invalid, field + ": " + value + " is not allowed");
    }
  }
}
