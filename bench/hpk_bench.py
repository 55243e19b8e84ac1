"""What the bench scripts share: the lab's kubectl, and HPK started from the built jar for one run."""
import contextlib, os, re, shlex, signal, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAB = os.environ.get("HPK_LAB_STATE", "/var/lib/hpk-lab")
KUBECTL = ["/usr/lib/google-cloud-sdk/bin/kubectl.1.33", "--kubeconfig", f"{LAB}/admin.kubeconfig"]
IMAGE = "localhost:5000/busybox:1.35"
HPK_LOG = os.path.join(ROOT, "bench", "hpk-bench.log")


def kubectl(*args, **kw):
    return subprocess.run(KUBECTL + list(args), capture_output=True, text=True, check=True, **kw).stdout


def pod_directory(ns, pod):
    """The pod's directory as Slurm knows it: its job's working directory (the job id is in the
    container ID, apptainer://<job>/<container>)."""
    container_id = kubectl("get", "pod", pod, "-n", ns, "-o", "jsonpath={.status.containerStatuses[0].containerID}")
    job = container_id.removeprefix("apptainer://").split("/")[0]
    return subprocess.run(["squeue", "-h", "-t", "all", "-j", job, "-o", "%Z"], capture_output=True, text=True, check=True).stdout.strip()


def container_log(ns, pod, container):
    """A container's log file, named as the pod's own job script names it: the script assigns
    PodDirectory's names to shell variables (hpk_logs_dir, hpk_log_suffix, ...) before anything else."""
    pod_dir = pod_directory(ns, pod)
    names = {}
    with open(os.path.join(pod_dir, "job.sh")) as script:
        for line in script:
            m = re.match(r"(hpk_\w+)=(\S.*)$", line.strip())
            if m and m.group(1) not in names:
                names[m.group(1)] = shlex.split(m.group(2))[0]
    return os.path.join(pod_dir, names["hpk_logs_dir"], container + names["hpk_log_suffix"])


def wait_for(what, check, limit=600, interval=1.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(interval)
    sys.exit(f"timed out waiting for {what}")


@contextlib.contextmanager
def hpk_running(jar=f"{ROOT}/launcher/target/hpk.jar", log_path=HPK_LOG, java_options=()):
    """HPK from the jar (launcher/target/hpk.jar unless another build is to be compared) with the lab's
    configuration, logging to log_path (bench/hpk-bench.log unless told); yields the process once the
    kubelet role has started, and stops it with SIGTERM on the way out. java_options go before -jar
    (a JFR recording, say)."""
    with open(log_path, "w") as log:
        hpk = subprocess.Popen(["java", *java_options, "-jar", jar, "--config", f"{ROOT}/deploy/lab/hpk-lab.yaml"],
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(f"HPK to start (see {log_path})", lambda: "role kubelet started" in open(log_path).read(), 120, 0.5)
        yield hpk
    finally:
        hpk.send_signal(signal.SIGTERM)
        hpk.wait(60)
