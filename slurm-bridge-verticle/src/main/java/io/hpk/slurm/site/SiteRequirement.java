package io.hpk.slurm.site;

import java.util.ArrayList;
import java.util.List;

/**
 * One thing the site must provide for pods to run, and whether it does.
 *
 * @param name short name, e.g. {@code pod-network}
 * @param detail what was found, or what is wrong and how a site provides it
 */
public record SiteRequirement(String name, boolean met, String detail) {

  static SiteRequirement ok(String name, String detail) {
    return new SiteRequirement(name, true, detail);
  }

  static SiteRequirement missing(String name, String detail) {
    return new SiteRequirement(name, false, detail);
  }

  /** The check job's result lines ({@code ok NAME: detail} or {@code missing NAME: detail}). */
  static List<SiteRequirement> parse(String result) {
    List<SiteRequirement> out = new ArrayList<>();
    for (String line : result.split("\n")) {
      int space = line.indexOf(' ');
      int colon = line.indexOf(": ");
      if (space < 0 || colon < space) {
        continue;
      }
      String verdict = line.substring(0, space);
      String name = line.substring(space + 1, colon);
      String detail = line.substring(colon + 2);
      if (verdict.equals("ok") || verdict.equals("missing")) {
        out.add(new SiteRequirement(name, verdict.equals("ok"), detail));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return (met ? "ok " : "missing ") + name + ": " + detail;
  }
}
