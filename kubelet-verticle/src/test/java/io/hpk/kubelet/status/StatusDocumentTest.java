package io.hpk.kubelet.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.hpk.common.bus.PodEventMessage;
import io.hpk.common.bus.PodRef;
import io.hpk.common.bus.SlurmClusterInfo;
import io.hpk.common.bus.SlurmPartition;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusDocumentTest {

  private static final SlurmClusterInfo SLURM =
      new SlurmClusterInfo(
          24,
          24_000,
          0,
          "22.05.8",
          "1.4.3",
          true,
          List.of(new SlurmPartition("batch", true, 22, 24, 0, 3, 3)));

  private final RecentEvents events = new RecentEvents(2);

  /** A running pod shows its Slurm job id, phase and ready containers, and is not in the queue. */
  @Test
  void aRunningPodShowsItsJob() {
    JsonObject doc = render(running("web", "4711"));

    JsonObject web = doc.getJsonArray("pods").getJsonObject(0);
    assertThat(web.getString("name")).isEqualTo("web");
    assertThat(web.getString("jobId")).isEqualTo("4711");
    assertThat(web.getString("phase")).isEqualTo("Running");
    assertThat(web.getLong("ready")).isEqualTo(1);
    assertThat(doc.getJsonArray("queue")).isEmpty();
  }

  /** A pod whose job waits is in the queue with Slurm's reason from the JobStarted condition. */
  @Test
  void aWaitingPodIsInTheQueueWithSlurmsReason() {
    Pod later =
        new PodBuilder(pod("later", "4712"))
            .editStatus()
            .withPhase("Pending")
            .withReason("SlurmPending")
            .addNewCondition()
            .withType(StatusDocument.JOB_STARTED_CONDITION)
            .withStatus("False")
            .withReason("BeginTime")
            .withMessage("Slurm job 4712 is pending: BeginTime")
            .endCondition()
            .endStatus()
            .build();

    JsonObject doc = render(later, pod("unsubmitted", null));

    assertThat(doc.getJsonArray("queue")).as("only the pod with a job").hasSize(1);
    JsonObject queued = doc.getJsonArray("queue").getJsonObject(0);
    assertThat(queued.getString("jobId")).isEqualTo("4712");
    assertThat(queued.getString("reason")).isEqualTo("SlurmPending");
    assertThat(queued.getString("slurmReason")).isEqualTo("BeginTime");
    assertThat(queued.getString("slurmMessage")).startsWith("Slurm job 4712 is pending");
  }

  /** Partitions carry the same summary the node annotation shows; events come newest first. */
  @Test
  void partitionsAndNewestEventsFirst() {
    PodRef web = new PodRef("uid-web", "default", "web");
    events.add(1, new PodEventMessage(web, false, "Submitted", "job 1"));
    events.add(2, new PodEventMessage(web, true, "SbatchFailed", "no partition"));
    events.add(3, new PodEventMessage(web, false, "Started", "main"));

    JsonObject doc = render(running("web", "1"));

    JsonObject batch = doc.getJsonObject("slurm").getJsonArray("partitions").getJsonObject(0);
    assertThat(batch.getString("summary"))
        .isEqualTo("batch: 22 of 24 CPUs idle, 0 GPUs, 3 of 3 nodes usable");
    assertThat(doc.getJsonArray("events")).hasSize(2);
    assertThat(doc.getJsonArray("events").getJsonObject(0).getString("reason"))
        .isEqualTo("Started");
    assertThat(doc.getJsonArray("events").getJsonObject(1).getString("type")).isEqualTo("Warning");
  }

  /** Env values and commands of a pod never reach the page, which has no authentication. */
  @Test
  void noSpecValuesReachThePage() {
    Pod secretive =
        new PodBuilder(running("web", "1"))
            .withNewSpec()
            .addNewContainer()
            .withName("main")
            .withCommand("run", "--password=hunter2")
            .addNewEnv()
            .withName("TOKEN")
            .withValue("s3cr3t")
            .endEnv()
            .endContainer()
            .endSpec()
            .build();

    assertThat(render(secretive).encode()).doesNotContain("hunter2", "s3cr3t", "TOKEN");
  }

  private JsonObject render(Pod... pods) {
    return StatusDocument.render(
        "hpk-kubelet", 1_000, List.of(pods), SLURM, new UsageHistory(Duration.ofHours(1)), events);
  }

  private static Pod running(String name, String jobId) {
    return new PodBuilder(pod(name, jobId))
        .editStatus()
        .withPhase("Running")
        .addNewContainerStatus()
        .withName("main")
        .withReady(true)
        .withRestartCount(0)
        .endContainerStatus()
        .endStatus()
        .build();
  }

  private static Pod pod(String name, String jobId) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace("default")
            .withName(name)
            .withUid("uid-" + name)
            .endMetadata()
            .withNewStatus()
            .withPhase("Pending")
            .endStatus();
    if (jobId != null) {
      pod.editMetadata().addToAnnotations(StatusDocument.JOB_ID_ANNOTATION, jobId).endMetadata();
    }
    return pod.build();
  }
}
