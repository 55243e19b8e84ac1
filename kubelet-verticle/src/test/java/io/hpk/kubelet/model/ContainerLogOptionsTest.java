package io.hpk.kubelet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerLogOptionsTest {

  private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

  @Test
  void flagsFollowTheApiServersLenientBooleans() {
    ContainerLogOptions options =
        ContainerLogOptions.parse(
            Map.of("follow", "true", "previous", "0", "timestamps", "")::get, NOW);
    assertThat(options.follow()).isTrue();
    assertThat(options.previous()).isFalse();
    assertThat(options.timestamps()).isTrue();
    assertThat(options.tailLines()).isEqualTo(-1);
    assertThat(options.since()).isNull();
  }

  @Test
  void badNumbersAndBothSinceFormsAre400WithTheParameterNamed() {
    assertThatThrownBy(() -> ContainerLogOptions.parse(Map.of("tailLines", "-1")::get, NOW))
        .isInstanceOf(LogRequestException.class)
        .hasMessageContaining("tailLines");
    assertThatThrownBy(() -> ContainerLogOptions.parse(Map.of("limitBytes", "0")::get, NOW))
        .hasMessageContaining("limitBytes must be an integer of at least 1");
    assertThatThrownBy(
            () ->
                ContainerLogOptions.parse(
                    Map.of("sinceSeconds", "5", "sinceTime", "2024-05-01T09:00:00Z")::get, NOW))
        .hasMessageContaining("at most one of sinceTime or sinceSeconds");
    assertThatThrownBy(() -> ContainerLogOptions.parse(Map.of("sinceTime", "yesterday")::get, NOW))
        .satisfies(e -> assertThat(((LogRequestException) e).status()).isEqualTo(400));
  }
}
