#!/usr/bin/env python3
"""How soon `kubectl logs -f` delivers a line the container wrote: for each line, the time kubectl hands it
over minus the line's CRI timestamp (taken by the job's line copier on the node when it read the line).
Side by side in one run: HPK from each jar given (default: launcher/target/hpk.jar), one after the other.

    bench/follow_latency.py [JAR ...]     # as the lab's user, with the lab up
"""
import datetime, statistics, subprocess, sys, time, uuid
from hpk_bench import IMAGE, KUBECTL, hpk_running, kubectl, wait_for, ROOT

LINES = 150
INTERVAL = "0.2"


def parse(stamp):
    # RFC 3339 with nanoseconds; Python keeps microseconds.
    date, frac = stamp.rstrip("Z").split(".")
    return datetime.datetime.fromisoformat(date + "." + frac[:6]).replace(tzinfo=datetime.timezone.utc).timestamp()


def measure(jar):
    ns = "bench-follow-" + uuid.uuid4().hex[:6]
    kubectl("create", "namespace", ns)
    try:
        with hpk_running(jar):
            kubectl("run", "ticker", "-n", ns, f"--image={IMAGE}", "--restart=Never", "--",
                    "sh", "-c", f"sleep 5; i=0; while [ $i -lt {LINES} ]; do echo $i; i=$((i+1)); sleep {INTERVAL}; done")
            wait_for("ticker Running", lambda: kubectl("get", "pod", "ticker", "-n", ns, "-o",
                                                       "jsonpath={.status.phase}") == "Running", 240, 0.2)
            follow = subprocess.Popen(KUBECTL + ["logs", "-f", "--timestamps", "ticker", "-n", ns],
                                      stdout=subprocess.PIPE, text=True, bufsize=1)
            delays = []
            for line in follow.stdout:
                now = time.time()
                stamp, _, text = line.rstrip("\n").partition(" ")
                if text.isdigit() and int(text) >= 10:  # the first lines may predate the follow
                    delays.append((now - parse(stamp)) * 1000)
            follow.wait(30)
            return delays
    finally:
        subprocess.run(KUBECTL + ["delete", "namespace", ns, "--wait=false"], capture_output=True)


def main():
    jars = sys.argv[1:] or [f"{ROOT}/launcher/target/hpk.jar"]
    for jar in jars:
        d = sorted(measure(jar))
        print(f"{jar}: {len(d)} lines, follow delay p50 {statistics.median(d):.0f} ms,"
              f" p95 {d[int(len(d) * 0.95) - 1]:.0f} ms, max {d[-1]:.0f} ms")


if __name__ == "__main__":
    main()
