package io.hpk.slurm.site;

import io.hpk.common.shell.ScriptResource;
import io.hpk.slurm.model.ShellQuote;
import java.nio.file.Path;

/** The batch script of the site check: its settings as shell variables, then site-check.sh. */
public final class SiteCheckScript {

  private static final String BODY = ScriptResource.load(SiteCheckScript.class, "site-check.sh");

  private SiteCheckScript() {}

  /**
   * @param network the nodes' pod network, empty when pods use the host network
   */
  public static String render(Path dir, String apptainer, String network, String helper) {
    return "#!/bin/bash\n"
        + "hpk_check_dir="
        + ShellQuote.quote(dir.toString())
        + "\nhpk_apptainer="
        + ShellQuote.quote(apptainer)
        + "\nhpk_network="
        + ShellQuote.quote(network)
        + "\nhpk_network_helper="
        + ShellQuote.quote(helper)
        + "\n"
        + BODY;
  }
}
