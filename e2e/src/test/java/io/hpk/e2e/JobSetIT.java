package io.hpk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An operator in the cluster: JobSet's controller, deployed with its own manifests, runs as a pod
 * (so as a Slurm job) with its admission webhooks, and manages a JobSet whose Jobs' pods run as
 * Slurm jobs too. Everything it installed is removed again afterwards.
 */
@Timeout(900)
class JobSetIT extends LabTest {

  private static final String MANIFEST = Lab.CACHE.resolve("jobset-v0.10.1/jobset.yaml").toString();

  @Test
  void theJobSetControllerRunsInAPodAndRunsAJobSet() {
    try {
      Kubectl.run("apply", "--server-side", "-f", MANIFEST);
      Eventually.await(
          Duration.ofSeconds(300),
          "the JobSet controller available (its webhook certificate mounted, its readyz ok)",
          () ->
              "True"
                  .equals(
                      Kubectl.jsonpath(
                          "jobset-system",
                          "deployment/jobset-controller-manager",
                          "{.status.conditions[?(@.type==\"Available\")].status}")),
          () ->
              Kubectl.tryRun("describe", "pods", "-n", "jobset-system").out()
                  + Kubectl.tryRun(
                          "logs", "-n", "jobset-system", "deploy/jobset-controller-manager")
                      .out()
                  + hpk.logTail());

      Kubectl.apply(
          """
          apiVersion: jobset.x-k8s.io/v1alpha2
          kind: JobSet
          metadata: {name: pair, namespace: %s}
          spec:
            replicatedJobs:
            - name: workers
              replicas: 2
              template:
                spec:
                  completions: 1
                  parallelism: 1
                  backoffLimit: 0
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                      - name: main
                        image: %s
                        command: ["sh", "-c", "echo job $JOB_INDEX on $(hostname)"]
          """
              .formatted(ns, IMAGE));

      Eventually.await(
          Duration.ofSeconds(300),
          "JobSet pair Completed",
          () ->
              "True"
                  .equals(
                      Kubectl.jsonpath(
                          ns,
                          "jobset/pair",
                          "{.status.conditions[?(@.type==\"Completed\")].status}")),
          () ->
              Kubectl.tryRun("get", "jobset,jobs,pods", "-n", ns, "-o", "wide").out()
                  + Kubectl.tryRun(
                          "logs", "-n", "jobset-system", "deploy/jobset-controller-manager")
                      .out()
                  + hpk.logTail());
      String pods =
          Kubectl.run(
              "get",
              "pods",
              "-n",
              ns,
              "-l",
              "jobset.sigs.k8s.io/jobset-name=pair",
              "-o",
              "jsonpath={range .items[*]}{.metadata.name} {.status.phase}"
                  + " {.metadata.annotations.slurm\\.hpk\\.io/job-id}{\"\\n\"}{end}");
      assertThat(pods.lines())
          .hasSize(2)
          .allSatisfy(line -> assertThat(line).matches("pair-workers-[01]-0-\\S+ Succeeded \\d+"));
    } finally {
      Kubectl.tryRun("delete", "jobset", "pair", "-n", ns, "--wait=true", "--timeout=120s");
      Kubectl.tryRun("delete", "-f", MANIFEST, "--wait=true", "--timeout=180s");
    }
  }
}
