package io.hpk.launcher.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Containers map their users into this user's subordinate id ranges. */
final class SubordinateIdsCheck implements DoctorCheck {

  private final Path subuid;
  private final Path subgid;
  private final String user;
  private final long uid;

  /** Both files name the owner of a range by login name or by uid. */
  SubordinateIdsCheck(Path subuid, Path subgid, String user, long uid) {
    this.subuid = subuid;
    this.subgid = subgid;
    this.user = user;
    this.uid = uid;
  }

  @Override
  public String name() {
    return "subordinate-ids";
  }

  @Override
  public CheckResult run() {
    Optional<String> uids = rangeIn(subuid);
    Optional<String> gids = rangeIn(subgid);
    if (uids.isEmpty() || gids.isEmpty()) {
      return CheckResult.fail(
          name(),
          "no range for " + user + " in " + (uids.isEmpty() ? subuid : subgid),
          "the site adds '" + user + ":<first>:65536' to " + subuid + " and " + subgid);
    }
    return CheckResult.ok(
        name(), user + " has uids " + uids.get() + " and gids " + gids.get() + " here");
  }

  private Optional<String> rangeIn(Path file) {
    try {
      return SubordinateIds.rangeOf(Files.readString(file), user, uid);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
