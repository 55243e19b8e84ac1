package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.hpk.common.shell.ScriptResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's postStart and preStop hooks, run by the job script on the compute node as the
 * kubelet runs them (hooks.sh): postStart right after each run starts, the run counting as running
 * only once it returned, and killed when it fails; preStop when the pod is stopped, before the
 * container gets its TERM, bounded by the grace period. exec, httpGet and tcpSocket go through the
 * probes' machinery; sleep sleeps. A failed hook becomes a Warning event (FailedPostStartHook,
 * FailedPreStopHook) through the pod's events file.
 */
final class LifecycleHookScript {

  private static final long DEFAULT_GRACE = 30;

  private LifecycleHookScript() {}

  /** The fixed bash part: hooks.sh. */
  static final String FUNCTIONS = ScriptResource.load(LifecycleHookScript.class, "hooks.sh");

  /** {@code hpk_hooks_<index>}, or "" for a container without hooks. */
  static String render(int index, Container container, String field, Pod pod) {
    Lifecycle lifecycle = container.getLifecycle();
    if (lifecycle == null || lifecycle.getPostStart() == null && lifecycle.getPreStop() == null) {
      return "";
    }
    String postStart =
        handler(lifecycle.getPostStart(), 0, container, field + ".lifecycle.postStart");
    String preStop =
        handler(lifecycle.getPreStop(), grace(pod), container, field + ".lifecycle.preStop");
    Map<String, String> hooks = new LinkedHashMap<>();
    hooks.put("poststart", postStart);
    hooks.put("prestop", preStop);
    return ArrayFunction.render("hpk_hooks_" + index, hooks, "hpk_hook");
  }

  /** The words of one hook: grace (0: unbounded) kind args... */
  static String handler(LifecycleHandler handler, long grace, Container container, String field) {
    if (handler == null) {
      return "";
    }
    List<String> words = new ArrayList<>();
    words.add(Long.toString(grace));
    if (handler.getSleep() != null) {
      Long seconds = handler.getSleep().getSeconds();
      if (seconds == null || seconds < 0) {
        throw new PodSpecException(
            "InvalidLifecycleHook", field + ".sleep.seconds must be 0 or more, got " + seconds);
      }
      words.add("sleep");
      words.add(Long.toString(seconds));
    } else {
      words.addAll(
          ProbeScript.action(
              ProbeScript.Handler.HOOK,
              handler.getExec(),
              handler.getHttpGet(),
              handler.getTcpSocket(),
              container,
              field));
    }
    return String.join(" ", words);
  }

  /** The pod's grace period, which bounds a preStop hook. */
  private static long grace(Pod pod) {
    Long grace = pod.getSpec().getTerminationGracePeriodSeconds();
    return grace == null ? DEFAULT_GRACE : Math.max(1, grace);
  }
}
