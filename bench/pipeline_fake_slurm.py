#!/usr/bin/env python3
"""HPK's own pod pipeline, with Slurm faked and nothing else on the machine's cores: a private etcd and
kube-apiserver (the lab's binaries and PKI, on ports 22379 and 16443, not the lab's control plane),
sbatch/squeue/scancel/sinfo stand-ins that take every job at once and leave it pending, and HPK
(scheduler, kubelet and Slurm-bridge roles) from each jar given, one after the other in one run. For
each jar and burst: N pods created by 8 clients, how soon all were bound and submitted, the stage
timings HPK logs, and the CPU time HPK, the API server and etcd spent per pod. Jobs never run, so this
measures what the lab's pods_vs_sbatch.py cannot separate: HPK's own cost and pace per pod.

    bench/pipeline_fake_slurm.py N OLD.jar NEW.jar     # as the lab's user; BURSTS=2 for a warm second burst
"""
import datetime, os, re, shutil, signal, statistics, subprocess, sys, tempfile, threading, time, uuid

LAB = os.environ.get("HPK_LAB_STATE", "/var/lib/hpk-lab")
PKI = f"{LAB}/pki"
BIN = os.environ.get("HPK_BIN_CACHE", "/var/cache/hpk/bin")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KUBECTL = "/usr/lib/google-cloud-sdk/bin/kubectl.1.33"
STAMP = re.compile(r"^(\d\d:\d\d:\d\d\.\d\d\d) ")
CREATORS = 8

FAKE_SBATCH = """#!/bin/bash
# Takes the job at once, as a Slurm with room does, and lists it as pending from then on.
script=${@: -1}
comment=$(sed -n 's/^#SBATCH --comment=//p' "$script" | head -1 | tr -d "'\\"")
exec 9>>"$FAKE_SLURM_STATE/lock"
flock 9
id=$(( $(cat "$FAKE_SLURM_STATE/next" 2>/dev/null || echo 100000) + 1 ))
echo $id > "$FAKE_SLURM_STATE/next"
echo "$id|$comment|PENDING|N/A|Priority" >> "$FAKE_SLURM_STATE/jobs"
echo $id
"""
FAKES = {"sbatch": FAKE_SBATCH,
         "squeue": '#!/bin/bash\ncat "$FAKE_SLURM_STATE/jobs" 2>/dev/null\nexit 0\n',
         "scancel": "#!/bin/bash\nexit 0\n",
         "sinfo": '#!/bin/bash\n[ "$1" = --version ] && echo "slurm 22.05.8" && exit 0\nexit 1\n',
         "scontrol": "#!/bin/bash\nexit 1\n"}

POD = """apiVersion: v1
kind: Pod
metadata: {{name: p{i}, namespace: {ns}}}
spec:
  restartPolicy: Never
  containers: [{{name: main, image: localhost:5000/busybox:1.35, command: ["true"], resources: {{requests: {{cpu: 100m, memory: 50Mi}}}}}}]
"""


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


def cpu_seconds(pid):
    rest = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(rest[11]) + int(rest[12])) / os.sysconf("SC_CLK_TCK")


class ControlPlane:
    """etcd and kube-apiserver of this run only, in a temporary directory."""

    def __init__(self, work):
        self.work = work
        self.kubeconfig = f"{work}/admin.kubeconfig"
        log = open(f"{work}/etcd.log", "w")
        self.etcd = subprocess.Popen([
            f"{BIN}/etcd-v3.6.16", "--name", "h", "--data-dir", f"{work}/etcd",
            "--listen-client-urls", "https://127.0.0.1:22379", "--advertise-client-urls", "https://127.0.0.1:22379",
            "--listen-peer-urls", "https://127.0.0.1:22380", "--initial-advertise-peer-urls", "https://127.0.0.1:22380",
            "--initial-cluster", "h=https://127.0.0.1:22380",
            "--cert-file", f"{PKI}/etcd-server.crt", "--key-file", f"{PKI}/etcd-server.key", "--client-cert-auth",
            "--trusted-ca-file", f"{PKI}/etcd-ca.crt", "--peer-cert-file", f"{PKI}/etcd-server.crt",
            "--peer-key-file", f"{PKI}/etcd-server.key", "--peer-client-cert-auth",
            "--peer-trusted-ca-file", f"{PKI}/etcd-ca.crt"], stdout=log, stderr=subprocess.STDOUT)
        time.sleep(3)
        log = open(f"{work}/apiserver.log", "w")
        self.apiserver = subprocess.Popen([
            f"{BIN}/kube-apiserver-v1.34.4", "--bind-address=127.0.0.1", "--secure-port=16443",
            "--advertise-address=127.0.0.1", "--etcd-servers=https://127.0.0.1:22379",
            f"--etcd-cafile={PKI}/etcd-ca.crt", f"--etcd-certfile={PKI}/apiserver-etcd-client.crt",
            f"--etcd-keyfile={PKI}/apiserver-etcd-client.key", f"--tls-cert-file={PKI}/apiserver.crt",
            f"--tls-private-key-file={PKI}/apiserver.key", f"--client-ca-file={PKI}/ca.crt",
            "--authorization-mode=Node,RBAC",
            "--enable-admission-plugins=NodeRestriction,NamespaceLifecycle,LimitRanger,ServiceAccount,"
            "DefaultStorageClass,DefaultTolerationSeconds,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,"
            "ResourceQuota,Priority",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            f"--service-account-key-file={PKI}/sa.pub", f"--service-account-signing-key-file={PKI}/sa.key",
            "--service-cluster-ip-range=10.96.0.0/12", "--allow-privileged=true", "--profiling=false"],
            stdout=log, stderr=subprocess.STDOUT)
        with open(f"{LAB}/admin.kubeconfig") as src, open(self.kubeconfig, "w") as dst:
            dst.write(src.read().replace("https://127.0.0.1:6443", "https://127.0.0.1:16443"))
        for _ in range(120):
            if subprocess.run(self.kubectl("get", "--raw", "/readyz"), capture_output=True).returncode == 0:
                return
            time.sleep(1)
        sys.exit(f"the private API server did not start (see {work}/apiserver.log)")

    def kubectl(self, *args):
        return [KUBECTL, "--kubeconfig", self.kubeconfig, *args]

    def run(self, *args, input=None):
        r = subprocess.run(self.kubectl(*args), capture_output=True, text=True, input=input)
        if r.returncode:
            print(f"kubectl {' '.join(args[:2])} failed: {r.stderr.strip()[:300]}", flush=True)
        return r.stdout

    def stop(self):
        for process in (self.apiserver, self.etcd):
            process.terminate()
            process.wait(30)


def hpk_config(work, kubeconfig):
    """The lab's configuration with this run's API server, a scratch work dir, no pod network, no
    status page, the kubelet API on another port (the lab's HPK may hold 10250)."""
    text = open(f"{ROOT}/deploy/lab/hpk-lab.yaml").read()
    text = text.replace(f"{LAB}/hpk.kubeconfig", kubeconfig)
    text = re.sub(r"work-dir: .*", f"work-dir: {work}/pods", text)
    text = text.replace("network: hpk-bridge", 'network: ""')
    text = text.replace("  bind-address: 127.0.0.1\n", "  bind-address: 127.0.0.1\n  port: 20250\n", 1)
    path = f"{work}/hpk.yaml"
    open(path, "w").write(text + "ui:\n  port: 0\n")
    return path


def burst(cp, hpk, log, n):
    ns = "pipe-" + uuid.uuid4().hex[:6]
    cp.run("create", "namespace", ns)
    cp.run("create", "serviceaccount", "default", "-n", ns)  # no controller-manager here
    cp.run("create", "configmap", "kube-root-ca.crt", "-n", ns, f"--from-file=ca.crt={PKI}/ca.crt")
    docs = [POD.format(i=i, ns=ns) for i in range(n)]
    cpu0 = [cpu_seconds(p) for p in (hpk.pid, cp.apiserver.pid, cp.etcd.pid)]
    t0 = time.time()
    creators = [threading.Thread(target=cp.run, args=("create", "-f", "-"), kwargs={"input": "---\n".join(docs[i::CREATORS])})
                for i in range(CREATORS)]
    for c in creators:
        c.start()
    for c in creators:
        c.join()
    created = time.time() - t0
    deadline = time.time() + 300
    while time.time() < deadline and hpk.poll() is None and len(re.findall(rf"\[{ns}/p\d+\] submitted as", open(log).read())) < n:
        time.sleep(0.2)
    cpu = [cpu_seconds(p) - c for p, c in zip((hpk.pid, cp.apiserver.pid, cp.etcd.pid), cpu0)]
    time.sleep(2)
    day = datetime.date.today()
    stages = {"bound": [], "handed": [], "submitted": []}
    took = {"bound": [], "handed": [], "submitted": []}
    for line in open(log, errors="replace"):
        m = STAMP.match(line)
        if not m or f"[{ns}/" not in line:
            continue
        at = datetime.datetime.combine(day, datetime.datetime.strptime(m.group(1), "%H:%M:%S.%f").time()).timestamp() - t0
        ms = re.search(r" in (\d+) ms|(\d+) ms after it was seen", line)
        for stage, marker in (("bound", " bound to "), ("handed", "handed to the Slurm bridge"), ("submitted", " submitted as [job ")):
            if marker in line:
                stages[stage].append(at)
                if ms:
                    took[stage].append(int(ms.group(1) or ms.group(2)))
    return created, stages, took, cpu


def main():
    n = int(sys.argv[1])
    jars = sys.argv[2:]
    bursts = int(os.environ.get("BURSTS", "1"))
    work = tempfile.mkdtemp(prefix="hpk-pipeline-")
    fakes = f"{work}/slurm"
    os.makedirs(fakes)
    for name, text in FAKES.items():
        with open(f"{fakes}/{name}", "w") as f:
            f.write(text)
        os.chmod(f"{fakes}/{name}", 0o755)
    cp = ControlPlane(work)
    try:
        for jar in jars:
            shutil.rmtree(f"{work}/state", ignore_errors=True)
            os.makedirs(f"{work}/state")
            env = dict(os.environ, PATH=f"{fakes}:{os.environ['PATH']}", FAKE_SLURM_STATE=f"{work}/state")
            log = f"{work}/hpk-{os.path.basename(jar)}.log"
            hpk = subprocess.Popen(["java", "-jar", jar, "--roles", "scheduler,kubelet,slurm", "--config",
                                    hpk_config(work, cp.kubeconfig)], stdout=open(log, "w"), stderr=subprocess.STDOUT, env=env)
            try:
                for _ in range(240):
                    if "role kubelet started" in open(log).read():
                        break
                    time.sleep(0.5)
                time.sleep(2)
                for b in range(bursts):
                    created, stages, took, cpu = burst(cp, hpk, log, n)
                    sub = stages["submitted"]
                    print(f"{os.path.basename(jar)} burst {b + 1}: {n} pods created by {CREATORS} clients in {created:.1f} s; "
                          f"bound {len(stages['bound'])}, the last at {max(stages['bound'], default=float('nan')):.1f} s; "
                          f"submitted {len(sub)}, p50 at {pct(sub, 50):.1f} s, the last at {max(sub, default=float('nan')):.1f} s"
                          f" ({len(sub) / max(sub) if sub else 0:.1f} pods/s from the first create)", flush=True)
                    print("    each: " + "; ".join(f"{k} {'p50 %d ms, p95 %d ms' % (pct(v, 50), pct(v, 95)) if v else 'not logged'}"
                                                 for k, v in took.items()) +
                          f"; CPU per pod: HPK {1000 * cpu[0] / n:.0f} ms, API server {1000 * cpu[1] / n:.0f} ms, "
                          f"etcd {1000 * cpu[2] / n:.0f} ms", flush=True)
            finally:
                hpk.send_signal(signal.SIGTERM)
                hpk.wait(60)
    finally:
        cp.stop()
        print(f"logs in {work}")


if __name__ == "__main__":
    main()
