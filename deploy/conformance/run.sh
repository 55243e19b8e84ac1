#!/usr/bin/env bash
# Runs Kubernetes' own node conformance tests (built by build.sh, images pushed by images.sh) against HPK on
# the lab, as the HPC user: starts HPK in one JVM, runs the selection minus excluded.txt, prints
# "N passed, M failed" and leaves the reports in $LAB_STATE/conformance (or REPORT_DIR). FOCUS narrows the
# selection to names matching a regular expression (e.g. FOCUS='InitContainer'), SKIP leaves more out.
# Usage: run.sh [HPK_JAR]
source "$(dirname "$0")/../lab/lib.sh"
require_user conformance

here=$(cd "$(dirname "$0")" && pwd)
jar=${1:-$here/../../launcher/target/hpk.jar}
suite="$LAB_BIN/e2e-node-conformance-$K8S_VERSION"
out=${REPORT_DIR:-$LAB_STATE/conformance}
kubectl=${KUBECTL:-/usr/lib/google-cloud-sdk/bin/kubectl.1.33}
export KUBECONFIG="$LAB_STATE/admin.kubeconfig" KUBE_TEST_REPO_LIST="$here/repo-list.yaml"
# What a kubelet answers for: the node conformance tests of sig-node (Ginkgo labels).
selection='sig-node && (NodeConformance || Conformance)'
[[ -x $suite ]] || die "$suite missing: run deploy/conformance/build.sh as root first"
[[ -f $jar ]] || die "$jar missing: make build first"

# excluded.txt: one "regular expression<TAB>reason" per line; the expressions are Ginkgo skips.
skip=${SKIP:-}$(awk -F'\t' '!/^#/ && $1 != "" { printf "%s%s", sep, $1; sep = "|" }' sep="${SKIP:+|}" "$here/excluded.txt")
excluded=$(awk -F'\t' '!/^#/ && $1 != ""' "$here/excluded.txt" | wc -l)

rm -rf "$out" && mkdir -p "$out"
java -jar "$jar" --config "$here/../lab/hpk-lab.yaml" > "$out/hpk.log" 2>&1 &
hpk=$!
trap 'kill $hpk 2> /dev/null; wait $hpk 2> /dev/null' EXIT
node_ready() {
  [[ $("$kubectl" get node hpk-kubelet -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2> /dev/null) == True ]]
}
wait_for "node hpk-kubelet Ready" 120 node_ready

log "running the node conformance tests (log: $out/e2e.log)"
"$suite" --provider=skeleton --kubeconfig="$KUBECONFIG" --report-dir="$out" \
  --ginkgo.label-filter="$selection" --ginkgo.focus="${FOCUS:-.}" --ginkgo.skip="${skip:-^$}" \
  --ginkgo.no-color --ginkgo.timeout=3h --ginkgo.junit-report="$out/junit.xml" > "$out/e2e.log" 2>&1 \
  && status=0 || status=$?

summary=$(grep -E '^(SUCCESS|FAIL)! -- ' "$out/e2e.log" | tail -1)
passed=$(grep -oE '[0-9]+ Passed' <<< "$summary" | cut -d' ' -f1)
failed=$(grep -oE '[0-9]+ Failed' <<< "$summary" | cut -d' ' -f1)
grep -E '^\s*\[FAIL\]' "$out/e2e.log" | sort -u | sed 's/^\s*/failed: /' || true
echo "${passed:-0} passed, ${failed:-0} failed (of the selection; $excluded excluded)"
[[ -n $summary ]] || { log "no summary in $out/e2e.log"; tail -20 "$out/e2e.log"; }
exit "$status"
