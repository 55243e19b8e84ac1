package io.hpk.launcher;

import io.hpk.common.config.ConfigException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of {@code hpk.jar}. */
public final class HpkMain {

  private static final Logger LOG = LoggerFactory.getLogger(HpkMain.class);
  private static final long STOP_TIMEOUT_SECONDS = 60;

  private HpkMain() {}

  public static void main(String[] args) {
    LaunchOptions options;
    try {
      options = LaunchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("hpk: " + e.getMessage());
      System.err.println(LaunchOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(LaunchOptions.USAGE);
      return;
    }
    System.setProperty(
        "vertx.logger-delegate-factory-class-name",
        "io.vertx.core.logging.SLF4JLogDelegateFactory");
    if (options.doctor()) {
      System.exit(DoctorCommand.run(options, System.out));
      return;
    }
    run(new HpkApplication(options));
  }

  private static void run(HpkApplication application) {
    AtomicBoolean failedStart = new AtomicBoolean();
    AtomicBoolean signalled = new AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  signalled.set(true);
                  stopOnSignal(application, failedStart);
                },
                "hpk-shutdown"));
    application
        .start()
        .onFailure(
            e -> {
              if (signalled.get()) {
                // A signal during start: the shutdown hook is stopping what started.
                LOG.info("start cut short by the signal: {}", e.getMessage());
                return;
              }
              if (e instanceof ConfigException) {
                LOG.error("HPK did not start: {}", e.getMessage());
              } else {
                LOG.error("HPK did not start: {}", e.getMessage(), e);
              }
              failedStart.set(true);
              // Not on the event loop: System.exit waits for the shutdown hooks, which need it.
              application
                  .stop()
                  .onComplete(done -> new Thread(() -> System.exit(1), "hpk-exit").start());
            });
  }

  /**
   * SIGTERM or SIGINT: stop in order, then halt with status 0, since a JVM that ends through a
   * signal otherwise reports 143 and a service manager would count a clean stop as a failure.
   */
  private static void stopOnSignal(HpkApplication application, AtomicBoolean failedStart) {
    if (failedStart.get()) {
      return;
    }
    LOG.info("signal received, stopping");
    try {
      application
          .stop()
          .toCompletionStage()
          .toCompletableFuture()
          .get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("stop did not finish cleanly: {}", e.toString());
      Runtime.getRuntime().halt(1);
    }
    Runtime.getRuntime().halt(0);
  }
}
