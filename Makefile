# HPK for the JVM. `make run` and `make test` work on a fresh machine: they install what is missing.
# Run as root, they do the site admin's part of the lab as root and everything else (build, HPK, kubectl,
# tests) as the lab's HPC user; run as that user, they need the site's part up already (sudo make lab-up).
SHELL := /bin/bash
LAB := deploy/lab/lab.sh
LAB_STATE ?= /var/lib/hpk-lab
LAB_USER ?= hpcuser
HPK_CACHE ?= /var/cache/hpk
JAR := launcher/target/hpk.jar
KUBECTL ?= /usr/lib/google-cloud-sdk/bin/kubectl.1.33
ifeq ($(shell id -u),0)
AS_USER := runuser -u $(LAB_USER) --
PREPARE_USER := $(LAB) user
MVN_REPO := -Dmaven.repo.local=$(HPK_CACHE)/m2
endif
MVN := $(AS_USER) mvn -B -ntp $(MVN_REPO)

.PHONY: run test build unit user lab-up lab-down lab-status run-hpk-master run-kubelet doctor bench clean \
	conformance conformance-build

## run: bring the whole lab up, build HPK, run HPK in one JVM against it (Ctrl-C stops it)
run: lab-up build run-kubelet

## test: every tier (unit, integration against real Slurm, end-to-end against the lab, a fast subset of the
## node conformance tests)
test: lab-up conformance-build
	$(MVN) verify -DskipITs=false

## build: the shaded jar launcher/target/hpk.jar (unit tests run too)
build: user
	$(MVN) install

## unit: unit tests only, no lab needed
unit: user
	$(MVN) verify

user:
	$(PREPARE_USER)

lab-up:
	$(LAB) up

lab-down:
	$(LAB) down

lab-status:
	$(LAB) status

## run-hpk-master: the control plane alone, in its Apptainer container (etcd, kube-apiserver, controller-manager,
## CoreDNS, metrics-server; deploy/controlplane/hpk-master.def)
run-hpk-master:
	$(LAB) up controlplane

## run-kubelet: the HPK JVM alone, against a lab that is already up
run-kubelet:
	@echo "kubectl (as $(LAB_USER)): export KUBECONFIG=$(LAB_STATE)/admin.kubeconfig; $(KUBECTL) get nodes"
	$(AS_USER) java -jar $(JAR) --config deploy/lab/hpk-lab.yaml

## doctor: check what HPK needs from the site with the lab's configuration, one line per check with its fix
doctor:
	$(AS_USER) java -jar $(JAR) doctor --config deploy/lab/hpk-lab.yaml

## conformance: Kubernetes' own node conformance tests against HPK on the lab; prints "N passed, M failed"
conformance: lab-up build conformance-build
	$(AS_USER) deploy/conformance/run.sh

## conformance-build: the conformance tests and agnhost from the Kubernetes module, their images in the registry
conformance-build:
	deploy/conformance/build.sh
	deploy/conformance/images.sh

## bench: pods through HPK against raw sbatch jobs, side by side in one run (N=100)
bench: lab-up build
	$(AS_USER) bench/pods_vs_sbatch.py $(or $(N),100)

clean:
	$(MVN) clean
