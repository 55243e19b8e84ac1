#!/usr/bin/env bash
# Sourced by registry.sh: localhost:5000/openmpi:$OPENMPI_TAG, the kubectl image plus Debian's Open MPI
# runtime (mpirun/orted, libmpi, its MCA plug-ins, PMIx, hwloc, the help texts mpirun prints from, and
# the shared libraries all of them load), /usr/bin/mpi-hello (deploy/lab/mpi/mpi-hello.c compiled with
# Debian's mpicc) and /usr/bin/kubexec.sh (mpirun's remote shell through kubectl exec).
# deploy/examples/mpi runs it; the tag is Open MPI's upstream version in Debian 12.

OPENMPI_TAG=4.1.4
OPENMPI_LAYOUT="$HPK_CACHE/images/openmpi-$OPENMPI_TAG"
OPENMPI_SOURCES="$(dirname "${BASH_SOURCE[0]}")/mpi"
# What the runtime is made of; libopenmpi-dev only for mpicc, on the host.
OPENMPI_PACKAGES=(openmpi-bin libopenmpi3 openmpi-common libpmix2 libhwloc15 libhwloc-plugins)

openmpi_install_packages() {
  apt_install "${OPENMPI_PACKAGES[@]}" libopenmpi-dev gcc libc6-dev
  local upstream
  upstream=$(dpkg-query -W -f '${Version}' openmpi-bin | sed -E 's/^[0-9]+://; s/-[^-]*$//')
  [[ $upstream == "$OPENMPI_TAG" ]] ||
    die "Debian's openmpi-bin is $upstream; the image tag (and deploy/examples/mpi) say $OPENMPI_TAG"
}

# copy_file_into ROOT FILE: FILE at the same path under ROOT (cp -a --parents failed here on
# /etc/openmpi's files); a link into /etc/alternatives becomes a link to what the alternative chose.
copy_file_into() {
  local root=$1 file=$2
  mkdir -p "$root$(dirname "$file")"
  if [[ -L $file && $(readlink "$file") == /etc/alternatives/* ]]; then
    ln -sfn "$(readlink -f "$file")" "$root$file"
  else
    cp -a "$file" "$root$file"
  fi
}

is_elf() { [[ -f $1 && ! -L $1 && $(head -c4 "$1" | od -An -c | tr -d ' ') == '177ELF' ]]; }

# stage_openmpi ROOT: the packages' files (no docs) and the ldd closure of every ELF file among them,
# each library copied (links resolved) to the path the loader found it at, which in Debian 12 is one
# of the loader's built-in directories, so the image needs no ld.so.cache.
stage_openmpi() {
  local root=$1 file lib deps missing
  while read -r file; do
    [[ -d $file || ! -e $file ]] && continue
    copy_file_into "$root" "$file"
  done < <(dpkg -L "${OPENMPI_PACKAGES[@]}" | grep -Ev '^/usr/share/(doc|man|lintian|bug)/')
  deps=$(find "$root" -type f | while read -r file; do is_elf "$file" && { ldd "$file" || true; }; done)
  missing=$(grep 'not found' <<<"$deps" | sort -u || true)
  [[ -z $missing ]] || die "Open MPI image: libraries not found: $missing"
  while read -r lib; do
    [[ -e $root$lib ]] && continue
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done < <(awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' <<<"$deps" | sort -u)
  # update-alternatives' names, which no package lists
  ln -sfn orterun "$root/usr/bin/mpirun"
  ln -sfn orterun "$root/usr/bin/mpiexec"
  mpicc -O2 -Wall -o "$root/usr/bin/mpi-hello" "$OPENMPI_SOURCES/mpi-hello.c"
  install -m 0755 "$OPENMPI_SOURCES/kubexec.sh" "$root/usr/bin/kubexec.sh"
  install -D -m 0755 "$KUBECTL" "$root/bin/kubectl"
}

build_openmpi_image() {
  local stamp stage
  stamp="busybox-static $(busybox_version), openmpi-bin $(dpkg-query -W -f '${Version}' openmpi-bin)"
  stamp+=", kubectl $(sha256sum "$KUBECTL" | cut -c1-16), sources $(cat "${BASH_SOURCE[0]}" \
    "$OPENMPI_SOURCES"/* | sha256sum | cut -c1-16)"
  [[ $(cat "$OPENMPI_LAYOUT/.stamp" 2>/dev/null) == "$stamp" ]] && return 0
  stage=$(mktemp -d)
  chmod 0755 "$stage"
  stage_openmpi "$stage"
  build_layout "$OPENMPI_LAYOUT" "$OPENMPI_TAG" "$stamp" "$stage:/"
  rm -rf "$stage"
}
