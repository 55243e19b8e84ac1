#!/bin/sh
# mpirun's remote shell (--mca plm_rsh_agent kubexec.sh), as the MPI operator's launcher had it:
# "kubexec.sh POD COMMAND..." runs COMMAND (orted and its arguments) in POD's first container through
# kubectl exec, with the pod's service account (pods get, pods/exec create).
pod=$1
shift
exec kubectl exec "$pod" -- /bin/sh -c "$*"
