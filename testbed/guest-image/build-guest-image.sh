#!/bin/bash
# Builds the real Linux test guests conversion is tested on, once, and caches them:
#
#   vmware.raw  Debian 12 minbase with the layout a guest installed on VMware has: root by kernel name in fstab
#               (/dev/sda1), an initramfs built from an explicit module list for VMware's controllers (vmw_pvscsi,
#               mptspi, ata_piix, ahci) and NO virtio module in it, GRUB 2 in the MBR. Needs the full virt-v2v path.
#   virtio.raw  the same disk with Debian's default initramfs (MODULES=most: virtio_blk, virtio_scsi, virtio_net are
#               in it) but still /dev/sda1 in fstab: a modern guest for the light path (only fstab needs fixing).
#   data.raw    64 MiB ext4 without a partition table and without an OS: a data disk (no conversion).
#
# Every variant writes "TRAVERSE-GUEST-BOOTED root=<device>" to the first serial port once local file systems
# are mounted (so a wrong fstab never reaches it), then powers off: the boot test's marker.
#
# Usage: build-guest-image.sh      prints the manifest (KEY=path lines, also in <cache>/images.env)
# Env:   TRAVERSE_GUEST_IMAGES   cache root (default ~/.cache/traverse/guest-images)
#        TRAVERSE_DEBIAN_MIRROR  mirror for debootstrap (default http://deb.debian.org/debian)
#        LIBGUESTFS_BACKEND_SETTINGS  default force_tcg (KVM may be absent or, as on the project's VMs, present
#                                and broken: "failed to set MSR 0x10a")
# Needs root (debootstrap, chroot). The cache key is this script's hash: editing it builds new images.
# Built without loop devices or mounts of the image: mke2fs -d fills the file system from the debootstrap
# tree, sfdisk writes the partition table into the file, GRUB's boot.img and core.img are written with dd.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
self="$here/$(basename "$0")"
"$here/ensure-tools.sh"

export LIBGUESTFS_BACKEND=direct
export LIBGUESTFS_BACKEND_SETTINGS=${LIBGUESTFS_BACKEND_SETTINGS:-force_tcg}
export LC_ALL=C.UTF-8

key=$(sha256sum "$self" | cut -c1-12)
cache_root=${TRAVERSE_GUEST_IMAGES:-$HOME/.cache/traverse/guest-images}
out="$cache_root/$key"
mkdir -p "$cache_root"

if [ -f "$out/images.env" ]; then
  cat "$out/images.env"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "build-guest-image.sh: the test guest is not built yet ($out) and building it needs root (debootstrap, chroot)" >&2
  exit 3
fi

# one build at a time; a second caller waits and then finds the images
exec 9>"$cache_root/.lock"
flock 9
if [ -f "$out/images.env" ]; then
  cat "$out/images.env"
  exit 0
fi

start=$(date +%s)
# dpkg (debootstrap, update-initramfs) syncs every file it writes: on a disk that is most of the build (22 min from
# bare here, 12 of them debootstrap), in memory it is nothing (debootstrap 3 min). The tree and images need ~3 GiB.
if [ -w /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" -gt $((4 * 1024 * 1024)) ]; then
  work=$(mktemp -d /dev/shm/traverse-guest-image.XXXXXX)
else
  work="$cache_root/build.$$"
fi
root="$work/root"
cleanup() {
  mountpoint -q "$root/proc" 2>/dev/null && umount "$root/proc" || true
  mountpoint -q "$root/sys" 2>/dev/null && umount "$root/sys" || true
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
mkdir -p "$work"
log() { echo "[guest-image $(($(date +%s) - start))s] $*" >&2; }

mirror=${TRAVERSE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
include=linux-image-amd64,grub-pc,systemd-sysv,udev,kmod,initramfs-tools,zstd,e2fsprogs
# the debootstrap tree is cached on its own (keyed by the package list): editing the rest of this script does not
# download the packages again
base="$cache_root/debootstrap-bookworm-$(echo "$include" | sha256sum | cut -c1-12).tar"
mkdir -p "$root"
if [ -f "$base" ]; then
  log "debootstrap tree from $base"
  tar -C "$root" -xpf "$base"
else
  log "debootstrap bookworm (minbase + kernel + grub) from $mirror"
  debootstrap --variant=minbase --include="$include" bookworm "$root" "$mirror" > "$work/debootstrap.log" 2>&1 || {
    tail -30 "$work/debootstrap.log" >&2
    exit 1
  }
  for m in proc sys; do mountpoint -q "$root/$m" && umount "$root/$m"; done
  tar -C "$root" --one-file-system -cpf "$base.tmp" . && mv "$base.tmp" "$base"
fi

kv=$(ls "$root/lib/modules" | head -1)
log "kernel $kv"

# smaller image, faster copies: drop hardware nobody attaches to a server VM, then the package caches
for d in sound media net/wireless infiniband staging bluetooth iio gpu/drm/amd gpu/drm/nouveau gpu/drm/i915 gpu/drm/radeon; do
  rm -rf "$root/lib/modules/$kv/kernel/drivers/$d"
done
rm -rf "$root/lib/firmware"/* "$root/var/cache/apt/archives/"*.deb "$root/var/lib/apt/lists/"* \
  "$root/usr/share/doc/"* "$root/usr/share/man/"* "$root/usr/share/locale/"*
mount -t proc proc "$root/proc"
chroot "$root" depmod "$kv"

echo traverse-guest > "$root/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 traverse-guest\n' > "$root/etc/hosts"
cat > "$root/etc/fstab" <<'EOF'
# As installed on VMware (pvscsi disk): the root file system by kernel device name.
/dev/sda1  /  ext4  errors=remount-ro  0  1
EOF

# /etc/default/grub as an installer configured it (serial console, no menu delay): what update-grub uses when
# a conversion regenerates grub.cfg
sed -i -e 's/^GRUB_TIMEOUT=.*/GRUB_TIMEOUT=0/' \
  -e 's/^GRUB_CMDLINE_LINUX_DEFAULT=.*/GRUB_CMDLINE_LINUX_DEFAULT=""/' \
  -e 's/^GRUB_CMDLINE_LINUX=.*/GRUB_CMDLINE_LINUX="console=ttyS0,115200n8"/' "$root/etc/default/grub"
cat >> "$root/etc/default/grub" <<'GRUBDEFAULT'
GRUB_TERMINAL=serial
GRUB_SERIAL_COMMAND="serial --unit=0 --speed=115200"
GRUB_DISABLE_OS_PROBER=true
GRUBDEFAULT
# GRUB's modules where grub-install puts them; grub.cfg is written below, once the kernel version is known
mkdir -p "$root/boot/grub/i386-pc"
cp "$root/usr/lib/grub/i386-pc/"*.mod "$root/usr/lib/grub/i386-pc/"*.lst "$root/boot/grub/i386-pc/"

# the boot marker: only after local-fs.target, i.e. after fstab's root remount worked
cat > "$root/etc/systemd/system/traverse-boot-marker.service" <<'EOF'
[Unit]
Description=Tell the Traverse boot test that the guest came up
After=local-fs.target
Requires=local-fs.target

[Service]
Type=oneshot
ExecStart=/bin/sh -c 'echo "TRAVERSE-GUEST-BOOTED root=$(awk "\\$2==\\"/\\"{print \\$1}" /proc/self/mounts | tail -1)" > /dev/ttyS0'
ExecStartPost=/bin/systemctl --no-block poweroff

[Install]
WantedBy=multi-user.target
EOF
ln -sf /etc/systemd/system/traverse-boot-marker.service \
  "$root/etc/systemd/system/multi-user.target.wants/traverse-boot-marker.service"
ln -sf /lib/systemd/system/multi-user.target "$root/etc/systemd/system/default.target"
# nothing waits for a network that is not configured, no getty on the serial port
chroot "$root" systemctl mask serial-getty@ttyS0.service getty@tty1.service systemd-networkd-wait-online.service >/dev/null 2>&1 || true

log "initramfs, Debian's default (MODULES=most)"
chroot "$root" update-initramfs -u -k "$kv" > "$work/initramfs-most.log" 2>&1
cp "$root/boot/initrd.img-$kv" "$work/initrd-most"
chroot "$root" lsinitramfs "/boot/initrd.img-$kv" > "$work/list-most"
grep -q '/virtio_blk.ko' "$work/list-most" || {
  echo "expected virtio_blk in Debian's default initramfs" >&2
  exit 1
}

log "initramfs, VMware's (MODULES=list, no virtio)"
echo 'MODULES=list' > "$root/etc/initramfs-tools/conf.d/vmware.conf"
printf '%s\n' vmw_pvscsi mptspi ata_piix ahci sd_mod ext4 >> "$root/etc/initramfs-tools/modules"
chroot "$root" update-initramfs -u -k "$kv" > "$work/initramfs-list.log" 2>&1
chroot "$root" lsinitramfs "/boot/initrd.img-$kv" > "$work/list-vmware"
if grep -q 'virtio' "$work/list-vmware"; then
  echo "the VMware-style initramfs must not contain virtio modules" >&2
  exit 1
fi
umount "$root/proc"

# grub.cfg as Debian's update-grub writes it for this disk (root by file-system UUID, serial console, no menu
# delay). Written by hand because grub-mkconfig needs grub-probe on the real root device, which a chroot has not.
uuid=7a3f5e1c-2b4d-4e6f-8a9b-0c1d2e3f4a5b
cat > "$root/boot/grub/grub.cfg" <<GRUBCFG
# generated for the Traverse test guest in the form of Debian's /etc/grub.d/10_linux
set default=0
set timeout=0
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
insmod part_msdos
insmod ext2
search --no-floppy --fs-uuid --set=root $uuid
menuentry 'Debian GNU/Linux' --class debian --class gnu-linux --class os {
	insmod part_msdos
	insmod ext2
	search --no-floppy --fs-uuid --set=root $uuid
	linux	/boot/vmlinuz-$kv root=UUID=$uuid ro console=ttyS0,115200n8
	initrd	/boot/initrd.img-$kv
}
GRUBCFG

log "disk image (MBR, one ext4 partition filled by mke2fs -d)"
disk="$work/vmware.raw"
truncate -s 2G "$disk"
printf 'label: dos\nstart=2048, type=83, bootable\n' | sfdisk -q "$disk"
truncate -s 2047M "$work/fs.img"
mke2fs -q -F -t ext4 -U "$uuid" -E root_owner=0:0 -d "$root" "$work/fs.img"
dd if="$work/fs.img" of="$disk" bs=1M seek=1 conv=notrunc,sparse status=none
rm -f "$work/fs.img"

# GRUB in the MBR without grub-install (which needs the disk as a block device, i.e. a loop device or an
# appliance): what grub-install does for an msdos disk, by hand. boot.img's code goes into the MBR (its first
# 440 bytes; the partition table stays) and reads the sector its kernel_sector field names, 1 by default;
# core.img goes there, into the gap before the partition at 1 MiB. core.img begins with diskboot.img, whose
# block list grub-mkimage fills in (the rest of core.img, from sector 2).
log "GRUB 2 in the MBR (boot.img + core.img from grub-mkimage)"
chroot "$root" grub-mkimage -O i386-pc -o /tmp/core.img -p '(hd0,msdos1)/boot/grub' biosdisk part_msdos ext2
core_sectors=$(( ($(stat -c %s "$root/tmp/core.img") + 511) / 512 ))
if [ "$core_sectors" -ge 2047 ]; then
  echo "core.img ($core_sectors sectors) does not fit before the partition" >&2
  exit 1
fi
dd if="$root/usr/lib/grub/i386-pc/boot.img" of="$disk" bs=440 count=1 conv=notrunc status=none
dd if="$root/tmp/core.img" of="$disk" bs=512 seek=1 conv=notrunc status=none
rm -f "$root/tmp/core.img"

log "virtio variant: Debian's default initramfs and initramfs config (debugfs on the partition, no appliance)"
dd if="$disk" of="$work/fs2.img" bs=1M skip=1 conv=sparse status=none
debugfs -w "$work/fs2.img" > "$work/debugfs.log" 2>&1 <<EOF
rm /boot/initrd.img-$kv
write $work/initrd-most /boot/initrd.img-$kv
rm /etc/initramfs-tools/conf.d/vmware.conf
EOF
cp "$root/etc/initramfs-tools/modules" "$work/modules"
sed -i '/^vmw_pvscsi$/,$d' "$work/modules"
debugfs -w "$work/fs2.img" >> "$work/debugfs.log" 2>&1 <<EOF
rm /etc/initramfs-tools/modules
write $work/modules /etc/initramfs-tools/modules
EOF
e2fsck -fn "$work/fs2.img" > "$work/e2fsck.log" 2>&1 || { cat "$work/e2fsck.log" >&2; exit 1; }
cp --sparse=always "$disk" "$work/virtio.raw"
dd if="$work/fs2.img" of="$work/virtio.raw" bs=1M seek=1 conv=notrunc,sparse status=none
rm -f "$work/fs2.img"

log "data disk"
mkdir -p "$work/data/projects"
echo "quarterly numbers" > "$work/data/projects/report.txt"
truncate -s 64M "$work/data.raw"
mke2fs -q -F -t ext4 -L data -d "$work/data" "$work/data.raw"

mkdir -p "$out"
mv "$work/vmware.raw" "$work/virtio.raw" "$work/data.raw" "$out/"
took=$(($(date +%s) - start))
cat > "$out/images.env" <<EOF
GUEST_VMWARE=$out/vmware.raw
GUEST_VIRTIO=$out/virtio.raw
GUEST_DATA=$out/data.raw
GUEST_KERNEL=$kv
GUEST_ROOT_UUID=$uuid
GUEST_BUILD_SECONDS=$took
EOF
log "done in ${took}s: $out"
cat "$out/images.env"
