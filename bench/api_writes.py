#!/usr/bin/env python3
"""API-server writes per pod: what HPK (scheduler, kubelet, bridge) writes for a pod from creation to
Succeeded, counted by the API server itself.

Reads kube-apiserver's apiserver_request_total (write verbs, by resource and subresource) before and
after N pods (restartPolicy Never, one container running `true`) run to completion, subtracts what the
same time costs when idle (leases, node status: measured in a quiet window of the same length) and the
bench's own pod creations, and prints writes per pod next to a stock kubelet's, together with the
events the pods got by reason. Needs the lab up, the jar built, and nothing else using the API server
(hold /tmp/hpk-e2e.lock on the shared lab).

usage: bench/api_writes.py [N]
"""
import collections, json, re, sys, time, uuid

from hpk_bench import IMAGE, hpk_running, kubectl, wait_for

WRITE_VERBS = {"POST", "PUT", "PATCH", "DELETE", "APPLY", "CREATE", "UPDATE"}
SAMPLE = re.compile(r'^apiserver_request_total\{(.*)\} (\S+)$')
LABEL = re.compile(r'(\w+)="([^"]*)"')

# A stock kubelet and kube-scheduler for the same pod (image present on the node, no probes): one
# binding and its Scheduled event, the kubelet's Pulled, Created and Started events, one
# TokenRequest for the projected service-account token, and its status patches (Pending with
# ContainerCreating, the sandbox ready with the pod IP, the end; a longer container adds Running).
STOCK = {"bindings POST": 1, "events POST": 4, "serviceaccounts/token POST": 1, "pods/status PATCH": 3}


def writes():
    counts = collections.Counter()
    for line in kubectl("get", "--raw", "/metrics").splitlines():
        m = SAMPLE.match(line)
        if not m:
            continue
        labels = dict(LABEL.findall(m.group(1)))
        if labels.get("verb") not in WRITE_VERBS:
            continue
        resource = labels["resource"] + ("/" + labels["subresource"] if labels.get("subresource") else "")
        counts[f"{resource} {labels['verb']}"] += int(float(m.group(2)))
    return counts


def run_pods(n):
    ns = "bench-writes-" + uuid.uuid4().hex[:6]
    kubectl("create", "namespace", ns)
    docs = [f"""apiVersion: v1
kind: Pod
metadata: {{name: p{i}, namespace: {ns}}}
spec:
  restartPolicy: Never
  containers: [{{name: main, image: {IMAGE}, command: ["true"], resources: {{requests: {{cpu: 100m, memory: 50Mi}}}}}}]
""" for i in range(n)]
    before, t0 = writes(), time.monotonic()
    kubectl("create", "-f", "-", input="---\n".join(docs))

    def all_succeeded():
        phases = kubectl("get", "pods", "-n", ns, "-o", "jsonpath={.items[*].status.phase}").split()
        return len(phases) == n and all(p == "Succeeded" for p in phases)

    wait_for(f"{n} pods to succeed", all_succeeded, 900, 1.0)
    time.sleep(5)  # status writes and events that trail the last phase change
    after, took = writes(), time.monotonic() - t0
    events = collections.Counter(
        e["reason"] for e in json.loads(kubectl("get", "events", "-n", ns, "-o", "json"))["items"])
    kubectl("delete", "namespace", ns, "--wait=false")
    return after - before, took, events


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with hpk_running():
        time.sleep(10)  # HPK's start-up writes (node, lease, reconcile) are over
        during, took, events = run_pods(n)
        quiet_start = writes()
        time.sleep(took)
        idle = writes() - quiet_start
    during["pods POST"] -= n  # the bench's own creations
    per_pod = {k: (during[k] - idle[k]) / n for k in sorted(set(during) | set(STOCK))}
    print(f"N={n} pods, {took:.0f} s from creation to the last Succeeded (and an idle window as long)")
    print(f"{'resource verb':32} {'HPK per pod':>12} {'stock kubelet':>14}")
    for key, value in per_pod.items():
        if abs(value) >= 0.05 or key in STOCK:
            print(f"{key:32} {value:12.2f} {STOCK.get(key, 0):14}")
    total = sum(v for v in per_pod.values() if v > 0)
    print(f"{'all writes':32} {total:12.2f} {sum(STOCK.values()):14}")
    print("events per pod by reason: " + ", ".join(f"{r} {c / n:.2f}" for r, c in sorted(events.items())))


if __name__ == "__main__":
    main()
