# HPK for the JVM. `make run` and `make test` work on a fresh machine: they install what is missing.
SHELL := /bin/bash
MVN := mvn -B -ntp
LAB := deploy/lab/lab.sh
LAB_STATE ?= /var/lib/hpk-lab
JAR := launcher/target/hpk.jar
KUBECTL ?= /usr/lib/google-cloud-sdk/bin/kubectl.1.33

.PHONY: run test build unit lab-up lab-down lab-status run-hpk-master run-kubelet bench clean

## run: build HPK, bring the whole lab up, run HPK in one JVM against it (Ctrl-C stops it)
run: build lab-up run-kubelet

## test: every tier (unit, integration against real Slurm, end-to-end against the lab)
test: lab-up
	$(MVN) verify -DskipITs=false

## build: the shaded jar launcher/target/hpk.jar (unit tests run too)
build:
	$(MVN) install

## unit: unit tests only, no lab needed
unit:
	$(MVN) verify

lab-up:
	$(LAB) up

lab-down:
	$(LAB) down

lab-status:
	$(LAB) status

## run-hpk-master: the control plane alone (etcd, kube-apiserver, controller-manager, CoreDNS)
run-hpk-master:
	$(LAB) up controlplane

## run-kubelet: the HPK JVM alone, against a lab that is already up
run-kubelet:
	@echo "kubectl: export KUBECONFIG=$(LAB_STATE)/admin.kubeconfig; $(KUBECTL) get nodes"
	java -jar $(JAR) --config deploy/lab/hpk-lab.yaml

## bench: pods through HPK against raw sbatch jobs, side by side in one run (N=100)
bench: build lab-up
	bench/pods_vs_sbatch.py $(or $(N),100)

clean:
	$(MVN) clean
