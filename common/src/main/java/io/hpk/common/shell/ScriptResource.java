package io.hpk.common.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Fixed bash text kept in {@code .sh} resource files next to the class that uses it, so shellcheck
 * can lint it. Each is read once, into a constant of its owner.
 */
public final class ScriptResource {

  private ScriptResource() {}

  /**
   * The resource {@code name} in {@code owner}'s package, as UTF-8 text.
   *
   * @throws IllegalStateException when the resource is not on the classpath (a broken build)
   */
  public static String load(Class<?> owner, String name) {
    try (InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "script resource "
                + owner.getPackageName().replace('.', '/')
                + "/"
                + name
                + " of "
                + owner.getSimpleName()
                + " is not on the classpath: its module was packaged without it");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read script resource " + name, e);
    }
  }
}
