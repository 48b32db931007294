#!/bin/bash
# Makes sure the disk tools conversion needs are installed: libguestfs (guestfish, virt-inspector), virt-v2v 2.2
# (virt-v2v-in-place), qemu-system-x86 (the libguestfs appliance and the boot test), debootstrap (the test guest),
# a host kernel in /boot (libguestfs builds its appliance from it), e2fsprogs/fdisk (the image is assembled without
# loop devices). Installs what is missing with apt-get when run as root; otherwise says what to install and exits 3.
#
# Usage: ensure-tools.sh            check, install if root
#        ensure-tools.sh --check    check only (exit 3 when something is missing)
set -euo pipefail

check_only=false
[ "${1:-}" = "--check" ] && check_only=true

missing=()
need() { # command package
  command -v "$1" >/dev/null 2>&1 || missing+=("$2")
}
need guestfish libguestfs-tools
need virt-inspector libguestfs-tools
need virt-v2v-in-place virt-v2v
need qemu-system-x86_64 qemu-system-x86
need qemu-img qemu-utils
need debootstrap debootstrap
need mke2fs e2fsprogs
need debugfs e2fsprogs
need sfdisk fdisk
need flock util-linux
ls /boot/vmlinuz-* >/dev/null 2>&1 || missing+=(linux-image-amd64)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
# de-duplicate, keep order
pkgs=$(printf '%s\n' "${missing[@]}" | awk '!seen[$0]++' | tr '\n' ' ')

if $check_only || [ "$(id -u)" != 0 ]; then
  echo "conversion tools missing. Install them (as root) with:" >&2
  echo "  apt-get install -y --no-install-recommends $pkgs" >&2
  echo "(or run $0 as root, which does exactly that)" >&2
  exit 3
fi

echo "ensure-tools: installing $pkgs" >&2
# one install at a time on this machine (test JVMs may call us in parallel)
exec 9>/var/lock/traverse-ensure-tools.lock
flock 9
export DEBIAN_FRONTEND=noninteractive
# other installers (the OpenStack testbed, chromium for the browser tests) may hold dpkg's lock: wait for it
apt=(apt-get -o DPkg::Lock::Timeout=600)
if ! "${apt[@]}" install -y --no-install-recommends $pkgs >&2; then
  "${apt[@]}" update >&2
  "${apt[@]}" install -y --no-install-recommends $pkgs >&2
fi
