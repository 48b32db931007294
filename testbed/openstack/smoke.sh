#!/bin/bash
# `openstack-testbed.sh smoke`: end-to-end check as the member user with Debian's `openstack` CLI; mirrors what
# a migration needs (image upload, volume from image + metadata, port with fixed MAC + IP, router + floating IP,
# boot from volume with the pre-created port, delete). Cleans up what it creates; last line "SMOKE OK".
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
member_env
openstack() { $OSC "$@"; }
S=$(date +%s); t() { echo "[$(( $(date +%s)-S ))s] $*"; }
wait_for() { # kind name wanted
  for i in $(seq 1 120); do st=$(openstack $1 show $2 -f value -c status); [ "$st" = "$3" ] && return 0
    case "$st" in error|ERROR) echo "$1 $2 went $st"; return 1;; esac; sleep 2; done; echo "timeout $1 $2 ($st)"; return 1; }
# leftovers of an interrupted run
openstack server delete --wait smoke-vm 2>/dev/null || true
openstack router remove subnet smoke-r smoke-subnet 2>/dev/null || true; openstack router delete smoke-r 2>/dev/null || true
openstack port delete smoke-port 2>/dev/null || true; openstack network delete smoke-net 2>/dev/null || true
openstack volume delete smoke-vol 2>/dev/null || true; openstack image delete smoke-img 2>/dev/null || true
openstack server delete --wait migration-test-01 2>/dev/null || true

t "token+catalog"; openstack catalog list -f value -c Name | tr '\n' ' '; echo
t "flavors"; openstack flavor list -f value -c Name | tr '\n' ' '; echo
[ -f "$STATE/smoke.raw" ] || dd if=/dev/urandom of="$STATE/smoke.raw" bs=1M count=16 status=none
t "glance image create+upload"; openstack image create --disk-format raw --container-format bare --file "$STATE/smoke.raw" smoke-img -f value -c id >/dev/null
wait_for image smoke-img active
t "cinder volume from image"; openstack volume create --image smoke-img --size 1 --bootable smoke-vol -f value -c id >/dev/null
wait_for volume smoke-vol available
t "volume metadata set/get"; openstack volume set --property vmware_uuid=4213-abcd --property source=smoke smoke-vol
openstack volume show smoke-vol -f value -c properties
t "networks"; openstack network create smoke-net -f value -c id >/dev/null
openstack subnet create --network smoke-net --subnet-range 10.99.0.0/24 smoke-subnet -f value -c id >/dev/null
openstack network list -f value -c Name | tr '\n' ' '; echo
t "port with fixed MAC + fixed IP"; openstack port create --network smoke-net --mac-address fa:16:3e:00:99:01 --fixed-ip subnet=smoke-subnet,ip-address=10.99.0.10 smoke-port -f value -c mac_address
t "router + floating IP"; openstack router create smoke-r -f value -c id >/dev/null
openstack router set --external-gateway public smoke-r; openstack router add subnet smoke-r smoke-subnet
FIP=$(openstack floating ip create public -f value -c floating_ip_address); echo "fip $FIP"
t "boot from volume with pre-created port"; openstack server create --flavor m1.tiny --volume smoke-vol --nic port-id=smoke-port smoke-vm -f value -c id >/dev/null
wait_for server smoke-vm ACTIVE; t "server ACTIVE"
openstack server add floating ip smoke-vm $FIP
openstack server show smoke-vm -f value -c addresses
t "delete server"; openstack server delete --wait smoke-vm
wait_for volume smoke-vol available
t "cleanup"; openstack floating ip delete $FIP
openstack router remove subnet smoke-r smoke-subnet; openstack router delete smoke-r
openstack port delete smoke-port; openstack network delete smoke-net
openstack volume delete smoke-vol; openstack image delete smoke-img
t "the integration guide's end-to-end check: image -> 20 GB boot volume on m1.small-bfv, frontier-net, default-keypair"
openstack server create --flavor m1.small-bfv --image ubuntu-22.04-jammy --network frontier-net \
    --key-name default-keypair --boot-from-volume 20 migration-test-01 -f value -c id >/dev/null
wait_for server migration-test-01 ACTIVE; t "migration-test-01 ACTIVE"
BV=$(openstack server show migration-test-01 -f json -c volumes_attached | $PY -c 'import json,sys; print(json.load(sys.stdin)["volumes_attached"][0]["id"])')
openstack server delete --wait migration-test-01
openstack volume delete "$BV" 2>/dev/null || { sleep 3; openstack volume delete "$BV"; }
t "SMOKE OK"
