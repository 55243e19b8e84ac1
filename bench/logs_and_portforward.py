#!/usr/bin/env python3
"""kubectl logs of a 100 MB log and a 100 MB transfer through kubectl port-forward, each against its
direct equivalent in the same run: `cat` of the log file and a direct TCP copy from the pod's IP.
Prints MB/s and ratios. Needs the lab up (make lab-up) and the jar built (make build).

usage: bench/logs_and_portforward.py [MB]
"""
import os, socket, subprocess, sys, time, uuid

from hpk_bench import IMAGE, KUBECTL, container_log, hpk_running, kubectl, wait_for


def timed(command, **kw):
    start = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, **kw)
    return time.monotonic() - start


def phase(ns, pod):
    return subprocess.run(KUBECTL + ["get", "pod", pod, "-n", ns, "-o", "jsonpath={.status.phase}"], capture_output=True, text=True).stdout


def copy_from(host, port, nbytes):
    start = time.monotonic()
    with socket.create_connection((host, port)) as s:
        s.sendall(b"GET /blob HTTP/1.0\r\n\r\n")
        got = 0
        while True:
            chunk = s.recv(1 << 20)
            if not chunk:
                break
            got += len(chunk)
    return time.monotonic() - start, got


def main():
    mb = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    ns = "bench-io-" + uuid.uuid4().hex[:6]
    with hpk_running():
        time.sleep(2)
        try:
            kubectl("create", "namespace", ns)
            lines = mb * 1024 * 1024 // 100
            kubectl("run", "writer", "-n", ns, f"--image={IMAGE}", "--restart=Never", "--",
                    "sh", "-c", f"yes 012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678 | head -n {lines}")
            wait_for("writer Succeeded", lambda: phase(ns, "writer") == "Succeeded")
            log = container_log(ns, "writer", "writer")
            size = os.path.getsize(log) / 1e6
            t_cat = timed(["cat", log])
            t_logs = timed(KUBECTL + ["logs", "writer", "-n", ns])

            kubectl("run", "server", "-n", ns, f"--image={IMAGE}", "--restart=Never", "--",
                    "sh", "-c", f"mkdir -p /tmp/www && head -c {mb * 1024 * 1024} /dev/zero > /tmp/www/blob && exec httpd -f -p 8080 -h /tmp/www")
            wait_for("server Running", lambda: phase(ns, "server") == "Running")
            time.sleep(3)
            ip = kubectl("get", "pod", "server", "-n", ns, "-o", "jsonpath={.status.podIP}")
            t_direct, n_direct = copy_from(ip, 8080, mb)
            forward = subprocess.Popen(KUBECTL + ["port-forward", "-n", ns, "pod/server", "18089:8080"], stdout=subprocess.PIPE, text=True)
            forward.stdout.readline()
            t_fwd, n_fwd = copy_from("127.0.0.1", 18089, mb)
            forward.terminate()
        finally:
            subprocess.run(KUBECTL + ["delete", "namespace", ns, "--wait=false"], capture_output=True)
    print(f"log file {size:.0f} MB (CRI lines; kubectl prints the text without prefixes)")
    print(f"kubectl logs      {size / t_logs:8.1f} MB/s   cat of the file {size / t_cat:8.1f} MB/s   ratio {t_cat / t_logs:5.2f}")
    print(f"port-forward      {n_fwd / 1e6 / t_fwd:8.1f} MB/s   direct TCP      {n_direct / 1e6 / t_direct:8.1f} MB/s   ratio {t_direct / t_fwd:5.2f}"
          f"   ({n_fwd / 1e6:.0f} MB through the forward, {n_direct / 1e6:.0f} MB direct)")


if __name__ == "__main__":
    main()
