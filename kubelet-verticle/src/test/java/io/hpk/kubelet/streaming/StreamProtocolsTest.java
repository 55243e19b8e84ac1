package io.hpk.kubelet.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StreamProtocolsTest {

  @Test
  void spdyPrefersV4WhenClientGoOffersV5First() {
    assertThat(
            StreamProtocols.choose(
                List.of(
                    "v5.channel.k8s.io",
                    "v4.channel.k8s.io",
                    "v3.channel.k8s.io",
                    "v2.channel.k8s.io",
                    "channel.k8s.io"),
                StreamProtocols.SPDY_REMOTE_COMMAND))
        .contains("v4.channel.k8s.io");
  }

  @Test
  void commaSeparatedOffersAreSplit() {
    assertThat(
            StreamProtocols.choose(
                List.of("v3.channel.k8s.io, v2.channel.k8s.io"),
                StreamProtocols.SPDY_REMOTE_COMMAND))
        .contains("v3.channel.k8s.io");
  }

  @Test
  void webSocketKeepsV5() {
    assertThat(
            StreamProtocols.choose(
                List.of("v5.channel.k8s.io", "v4.channel.k8s.io"),
                StreamProtocols.WEBSOCKET_REMOTE_COMMAND))
        .contains("v5.channel.k8s.io");
  }

  @Test
  void noCommonProtocolIsEmptyAndNoOfferMeansV1() {
    assertThat(StreamProtocols.choose(List.of("v9.x"), StreamProtocols.SPDY_REMOTE_COMMAND))
        .isEmpty();
    assertThat(StreamProtocols.choose(List.of(), StreamProtocols.SPDY_REMOTE_COMMAND))
        .contains("channel.k8s.io");
    assertThat(StreamProtocols.choose(List.of(), StreamProtocols.SPDY_PORT_FORWARD)).isEmpty();
  }
}
