package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.hpk.common.bus.ContainerEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

  /** The fixed bash part. */
  static final String FUNCTIONS =
      "export hpk_container_entry="
          + ShellQuote.quote(ContainerEntry.SCRIPT)
          + "\n"
          + """
      # ---- probes (ProbeScript) ----
      # hpk_status_write JSON: replaces status/<name>.json (JSON without its closing brace); a running
      # container's gets the probe results of the run, under the container's lock.
      hpk_status_write() {
        local json=$1 probe=(true true)
        {
          flock 9
          if [[ $state == running ]]; then
            read -r -a probe 2> /dev/null < "status/.$name.probe"
            printf -v json '%s,"ready":%s,"started":%s' "$json" "${probe[0]}" "${probe[1]}"
          fi
          printf '%s}\\n' "$json" > "status/.$name.json.tmp" &&
            mv -f -- "status/.$name.json.tmp" "status/$name.json"
        } 9> "status/.$name.lock"
      }

      # The prober's p_ready and p_started become the run's state, and its JSON's while it runs.
      hpk_probe_save() {
        local json re='^(.*"state":"running".*),"ready":(true|false),"started":(true|false)\\}$'
        {
          flock 9
          printf '%s %s\\n' "$p_ready" "$p_started" > "status/.$name.probe.tmp" &&
            mv -f -- "status/.$name.probe.tmp" "status/.$name.probe"
          if [[ -f status/$name.json ]] && json=$(< "status/$name.json") && [[ $json =~ $re ]]; then
            printf '%s,"ready":%s,"started":%s}\\n' "${BASH_REMATCH[1]}" "$p_ready" "$p_started" \\
              > "status/.$name.json.tmp" && mv -f -- "status/.$name.json.tmp" "status/$name.json"
          fi
        } 9> "status/.$name.lock"
      }

      # Called by hpk_supervise (its locals index, name, child) around each run of a container.
      hpk_probe_reset() {
        rm -f -- "status/.$name.probe"
        if declare -F "hpk_probe_$index" > /dev/null; then "hpk_probe_$index" init; fi
      }

      hpk_probe_start() {
        hpk_prober_pid=
        if declare -F "hpk_probe_$index" > /dev/null; then
          "hpk_probe_$index" run "$child" &
          hpk_prober_pid=$!
        fi
      }

      hpk_probe_stop() {
        [[ -n $hpk_prober_pid ]] || return 0
        kill -s TERM "$hpk_prober_pid" 2> /dev/null
        wait "$hpk_prober_pid" 2> /dev/null
        hpk_prober_pid=
      }

      hpk_tcp_probe() { exec 3<> "/dev/tcp/$1/$2"; }

      # hpk_http_probe HOST PORT PATH HOST-HEADER HEADERS: 200-399 is success. HEADERS are lines ending
      # in LF (sbatch refuses scripts with CR in them), sent ending in CRLF.
      hpk_http_probe() {
        local code cr=$'\\r'
        exec 3<> "/dev/tcp/$1/$2" || return 1
        printf 'GET %s HTTP/1.1\\r\\nHost: %s\\r\\n%s\\r\\n' "$3" "$4" "${5//$'\\n'/$cr$'\\n'}" >&3
        read -r _ code _ <&3 || return 1
        code=${code%%[!0-9]*}
        [[ -n $code ]] && ((code >= 200 && code < 400))
      }

      # hpk_exec_probe PIDFILE COMMAND...: runs COMMAND inside the container whose Apptainer runtime
      # parent PIDFILE names, with the same entry script as the kubelet's exec (ContainerEntry).
      hpk_exec_probe() {
        bash -c "$hpk_container_entry" hpk-exec "$@"
      }

      # hpk_timed SECONDS FUNCTION ARGS...: one of the functions above in its own bash, stopped after
      # SECONDS; its output is dropped.
      hpk_timed() {
        local seconds=$1 function=$2
        shift 2
        timeout -k 1 "$seconds" bash -c "$(declare -f "$function")"'
          "$0" "$@"' "$function" "$@" > /dev/null 2>&1 < /dev/null
      }

      # hpk_probe_check TIMEOUT KIND ARGS...: one probe attempt against the current run.
      hpk_probe_check() {
        local timeout=$1 kind=$2 host=${3:-$HPK_POD_IP}
        case $kind in
          tcp) hpk_timed "$timeout" hpk_tcp_probe "$host" "$4" ;;
          http) hpk_timed "$timeout" hpk_http_probe "$host" "$4" "$5" "${6:-$host:$4}" "$7" ;;
          exec)
            shift 2
            hpk_timed "$timeout" hpk_exec_probe "status/$name.pid" "$@"
            ;;
          *) return 1 ;;
        esac
      }

      # hpk_prober init | run PID: the probes in the caller's arrays startup, liveness and readiness
      # (delay period timeout success failure grace kind args...). init records the state a run
      # starts with; run probes the run PID until it ends or a probe kills it.
      hpk_prober() {
        local p_ready=false p_started=false kind ref spec now next pid=$2
        local -A due=() ok=() bad=()
        ((${#startup[@]})) || p_started=true
        [[ $p_started == true ]] && ((${#readiness[@]} == 0)) && p_ready=true
        hpk_probe_save
        [[ $1 == run ]] || return 0
        trap - TERM
        for kind in startup liveness readiness; do
          ref="$kind[@]"
          spec=("${!ref}")
          ((${#spec[@]})) && due[$kind]=$((EPOCHSECONDS + spec[0])) ok[$kind]=0 bad[$kind]=0
        done
        while kill -0 "$pid" 2> /dev/null; do
          now=$EPOCHSECONDS next=$((now + 60))
          for kind in "${!due[@]}"; do
            if [[ $kind == startup ]]; then
              [[ $p_started == false ]] || continue
            else
              [[ $p_started == true ]] || continue
            fi
            if ((due[$kind] <= now)); then
              ref="$kind[@]"
              spec=("${!ref}")
              due[$kind]=$((now + spec[1]))
              hpk_probe_once || return 0
            fi
            ((due[$kind] < next)) && next=${due[$kind]}
          done
          ((next > EPOCHSECONDS)) && sleep $((next - EPOCHSECONDS))
        done
      }

      # One attempt of probe $kind (spec) and what its thresholds make of it; fails once the run is
      # killed.
      hpk_probe_once() {
        if hpk_probe_check "${spec[2]}" "${spec[@]:6}"; then
          bad[$kind]=0 ok[$kind]=$((ok[$kind] + 1))
          ((ok[$kind] >= spec[3])) || return 0
          case $kind in
            startup)
              p_started=true
              ((${#readiness[@]})) || p_ready=true
              hpk_probe_save
              ;;
            readiness) [[ $p_ready == true ]] || { p_ready=true && hpk_probe_save; } ;;
          esac
          return 0
        fi
        ok[$kind]=0 bad[$kind]=$((bad[$kind] + 1))
        ((bad[$kind] >= spec[4])) || return 0
        if [[ $kind == readiness ]]; then
          [[ $p_ready == false ]] || { p_ready=false && hpk_probe_save; }
          return 0
        fi
        hpk_log "container $name failed its $kind probe ${bad[$kind]} times in a row; killing it"
        p_ready=false
        hpk_probe_save
        local end=$((EPOCHSECONDS + spec[5]))
        kill -s TERM "$pid" 2> /dev/null
        while kill -0 "$pid" 2> /dev/null; do
          if ((EPOCHSECONDS >= end)); then
            kill -s KILL "$pid" 2> /dev/null
            break
          fi
          sleep 1
        done
        return 1
      }
      """;

  /** {@code hpk_probe_<index>}, or "" for a container without probes. */
  static String render(int index, Container container, String field, Pod pod) {
    String startup = probe(container.getStartupProbe(), container, field + ".startupProbe", pod);
    String liveness = probe(container.getLivenessProbe(), container, field + ".livenessProbe", pod);
    String readiness =
        probe(container.getReadinessProbe(), container, field + ".readinessProbe", pod);
    if (startup.isEmpty() && liveness.isEmpty() && readiness.isEmpty()) {
      return "";
    }
    return "hpk_probe_"
        + index
        + "() {\n  local startup=("
        + startup
        + ")\n  local liveness=("
        + liveness
        + ")\n  local readiness=("
        + readiness
        + ")\n  hpk_prober \"$@\"\n}\n";
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
    if (probe.getExec() != null) {
      List<String> command = probe.getExec().getCommand();
      if (command == null || command.isEmpty()) {
        throw new PodSpecException("InvalidProbe", field + ".exec.command must not be empty");
      }
      words.add("exec");
      command.forEach(word -> words.add(ShellQuote.quote(word)));
    } else if (probe.getHttpGet() != null) {
      var get = probe.getHttpGet();
      String scheme = get.getScheme() == null ? "HTTP" : get.getScheme().toUpperCase(Locale.ROOT);
      if (!scheme.equals("HTTP")) {
        throw new PodSpecException(
            "UnsupportedProbe",
            field + ".httpGet.scheme " + get.getScheme() + ": HPK probes only plain HTTP");
      }
      String path = get.getPath() == null || get.getPath().isEmpty() ? "/" : get.getPath();
      check(path, PATH, field + ".httpGet.path");
      String hostHeader = "";
      StringBuilder headers = new StringBuilder();
      boolean agent = false;
      boolean accept = false;
      for (HTTPHeader header :
          get.getHttpHeaders() == null ? List.<HTTPHeader>of() : get.getHttpHeaders()) {
        String name = header.getName() == null ? "" : header.getName();
        String value = header.getValue() == null ? "" : header.getValue();
        check(name, HEADER_NAME, field + ".httpGet.httpHeaders name");
        check(value, HEADER_VALUE, field + ".httpGet.httpHeaders value");
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
        headers.append("User-Agent: kube-probe/1.34\n");
      }
      if (!accept) {
        headers.append("Accept: */*\n");
      }
      headers.append("Connection: close\n");
      words.add("http");
      words.add(ShellQuote.quote(host(get.getHost(), field + ".httpGet.host")));
      words.add(port(get.getPort(), container, field + ".httpGet.port"));
      words.add(ShellQuote.quote(path));
      words.add(ShellQuote.quote(hostHeader));
      words.add(ShellQuote.quote(headers.toString()));
    } else if (probe.getTcpSocket() != null) {
      words.add("tcp");
      words.add(ShellQuote.quote(host(probe.getTcpSocket().getHost(), field + ".tcpSocket.host")));
      words.add(port(probe.getTcpSocket().getPort(), container, field + ".tcpSocket.port"));
    } else if (probe.getGrpc() != null) {
      throw new PodSpecException(
          "UnsupportedProbe", field + ".grpc: HPK runs exec, httpGet and tcpSocket probes");
    } else {
      throw new PodSpecException("InvalidProbe", field + " needs one of exec, httpGet, tcpSocket");
    }
    return String.join(" ", words);
  }

  private static long number(Integer value, int byDefault, int minimum, String field) {
    long number = value == null || value == 0 && minimum > 0 ? byDefault : value;
    if (number < minimum) {
      throw new PodSpecException(
          "InvalidProbe", field + ": timing values must be at least " + minimum + ", got " + value);
    }
    return number;
  }

  private static String host(String host, String field) {
    if (host == null || host.isEmpty()) {
      return "";
    }
    check(host, HOST, field);
    return host;
  }

  /** A port number, or the name of one of the container's ports. */
  private static String port(IntOrString port, Container container, String field) {
    if (port == null) {
      throw new PodSpecException("InvalidProbe", field + " is required");
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
                          "InvalidProbe", field + ": the container has no port named " + name));
    }
    if (number < 1 || number > 65535) {
      throw new PodSpecException("InvalidProbe", field + " " + number + " is not a port");
    }
    return Integer.toString(number);
  }

  private static void check(String value, Pattern pattern, String field) {
    if (!pattern.matcher(value).matches()) {
      throw new PodSpecException("InvalidProbe", field + ": " + value + " is not allowed");
    }
  }
}
