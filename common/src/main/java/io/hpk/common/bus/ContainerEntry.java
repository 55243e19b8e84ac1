package io.hpk.common.bus;

import io.hpk.common.shell.ScriptResource;

/**
 * How a command enters exactly one running container of a pod's job, on the job's node: the job
 * script records each container's Apptainer runtime parent in {@code status/<container>.pid}; the
 * container process is its child in another mount namespace, entered with nsenter (user when the
 * pod sandbox has one, mount, uts, ipc, net, root, cwd) as the container's user inside that user
 * namespace and with its environment, so the job's user needs no privilege for it. The kubelet's
 * exec and the job script's exec probes both run it, so they enter the same way.
 */
public final class ContainerEntry {

  /**
   * Runs as {@code bash -c SCRIPT NAME PIDFILE COMMAND...}; exits 126 when the container is not
   * running and 127 without nsenter.
   */
  public static final String SCRIPT =
      ScriptResource.load(ContainerEntry.class, "container-entry.sh");

  private ContainerEntry() {}
}
