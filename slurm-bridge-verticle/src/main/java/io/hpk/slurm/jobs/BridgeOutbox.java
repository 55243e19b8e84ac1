package io.hpk.slurm.jobs;

import io.hpk.common.bus.Addresses;
import io.hpk.common.bus.PodEventMessage;
import io.hpk.common.bus.PodJobReport;
import io.hpk.common.bus.PodRef;
import io.vertx.core.eventbus.EventBus;

/** What the bridge tells the kubelet: reports of pods' jobs and events to record on the pods. */
final class BridgeOutbox {

  private final EventBus bus;

  BridgeOutbox(EventBus bus) {
    this.bus = bus;
  }

  void report(PodJobReport report) {
    bus.publish(Addresses.POD_REPORT, report.toJson());
  }

  void event(PodRef pod, String reason, String message) {
    bus.publish(Addresses.POD_EVENT, new PodEventMessage(pod, false, reason, message).toJson());
  }

  void warning(PodRef pod, String reason, String message) {
    bus.publish(Addresses.POD_EVENT, new PodEventMessage(pod, true, reason, message).toJson());
  }
}
