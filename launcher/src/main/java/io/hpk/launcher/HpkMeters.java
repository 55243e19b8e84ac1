package io.hpk.launcher;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one meter registry of this JVM, read as Prometheus text at {@code /metrics}: the JVM's own
 * meters, Vert.x's event-bus and worker-pool meters, and whatever the verticles register on it.
 */
final class HpkMeters implements AutoCloseable {

  /** Only HPK's own addresses: reply addresses are one-off names and would grow without end. */
  private static final Match HPK_ADDRESSES =
      new Match()
          .setDomain(MetricsDomain.EVENT_BUS)
          .setLabel(Label.EB_ADDRESS.toString())
          .setType(MatchType.REGEX)
          .setValue("hpk\\..*");

  private static final Set<MetricsDomain> MEASURED =
      EnumSet.of(MetricsDomain.EVENT_BUS, MetricsDomain.NAMED_POOLS, MetricsDomain.VERTICLES);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  HpkMeters() {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gc.bindTo(registry);
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  /** A Vert.x builder whose Vert.x reports into this registry. */
  VertxBuilder vertx(VertxOptions options) {
    Set<String> unmeasured =
        EnumSet.complementOf(EnumSet.copyOf(MEASURED)).stream()
            .map(MetricsDomain::toCategory)
            .collect(Collectors.toSet());
    options.setMetricsOptions(
        new MicrometerMetricsOptions()
            .setEnabled(true)
            .setDisabledMetricsCategories(unmeasured)
            .addLabels(Label.EB_ADDRESS)
            .addLabelMatch(HPK_ADDRESSES));
    return io.vertx.core.Vertx.builder()
        .with(options)
        .withMetrics(new MicrometerMetricsFactory(registry));
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
