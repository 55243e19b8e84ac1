#!/usr/bin/env bash
# Runs Kubernetes' own node conformance tests (built by build.sh, images pushed by images.sh) against HPK on
# the lab, as the HPC user: starts HPK in one JVM, runs the selection minus excluded.txt, prints
# "N passed, M failed" and leaves the reports in $LAB_STATE/conformance (or REPORT_DIR). FOCUS narrows the
# selection to names matching a regular expression (e.g. FOCUS='InitContainer'), SKIP leaves more out.
# The specs run in PROCS parallel ginkgo processes (default 4; a failing spec mostly waits out a timeout),
# then those labelled Serial one at a time, as upstream runs them.
# Usage: run.sh [HPK_JAR]
source "$(dirname "$0")/../lab/lib.sh"
require_user conformance

here=$(cd "$(dirname "$0")" && pwd)
jar=${1:-$here/../../launcher/target/hpk.jar}
suite="$LAB_BIN/e2e-node-conformance-$K8S_VERSION"
ginkgo="$LAB_BIN/ginkgo-$K8S_VERSION"
procs=${PROCS:-4}
out=${REPORT_DIR:-$LAB_STATE/conformance}
kubectl=${KUBECTL:-/usr/lib/google-cloud-sdk/bin/kubectl.1.33}
export KUBECONFIG="$LAB_STATE/admin.kubeconfig" KUBE_TEST_REPO_LIST="$here/repo-list.yaml"
# What a kubelet answers for: the node conformance tests of sig-node (Ginkgo labels).
selection='sig-node && (NodeConformance || Conformance)'
[[ -x $suite && -x $ginkgo ]] || die "$suite or $ginkgo missing: run deploy/conformance/build.sh as root first"
[[ -f $jar ]] || die "$jar missing: make build first"

# excluded.txt: one "regular expression<TAB>reason" per line; the expressions are Ginkgo skips.
skip=${SKIP:-}$(awk -F'\t' '!/^#/ && $1 != "" { printf "%s%s", sep, $1; sep = "|" }' sep="${SKIP:+|}" "$here/excluded.txt")

rm -rf "$out" && mkdir -p "$out"
java -jar "$jar" --config "$here/../lab/hpk-lab.yaml" > "$out/hpk.log" 2>&1 &
hpk=$!
trap 'kill $hpk 2> /dev/null; wait $hpk 2> /dev/null' EXIT
node_ready() {
  [[ $("$kubectl" get node hpk-kubelet -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2> /dev/null) == True ]]
}
wait_for "node hpk-kubelet Ready" 120 node_ready

# The ginkgo CLI runs a compiled suite only under a name ending in .test.
ln -sf "$suite" "$out/node-conformance.test"
# run_pass NAME LABELS PROCS: one ginkgo run of the selection's specs with LABELS; the log is e2e$NAME.log,
# the report junit$NAME.xml.
run_pass() {
  "$ginkgo" run --procs="$3" --label-filter="$selection && $2" --focus="${FOCUS:-.}" --skip="${skip:-^$}" \
    --no-color --timeout=3h --output-dir="$out" --junit-report="junit$1.xml" \
    "$out/node-conformance.test" -- --provider=skeleton --kubeconfig="$KUBECONFIG" --report-dir="$out" > "$out/e2e$1.log" 2>&1
}

# count WORD: the sum of "N WORD" over both passes' summaries ("FAIL! -- 3 Passed | 1 Failed | ...").
count() {
  grep -hE '^(SUCCESS|FAIL)! -- ' "$out/e2e.log" "$out/e2e-serial.log" 2> /dev/null \
    | grep -oE "[0-9]+ $1" | awk '{ n += $1 } END { print n + 0 }'
}

# ran SKIP: how many specs of the selection (FOCUS) a run skipping SKIP runs, from a dry run.
ran() {
  "$suite" --provider=skeleton --kubeconfig="$KUBECONFIG" --ginkgo.dry-run --ginkgo.label-filter="$selection" \
    --ginkgo.focus="${FOCUS:-.}" --ginkgo.skip="$1" 2> /dev/null | grep -oE 'Ran [0-9]+ of' | grep -oE '[0-9]+'
}
total=$(ran '^$')
excluded=$((total - $(ran "${skip:-^$}")))

log "running the node conformance tests in $procs processes (log: $out/e2e.log, then $out/e2e-serial.log)"
status=0
run_pass '' '!Serial' "$procs" || status=$?
run_pass -serial 'Serial' 1 || status=$?

grep -hE '^\s*\[FAIL\]' "$out/e2e.log" "$out/e2e-serial.log" 2> /dev/null | sort -u | sed 's/^\s*/failed: /' || true
echo "$(count Passed) passed, $(count Failed) failed (of the selection's $total; $excluded excluded by excluded.txt${SKIP:+ and SKIP})"
grep -qE '^(SUCCESS|FAIL)! -- ' "$out/e2e.log" || { log "no summary in $out/e2e.log"; tail -20 "$out/e2e.log"; }
exit "$status"
