#!/usr/bin/env bash
# The control-plane container's userland, made from this machine's own programs (no distribution image, no
# download): busybox-static for the shell tools, bash, openssl (the PKI is made on first start), curl (health
# checks with client certificates) and kubectl, each with the shared libraries `ldd` names.
# Usage: rootfs.sh ROOTFS KUBECTL   (hpk-master.def's %setup calls it)
set -euo pipefail

rootfs=${1:?usage: rootfs.sh ROOTFS KUBECTL}
kubectl=${2:?usage: rootfs.sh ROOTFS KUBECTL}

# copy_with_path FILE: FILE at the same path under the rootfs, symlinks resolved.
copy_with_path() {
  local file=$1
  mkdir -p "$rootfs$(dirname "$file")"
  # A busybox applet link of the same name must be replaced, not followed.
  rm -f "$rootfs$file"
  cp -L "$file" "$rootfs$file"
}

# The program and every library the dynamic loader would load for it.
copy_program() {
  local program=$1 lib
  copy_with_path "$program"
  for lib in $(ldd "$program" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}'); do
    [[ -e $rootfs$lib ]] || copy_with_path "$lib"
  done
}

mkdir -p "$rootfs"/{bin,usr/bin,usr/local/bin,etc,dev,proc,sys,tmp,home,root,run,var/tmp,opt/hpk/bin}
chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"

cp /bin/busybox "$rootfs/bin/busybox"
for applet in $(/bin/busybox --list); do
  [[ -e $rootfs/bin/$applet ]] || ln -s busybox "$rootfs/bin/$applet"
done
ln -sf /bin/busybox "$rootfs/usr/bin/env"

copy_program /bin/bash
ln -sf /bin/bash "$rootfs/bin/sh"
copy_program /usr/bin/openssl
copy_program /usr/bin/curl
# openssl reads its default configuration for `req` even when -config names another for the extensions.
copy_with_path /usr/lib/ssl/openssl.cnf
cp -L "$kubectl" "$rootfs/opt/hpk/bin/kubectl"

# Apptainer adds the running user to these when they exist.
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\n' > "$rootfs/etc/group"
