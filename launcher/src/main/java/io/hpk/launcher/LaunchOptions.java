package io.hpk.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The command line: which roles this JVM runs, whether it joins a cluster, which file configures
 * it.
 */
public record LaunchOptions(
    Set<Role> roles, boolean clustered, Optional<Path> configFile, boolean help, boolean doctor) {

  public static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar hpk.jar [--roles ROLE,...] [--cluster] [--config FILE.yaml]",
          "       java -jar hpk.jar doctor [--config FILE.yaml]",
          "  doctor     check what HPK needs from this site with the same configuration, one line per"
              + " check with its fix; exit status 1 when one fails",
          "  --roles    which verticles run in this JVM: " + Role.allLabels() + " (default: all)",
          "  --cluster  join a clustered event bus (Hazelcast, TCP/IP member list cluster.members;"
              + " mutual TLS and the shared secret from the cluster.* files)",
          "  --config   YAML configuration; HPK_* environment variables and -Dhpk.* override it");

  /**
   * Parses the arguments; {@code --opt value} and {@code --opt=value} both work.
   *
   * @throws IllegalArgumentException naming the argument that is wrong
   */
  public static LaunchOptions parse(String... rawArgs) {
    List<String> args = splitInlineValues(rawArgs);
    Set<Role> roles = EnumSet.allOf(Role.class);
    boolean clustered = false;
    Optional<Path> config = Optional.empty();
    boolean help = false;
    boolean doctor = !args.isEmpty() && args.get(0).equals("doctor");
    for (int i = doctor ? 1 : 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--roles" -> roles = Role.parseList(valueAfter(args, i++));
        case "--config" -> config = Optional.of(Path.of(valueAfter(args, i++)));
        case "--cluster" -> clustered = true;
        case "--help", "-h" -> help = true;
        default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
    }
    return new LaunchOptions(Set.copyOf(roles), clustered, config, help, doctor);
  }

  private static List<String> splitInlineValues(String[] rawArgs) {
    List<String> args = new ArrayList<>();
    for (String arg : rawArgs) {
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        args.add(arg.substring(0, eq));
        args.add(arg.substring(eq + 1));
      } else {
        args.add(arg);
      }
    }
    return args;
  }

  private static String valueAfter(List<String> args, int index) {
    if (index + 1 >= args.size() || args.get(index + 1).startsWith("--")) {
      throw new IllegalArgumentException(args.get(index) + " needs a value");
    }
    return args.get(index + 1);
  }
}
