#!/usr/bin/env python3
"""Throughput and latency of pods through HPK against the same work as raw sbatch jobs, one run.

Creates N pods (restartPolicy Never, one container running `true`) through the API server and, in
the same run, N sbatch jobs that run `true` in the same image under Apptainer. Prints pods/s
against jobs/s, p50/p95 from create to Running and to Succeeded against submit to start and to
end, and HPK's peak RSS. Needs the lab up (make lab-up) and the jar built (make build).

With several jars (an old and a new build, say) the raw jobs run once and then each jar's pods, one
after the other in the same run, so the builds are compared on the same machine in the same state.
For each run it also says where the CPU went (HPK's JVM, the control plane, Slurm's daemons, the
rest: the jobs) and, from HPK's log, how the pods went through its stages: binding, the kubelet
handing the pod to the bridge (resolving ConfigMaps, Secrets and tokens), sbatch.
BENCH_JFR=DIR records a JFR profile of each HPK run into DIR.

usage: bench/pods_vs_sbatch.py [N] [JAR ...]
"""
import datetime, os, re, subprocess, sys, tempfile, threading, time, uuid

from hpk_bench import IMAGE, KUBECTL, LAB, ROOT, hpk_running, kubectl

CREATORS = 8


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


def watch_pods(ns, seen, done_event):
    proc = subprocess.Popen(KUBECTL + ["get", "pods", "-n", ns, "-w", "--output-watch-events", "-o",
                                       "jsonpath={.object.metadata.name} {.object.status.phase}{\"\\n\"}"],
                            stdout=subprocess.PIPE, text=True)
    for line in proc.stdout:
        now = time.monotonic()
        parts = line.split()
        if len(parts) == 2:
            seen.setdefault((parts[0], parts[1]), now)
            seen.setdefault((parts[0], "created"), now)
        if done_event.is_set():
            break
    proc.kill()


def run_pods(n):
    ns = "bench-" + uuid.uuid4().hex[:6]
    kubectl("create", "namespace", ns)
    seen, done = {}, threading.Event()
    watcher = threading.Thread(target=watch_pods, args=(ns, seen, done), daemon=True)
    watcher.start()
    time.sleep(1)
    docs = [f"""apiVersion: v1
kind: Pod
metadata: {{name: p{i}, namespace: {ns}}}
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 1
  containers: [{{name: main, image: {IMAGE}, command: ["true"], resources: {{requests: {{cpu: 100m, memory: 50Mi}}}}}}]
""" for i in range(n)]
    t0 = time.monotonic()
    # Several clients at once, as controllers and users do; one kubectl would serialise the creates.
    batches = [docs[i::CREATORS] for i in range(CREATORS)]
    creators = [threading.Thread(target=kubectl, args=("create", "-f", "-"), kwargs={"input": "---\n".join(b)})
                for b in batches if b]
    for c in creators:
        c.start()
    for c in creators:
        c.join()
    deadline = t0 + 900
    while time.monotonic() < deadline and sum(1 for (_, ph) in seen if ph in ("Succeeded", "Failed")) < n:
        time.sleep(0.2)
    done.set()
    def since_created(i, phase):
        return seen[(f"p{i}", phase)] - seen[(f"p{i}", "created")]
    running = [since_created(i, "Running") for i in range(n) if (f"p{i}", "Running") in seen]
    finished = [since_created(i, "Succeeded") for i in range(n) if (f"p{i}", "Succeeded") in seen]
    last = max(seen[(f"p{i}", "Succeeded")] for i in range(n) if (f"p{i}", "Succeeded") in seen) - t0
    subprocess.run(KUBECTL + ["delete", "namespace", ns, "--wait=false"], capture_output=True)
    return running, finished, last, ns


NETWORK_HELPER = "/usr/local/libexec/hpk/pod-network"


def run_sbatch(n, sandbox=False):
    """n raw jobs running `true` in the image under Apptainer. With sandbox, each job first makes
    the sandbox a pod's job makes (a user and network namespace attached to the node's bridge by the
    site's helper, as pod-runtime.sh does) and runs the container in it with the pod's Apptainer
    flags, then releases the address: the raw job with the same per-pod sandbox cost."""
    sif = f"{LAB}/images/busybox_1.35.sif"
    if not os.path.exists(sif):
        subprocess.run(["apptainer", "-q", "pull", sif, f"docker://{IMAGE}"], check=True)
    d = tempfile.mkdtemp(prefix="bench-sbatch-", dir=f"{LAB}")
    if sandbox:
        run = f"""unshare --user --map-root-user --map-auto --net sh -c 'ip link set lo up; exec sleep infinity' &
pid=$!
here=$(readlink /proc/self/ns/user)
for i in $(seq 200); do [ "$(readlink /proc/$pid/ns/user)" != "$here" ] && break; sleep 0.02; done
sudo -n {NETWORK_HELPER} add bench-$SLURM_JOB_ID $pid > /dev/null
nsenter --preserve-credentials --user --net --target $pid -- apptainer -q exec --cleanenv --contain --no-eval --writable-tmpfs --hostname p {sif} true
sudo -n {NETWORK_HELPER} del bench-$SLURM_JOB_ID > /dev/null
kill $pid"""
    else:
        run = f"apptainer exec {sif} true"
    script = f"""#!/bin/bash
date +%s.%N > {d}/$SLURM_JOB_ID.start
{run}
date +%s.%N > {d}/$SLURM_JOB_ID.end
"""
    path = os.path.join(d, "job.sh")
    open(path, "w").write(script)
    t0_wall, t0 = time.time(), time.monotonic()
    submitted = {}
    for _ in range(n):
        at = time.time()
        job = subprocess.run(["sbatch", "--parsable", "-c1", "--mem=50", "-o", "/dev/null", path],
                             capture_output=True, text=True, check=True).stdout.strip()
        submitted[job] = at
    ids = list(submitted)
    deadline = t0 + 900
    while time.monotonic() < deadline and sum(os.path.exists(f"{d}/{j}.end") for j in ids) < n:
        time.sleep(0.2)
    starts = [float(open(f"{d}/{j}.start").read()) - submitted[j] for j in ids if os.path.exists(f"{d}/{j}.start")]
    ends = [float(open(f"{d}/{j}.end").read()) - submitted[j] for j in ids if os.path.exists(f"{d}/{j}.end")]
    last = max(float(open(f"{d}/{j}.end").read()) for j in ids if os.path.exists(f"{d}/{j}.end")) - t0_wall
    return starts, ends, last


CLK = os.sysconf("SC_CLK_TCK")
CONTROL_PLANE = ("kube-apiserver", "etcd", "kube-controller", "coredns", "metrics-server")
SLURM_DAEMONS = ("slurmctld", "slurmd", "slurmstepd", "munged")


def cpu_snapshot(hpk_pid):
    """CPU seconds so far: the whole machine's busy time, and that of HPK, the control plane and
    Slurm's daemons (processes alive now; the jobs come and go, so they are the remainder)."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    busy = (sum(fields) - fields[3] - fields[4]) / CLK
    groups = {"hpk": 0.0, "control plane": 0.0, "slurm daemons": 0.0}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        rest = stat[stat.rindex(")") + 2:].split()
        used = (int(rest[11]) + int(rest[12])) / CLK
        if int(pid) == hpk_pid:
            groups["hpk"] += used
        elif comm.startswith(CONTROL_PLANE):
            groups["control plane"] += used
        elif comm.startswith(SLURM_DAEMONS) and comm != "slurmstepd":
            groups["slurm daemons"] += used
    return busy, groups, time.monotonic()


def cpu_profile(before, after):
    busy = after[0] - before[0]
    used = {k: after[1][k] - before[1][k] for k in after[1]}
    used["jobs and the rest"] = busy - sum(used.values())
    return busy, used, after[2] - before[2]


STAMP = re.compile(r"^(\d\d:\d\d:\d\d\.\d\d\d) ")


def stage_profile(log_path, ns):
    """From HPK's log: when the pods of this run were bound and submitted, and how long each stage
    took where the build logs it."""
    bound, handed, submitted = [], [], []
    for line in open(log_path, errors="replace"):
        if f"[{ns}/" not in line:
            continue
        m = STAMP.match(line)
        if not m:
            continue
        at = datetime.datetime.strptime(m.group(1), "%H:%M:%S.%f").timestamp()
        took = re.search(r" in (\d+) ms|(\d+) ms after it was seen", line)
        ms = int(took.group(1) or took.group(2)) if took else None
        if " bound to " in line:
            bound.append((at, ms))
        elif "handed to the Slurm bridge" in line:
            handed.append((at, ms))
        elif " submitted as [job " in line:
            submitted.append((at, ms))
    def spread(events):
        return max(a for a, _ in events) - min(a for a, _ in events) if events else float("nan")
    def p50(events):
        values = [ms for _, ms in events if ms is not None]
        return f"p50 {pct(values, 50):.0f} ms, p95 {pct(values, 95):.0f} ms" if values else "not logged"
    return (f"bound {len(bound)} over {spread(bound):.1f} s (each {p50(bound)}); "
            f"handed to the bridge: {p50(handed)}; "
            f"submitted {len(submitted)} over {spread(submitted):.1f} s (sbatch {p50(submitted)})")


def run_build(n, jar):
    """The pods of one build: its figures, CPU profile and stage profile."""
    name = os.path.basename(jar)
    log_path = os.path.join(ROOT, "bench", f"hpk-bench-{name}.log")
    jfr_dir = os.environ.get("BENCH_JFR")
    options = [f"-XX:StartFlightRecording=filename={jfr_dir}/{name}.jfr,settings=profile"] if jfr_dir else []
    with hpk_running(jar, log_path, options) as hpk:
        before = cpu_snapshot(hpk.pid)
        running, succeeded, pods_last, ns = run_pods(n)
        after = cpu_snapshot(hpk.pid)
        with open(f"/proc/{hpk.pid}/status") as f:
            rss = next(l.split()[1] for l in f if l.startswith("VmHWM"))
    return dict(name=name, running=running, succeeded=succeeded, last=pods_last, rss=int(rss) // 1024,
                cpu=cpu_profile(before, after), stages=stage_profile(log_path, ns))


def main():
    args = sys.argv[1:]
    n = int(args.pop(0)) if args and args[0].isdigit() else 100
    jars = args or [f"{ROOT}/launcher/target/hpk.jar"]
    for sandbox in (True, False):
        before = cpu_snapshot(-1)
        starts, ends, jobs_last = run_sbatch(n, sandbox)
        busy, used, wall = cpu_profile(before, cpu_snapshot(-1))
        jobs_s = len(ends) / jobs_last
        print(f"N={n}  raw{' + the pod sandbox' if sandbox else ''}: sbatch jobs finished {len(ends)}/{n},"
              f" {jobs_s:.2f} jobs/s, submit→start p50 {pct(starts, 50):.2f}s p95 {pct(starts, 95):.2f}s, "
              f"submit→end p50 {pct(ends, 50):.2f}s p95 {pct(ends, 95):.2f}s", flush=True)
        print(f"  CPU while the jobs ran: {busy:.0f} s busy of {os.cpu_count() * wall:.0f} s; "
              + ", ".join(f"{k} {v:.0f} s" for k, v in used.items() if k != "hpk"), flush=True)
        time.sleep(5)
    # The pods' rows compare with the plain raw jobs (the last run above), as before.
    for jar in jars:
        time.sleep(10)  # the jobs of the run before have ended; let the nodes settle
        r = run_build(n, jar)
        pods_s = len(r["succeeded"]) / r["last"]
        busy, used, wall = r["cpu"]
        print(f"\n{r['name']}: pods succeeded {len(r['succeeded'])}/{n}")
        print(f"  throughput   pods/s {pods_s:7.2f}   sbatch jobs/s {jobs_s:7.2f}   ratio {pods_s / jobs_s if jobs_s else 0:5.2f}")
        print(f"  created→Running p50 {pct(r['running'], 50):6.2f}s  p95 {pct(r['running'], 95):6.2f}s   | submit→start p50 {pct(starts, 50):6.2f}s  p95 {pct(starts, 95):6.2f}s")
        print(f"  created→Succeeded p50 {pct(r['succeeded'], 50):6.2f}s  p95 {pct(r['succeeded'], 95):6.2f}s   | submit→end   p50 {pct(ends, 50):6.2f}s  p95 {pct(ends, 95):6.2f}s")
        print(f"  HPK JVM peak RSS {r['rss']} MiB")
        print(f"  CPU while the pods ran: {busy:.0f} s busy of {os.cpu_count() * wall:.0f} s ({os.cpu_count()} cores); "
              + ", ".join(f"{k} {v:.0f} s" for k, v in used.items()))
        print(f"  stages: {r['stages']}", flush=True)


if __name__ == "__main__":
    main()
