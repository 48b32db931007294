#!/usr/bin/env bash
# Assembles Traverse's two base images from Debian packages, without Docker and without a container registry:
#
#   traverse-base-jre    Debian 13 (trixie) + openjdk-21-jre-headless + CA certificates      (the six services)
#   traverse-base-tools  the same + nbdkit and its plugins (vddk from Debian's contrib), libnbd-bin (nbdcopy,
#                        nbdinfo), qemu-utils (qemu-img), virt-v2v, libguestfs-tools and a kernel for the libguestfs
#                        appliance (the two Job images)
#
# Each is written as a `docker save`-format tarball (manifest.json + config + one layer), which Jib reads as a
# base image through `tar://` (see deploy/pom.xml, profile `images`). mmdebstrap needs root; when it is missing this
# script installs it with apt-get (Debian/Ubuntu).
#
# usage: deploy/images/build-base.sh [OUT_DIR] [jre|tools|all]   (default OUT_DIR: deploy/images/target/base, all)
# env:   TRAVERSE_DEBIAN_SUITE (trixie), TRAVERSE_DEBIAN_MIRROR (http://deb.debian.org/debian),
#        TRAVERSE_BASE_REBUILD=1 to rebuild even when the package list has not changed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/target/base}
which=${2:-all}
suite=${TRAVERSE_DEBIAN_SUITE:-trixie}
mirror=${TRAVERSE_DEBIAN_MIRROR:-http://deb.debian.org/debian}

# The non-root user every Traverse container runs as (the chart's securityContext uses the same ids).
uid=1001

jre_packages=(openjdk-21-jre-headless ca-certificates tzdata)
tools_packages=("${jre_packages[@]}"
  nbdkit              # nbdkit with its plugins (file, curl, nbd, …)
  nbdkit-plugin-vddk  # Pipeline A: Debian's vddk plugin (section contrib); it dlopens VDDK, which the user supplies
  libnbd-bin          # nbdcopy, nbdinfo
  qemu-utils          # qemu-img
  virt-v2v            # virt-v2v, virt-v2v-in-place
  libguestfs-tools    # virt-inspector, guestfish… (libguestfs, supermin, qemu-system-x86)
  linux-image-cloud-amd64  # the kernel supermin builds the libguestfs appliance from
)

die() { echo "build-base: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (mmdebstrap --mode=root)"
if ! command -v mmdebstrap >/dev/null; then
  command -v apt-get >/dev/null || die "needs mmdebstrap (a Debian/Ubuntu package); install it and run again"
  echo "build-base: installing mmdebstrap" >&2
  # other installers may hold dpkg's lock (the OpenStack testbed, the test tools): wait for it
  apt=(apt-get -o DPkg::Lock::Timeout=600)
  export DEBIAN_FRONTEND=noninteractive
  if ! "${apt[@]}" install -y --no-install-recommends mmdebstrap >&2; then
    "${apt[@]}" update >&2
    "${apt[@]}" install -y --no-install-recommends mmdebstrap >&2
  fi
fi

build() {
  local name=$1 components=$2; shift 2
  local packages=("$@")
  local dir=$out/$name
  local stamp
  stamp=$(printf '%s\n' "$suite" "$mirror" "$components" "$uid" "${packages[@]}" | sha256sum | cut -c1-16)
  if [ -f "$dir.tar" ] && [ "$(cat "$dir.stamp" 2>/dev/null)" = "$stamp" ] && [ -z "${TRAVERSE_BASE_REBUILD:-}" ]; then
    echo "build-base: $dir.tar is up to date"
    return
  fi
  rm -rf "$dir" "$dir.tar" "$dir.stamp"
  mkdir -p "$dir"
  echo "build-base: $name from $suite: ${packages[*]}"
  local include
  include=$(IFS=,; echo "${packages[*]}")
  # Documentation and man pages are left out (copyright files stay); update-alternatives still needs man1.
  # A plugin that is in the package list must load: nbdkit checks its ABI and runs its config parser; the vddk
  # plugin then stops at the missing VDDK directory, which proves it got that far without VDDK itself.
  local check='true'
  case " ${packages[*]} " in *' nbdkit-plugin-vddk '*)
    check='chroot "$1" nbdkit vddk --dump-plugin | grep -qx name=vddk && chroot "$1" nbdkit -U - vddk libdir=/nonexistent file=x.vmdk --run true 2>&1 | grep -q "realpath: /nonexistent"' ;;
  esac
  mmdebstrap --mode=root --variant=apt --components="$components" --include="$include" \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --setup-hook='mkdir -p "$1/usr/share/man/man1"' \
    --customize-hook="echo 'traverse:x:$uid:0:Traverse:/deployments:/usr/sbin/nologin' >> \"\$1/etc/passwd\"" \
    --customize-hook="mkdir -p \"\$1/deployments\" && chown $uid:0 \"\$1/deployments\" && chmod 0775 \"\$1/deployments\"" \
    --customize-hook='chmod 0644 "$1"/boot/vmlinuz-* 2>/dev/null || true' \
    --customize-hook="$check" \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin "$1"/var/log/*.log "$1"/var/log/apt/*' \
    "$suite" "$dir/layer.tar" "$mirror"

  # docker save format: one uncompressed layer, its sha256 as the diff id, a config with the runtime defaults.
  local diff created
  diff=$(sha256sum "$dir/layer.tar" | cut -d' ' -f1)
  created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  cat > "$dir/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"$created",
 "config":{"User":"$uid","WorkingDir":"/deployments",
   "Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8","HOME=/deployments",
          "JAVA_HOME=/usr/lib/jvm/java-21-openjdk-amd64","LIBGUESTFS_BACKEND=direct"],
   "Labels":{"org.opencontainers.image.title":"$name","org.opencontainers.image.description":"Debian $suite: ${packages[*]}"}},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff"]},
 "history":[{"created":"$created","created_by":"deploy/images/build-base.sh (mmdebstrap $suite)"}]}
JSON
  cat > "$dir/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["traverse/$name:$suite"],"Layers":["layer.tar"]}]
JSON
  tar -C "$dir" -cf "$dir.tar" manifest.json config.json layer.tar
  rm -rf "$dir"
  echo "$stamp" > "$dir.stamp"
  echo "build-base: wrote $dir.tar ($(du -h "$dir.tar" | cut -f1))"
}

case $which in
  jre)   build traverse-base-jre main "${jre_packages[@]}" ;;
  tools) build traverse-base-tools main,contrib "${tools_packages[@]}" ;;
  all)   build traverse-base-jre main "${jre_packages[@]}"; build traverse-base-tools main,contrib "${tools_packages[@]}" ;;
  *)     die "unknown image '$which' (jre, tools or all)" ;;
esac
