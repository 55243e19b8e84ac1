package io.hpk.slurm.jobs;

import io.hpk.common.pod.ContainerStateFile;
import io.hpk.common.pod.PodDirectory;
import io.hpk.slurm.model.JobPlan;
import io.hpk.slurm.model.PlannedFile;
import io.hpk.slurm.model.PodGang;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes the files of a pod's directory on the shared filesystem. Blocking: worker pool
 * only.
 */
final class PodDirectoryFiles {

  /**
   * The namespace's and the pod's directory: the pod's holds its secrets, service-account tokens
   * and logs, on a filesystem every user of the cluster can reach. Files inside keep the modes the
   * pod asks for (containers with another uid read them through their binds).
   */
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");

  private PodDirectoryFiles() {}

  /** Writes the plan's files (volumes, env) and then the job script, atomically each. */
  static void write(PodDirectory paths, JobPlan plan) throws IOException {
    ownerOnlyDirectory(paths.dir().getParent());
    ownerOnlyDirectory(paths.dir());
    Files.createDirectories(paths.statusDir());
    Files.createDirectories(paths.logsDir());
    Files.createDirectories(paths.volumesDir());
    for (PlannedFile file : plan.files()) {
      writeAtomically(inside(paths, file), file.content(), file.mode());
    }
    writeAtomically(paths.jobScript(), plan.script().getBytes(StandardCharsets.UTF_8), 0700);
  }

  /** Writes a gang's batch script into its own owner-only directory beside the pods'. */
  static Path writeGangScript(Path gangDir, String script) throws IOException {
    ownerOnlyDirectory(gangDir.getParent());
    ownerOnlyDirectory(gangDir);
    Path target = gangDir.resolve(PodGang.SCRIPT);
    writeAtomically(target, script.getBytes(StandardCharsets.UTF_8), 0700);
    return target;
  }

  /**
   * Replaces files of a pod that already runs (fresh service-account tokens): each is renamed over
   * the old one, so a container that binds the file's directory reads the old or the new content.
   */
  static void replace(PodDirectory paths, List<PlannedFile> files) throws IOException {
    for (PlannedFile file : files) {
      writeAtomically(inside(paths, file), file.content(), file.mode());
    }
  }

  /** Whether the named ephemeral container's launch was written: it is never written twice. */
  static boolean hasEphemeralLaunch(PodDirectory paths, String container) {
    return Files.exists(paths.ephemeralLaunch(container));
  }

  /** A container's state as the bridge knows it (one that cannot start, and why). */
  static void writeState(PodDirectory paths, ContainerStateFile state) throws IOException {
    writeAtomically(
        paths.containerState(state.name()),
        state.toJson().encode().getBytes(StandardCharsets.UTF_8),
        0600);
  }

  /** Like {@link #replace}, for the files whose content differs; how many those were. */
  static int replaceChanged(PodDirectory paths, List<PlannedFile> files) throws IOException {
    int changed = 0;
    for (PlannedFile file : files) {
      Path target = inside(paths, file);
      if (!Files.isRegularFile(target)
          || !Arrays.equals(Files.readAllBytes(target), file.content())) {
        writeAtomically(target, file.content(), file.mode());
        changed++;
      }
    }
    return changed;
  }

  private static Path inside(PodDirectory paths, PlannedFile file) throws IOException {
    Path target = paths.dir().resolve(file.relativePath()).normalize();
    if (!target.startsWith(paths.dir())) {
      throw new IOException("planned file escapes the pod directory: " + file.relativePath());
    }
    return target;
  }

  /** Created owner-only, so nothing is readable by others even for a moment; narrowed if older. */
  private static void ownerOnlyDirectory(Path dir) throws IOException {
    Files.createDirectories(dir.getParent());
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException e) {
      // made by an earlier pod of the namespace, or by an HPK before this one
    }
    Files.setPosixFilePermissions(dir, OWNER_ONLY);
  }

  /** The state files of all containers that have one, and the pod IP once known. */
  static List<ContainerStateFile> containerStates(PodDirectory paths) {
    List<ContainerStateFile> states = new ArrayList<>();
    if (!Files.isDirectory(paths.statusDir())) {
      return states;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(paths.statusDir(), "*.json")) {
      for (Path file : files) {
        try {
          // a file being replaced or cut short is skipped: the next tick reads it again
          ContainerStateFile.parse(Files.readString(file))
              .map(state -> withTerminationMessage(paths, state))
              .ifPresent(states::add);
        } catch (IOException e) {
          // gone while listed: the next tick reads the directory again
        }
      }
    } catch (IOException e) {
      return states;
    }
    return states;
  }

  /**
   * The complete lines of the pod's events file after the first {@code seen}; none when it does not
   * exist. A line still being written (no newline yet) waits for the next round.
   */
  static List<String> eventLines(PodDirectory paths, int seen) {
    Path file = paths.eventsFile();
    try {
      if (!Files.exists(file)) {
        return List.of();
      }
      String text = Files.readString(file);
      int end = text.lastIndexOf('\n');
      if (end < 0) {
        return List.of();
      }
      List<String> lines = List.of(text.substring(0, end).split("\n", -1));
      return seen >= lines.size() ? List.of() : lines.subList(seen, lines.size());
    } catch (IOException e) {
      return List.of();
    }
  }

  /** A terminated container's message is what its run left behind, when it left any. */
  private static ContainerStateFile withTerminationMessage(
      PodDirectory paths, ContainerStateFile state) {
    if (state.state() != ContainerStateFile.State.TERMINATED) {
      return state;
    }
    return TerminationMessage.read(paths, state.name()).map(state::withMessage).orElse(state);
  }

  /** Records the job Slurm took for the pod, before anyone is told it was submitted. */
  static void recordJobId(PodDirectory paths, String jobId) throws IOException {
    writeAtomically(paths.jobIdFile(), (jobId + "\n").getBytes(StandardCharsets.UTF_8), 0600);
  }

  /**
   * The job this pod had before, if it ever had one: its recorded id, or empty text when only the
   * job's output shows that it ran (HPK stopped between sbatch and recording the id).
   */
  static Optional<String> earlierJob(PodDirectory paths) throws IOException {
    if (Files.exists(paths.jobIdFile())) {
      return Optional.of(Files.readString(paths.jobIdFile()).trim());
    }
    return Files.exists(paths.jobOutput()) ? Optional.of("") : Optional.empty();
  }

  static String podIp(PodDirectory paths) {
    return firstLine(paths.podIpFile());
  }

  /** The Slurm node the job script recorded; "" before it started. */
  static String node(PodDirectory paths) {
    return firstLine(paths.nodeFile());
  }

  private static String firstLine(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file).trim() : "";
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Written to an owner-only file in the same directory, given its mode, then renamed over the
   * target: a secret or token is never readable by others, nor seen half-written.
   */
  private static void writeAtomically(Path target, byte[] content, int mode) throws IOException {
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(permissions(0600)));
    Files.write(tmp, content);
    Files.setPosixFilePermissions(tmp, permissions(mode));
    Files.move(
        tmp,
        target,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(order[bit]);
      }
    }
    return set;
  }
}
