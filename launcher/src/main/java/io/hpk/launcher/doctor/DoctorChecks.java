package io.hpk.launcher.doctor;

import com.sun.security.auth.module.UnixSystem;
import io.hpk.common.config.ConfigKey;
import io.hpk.common.config.HpkConfig;
import io.hpk.slurm.cli.ProcessRunner;
import io.hpk.slurm.site.SiteCheck;
import java.nio.file.Path;
import java.util.List;

/** Every check, in the order its lines are printed, for the configuration HPK would run with. */
public final class DoctorChecks {

  private DoctorChecks() {}

  public static List<DoctorCheck> of(HpkConfig config, ApiServer api) {
    ProcessRunner runner = new ProcessRunner();
    HpkConfig.SlurmConfig slurm = config.slurm();
    HpkConfig.KubeletServerConfig kubelet = config.kubelet();
    HpkConfig.DnsConfig dns = config.dns();
    boolean kubeletListens = kubelet.apiEnabled() || kubelet.requestsServingCertificate();
    return List.of(
        new SlurmCheck(runner),
        new ApptainerCheck(runner, slurm.apptainer(), System.getenv("PATH")),
        new PodNetworkCheck(runner, slurm.network(), slurm.podNetworkHelper()),
        new SubordinateIdsCheck(
            Path.of("/etc/subuid"),
            Path.of("/etc/subgid"),
            System.getProperty("user.name"),
            new UnixSystem().getUid()),
        new WorkDirCheck(slurm.workDir()),
        new ComputeNodeCheck(
            runner,
            new SiteCheck.Settings(
                slurm.workDir(), slurm.apptainer(), slurm.network(), slurm.podNetworkHelper())),
        new ApiServerCheck(api),
        new ApiCertificateCheck(api),
        new ApiCredentialsCheck(api),
        new ClusterDnsCheck(dns.server(), dns.clusterDomain()),
        new UpstreamDnsCheck(dns.upstream()),
        new PortCheck(
            "kubelet-port",
            ConfigKey.KUBELET_PORT.key(),
            kubeletListens ? kubelet.bindAddress() : "",
            kubelet.port()),
        new PortCheck(
            "webhook-port",
            ConfigKey.DNS_WEBHOOK_PORT.key(),
            webhookAddress(dns),
            dns.webhookPort()),
        new PortCheck(
            "ui-port",
            ConfigKey.UI_PORT.key(),
            config.ui().enabled() ? config.ui().bindAddress() : "",
            config.ui().port()));
  }

  /** Where the DNS role's webhook listens, as the webhook itself chooses; empty: it is off. */
  private static String webhookAddress(HpkConfig.DnsConfig dns) {
    if (dns.webhookCertFile().isEmpty()) {
      return "";
    }
    return dns.webhookBindAddress().isEmpty() ? dns.webhookHost() : dns.webhookBindAddress();
  }
}
