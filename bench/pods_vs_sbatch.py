#!/usr/bin/env python3
"""Throughput and latency of pods through HPK against the same work as raw sbatch jobs, one run.

Creates N pods (restartPolicy Never, one container running `true`) through the API server and, in
the same run, N sbatch jobs that run `true` in the same image under Apptainer. Prints pods/s
against jobs/s, p50/p95 from create to Running and to Succeeded against submit to start and to
end, and HPK's peak RSS. Needs the lab up (make lab-up) and the jar built (make build).

usage: bench/pods_vs_sbatch.py [N]
"""
import os, subprocess, sys, tempfile, threading, time, uuid

from hpk_bench import IMAGE, KUBECTL, LAB, hpk_running, kubectl

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
    return running, finished, last


def run_sbatch(n):
    sif = f"{LAB}/images/busybox_1.35.sif"
    if not os.path.exists(sif):
        subprocess.run(["apptainer", "-q", "pull", sif, f"docker://{IMAGE}"], check=True)
    d = tempfile.mkdtemp(prefix="bench-sbatch-", dir=f"{LAB}")
    script = f"""#!/bin/bash
date +%s.%N > {d}/$SLURM_JOB_ID.start
apptainer exec {sif} true
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


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with hpk_running() as hpk:
        running, succeeded, pods_last = run_pods(n)
        with open(f"/proc/{hpk.pid}/status") as f:
            rss = next(l.split()[1] for l in f if l.startswith("VmHWM"))
    starts, ends, jobs_last = run_sbatch(n)
    pods_s = len(succeeded) / pods_last
    jobs_s = len(ends) / jobs_last
    print(f"N={n}  pods succeeded {len(succeeded)}/{n}, sbatch jobs finished {len(ends)}/{n}")
    print(f"throughput   pods/s {pods_s:7.2f}   sbatch jobs/s {jobs_s:7.2f}   ratio {pods_s / jobs_s if jobs_s else 0:5.2f}")
    print(f"created→Running p50 {pct(running, 50):6.2f}s  p95 {pct(running, 95):6.2f}s   | submit→start p50 {pct(starts, 50):6.2f}s  p95 {pct(starts, 95):6.2f}s")
    print(f"created→Succeeded p50 {pct(succeeded, 50):6.2f}s  p95 {pct(succeeded, 95):6.2f}s   | submit→end   p50 {pct(ends, 50):6.2f}s  p95 {pct(ends, 95):6.2f}s")
    print(f"HPK JVM peak RSS {int(rss) // 1024} MiB")


if __name__ == "__main__":
    main()
