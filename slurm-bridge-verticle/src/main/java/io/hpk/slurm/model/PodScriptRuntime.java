package io.hpk.slurm.model;

import io.hpk.common.shell.ScriptResource;

/**
 * The fixed part of every pod job script: bash functions that run containers under Apptainer,
 * restart them, write their status files and CRI logs, and hold the pod's network sandbox. Nothing
 * here depends on the pod (it is pod-runtime.sh); {@link PodJobScript} sets the variables and
 * functions these call.
 */
final class PodScriptRuntime {

  private PodScriptRuntime() {}

  static final String FUNCTIONS = ScriptResource.load(PodScriptRuntime.class, "pod-runtime.sh");
}
