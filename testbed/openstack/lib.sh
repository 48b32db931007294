# Shared settings for the OpenStack testbed scripts (sourced, not run).
# Everything the scripts create on the machine is listed in docs/testbed.md.
STATE=${TRAVERSE_OPENSTACK_STATE:-$HOME/.cache/traverse/openstack}
RUN=$STATE/run
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3            # never a pyenv/venv python: the OpenStack libraries are Debian's
OSC=/usr/bin/openstack

REGION=RegionOne
KS=http://127.0.0.1:5000
DBPASS=ospass RABBITPASS=rabbitpass SVCPASS=servicepass
ADMIN_USER=admin ADMIN_PASS=adminpass ADMIN_PROJECT=admin
MEMBER_USER=traverse MEMBER_PASS=traversepass MEMBER_PROJECT=traverse
DOMAIN=Default
HOSTNAME_COMPUTE=host-ovs-filter-active   # magic name: neutron's 'test' mech driver binds ports only here
NFS_SHARE=127.0.0.1:/srv/cinder-nfs
NFS_MNT=/var/lib/cinder/mnt/$(echo -n "$NFS_SHARE" | md5sum | cut -d' ' -f1)

# name:port, in the order they are started; the API ports are what `status` probes
API_PORTS="keystone:5000 placement:8778 glance:9292 nova:8774 cinder:8776 neutron:9696"
# processes started by up.sh (pid files in $RUN); stopped by down.sh in this order
SERVICES="neutron-server cinder-volume cinder-scheduler cinder-api nova-compute nova-scheduler nova-conductor
          nova-api glance-api placement keystone"

mkdir -p "$STATE" "$RUN"
T_START=${T_START:-$(date +%s)}
t() { echo "[testbed +$(( $(date +%s)-T_START ))s] $*"; }
alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }
port_open() { (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null; }
# an API "answers" when its unauthenticated version document returns HTTP < 500 (keystone: 200, others 200/300/401)
api_answers() { local c; c=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$1/" 2>/dev/null) || return 1
  [ -n "$c" ] && [ "$c" != 000 ] && [ "$c" -lt 500 ]; }
admin_env() { unset $(compgen -e | grep '^OS_') 2>/dev/null || true; export OS_AUTH_URL=$KS/v3 OS_IDENTITY_API_VERSION=3 OS_REGION_NAME=$REGION OS_INTERFACE=public \
  OS_USER_DOMAIN_NAME=$DOMAIN OS_PROJECT_DOMAIN_NAME=$DOMAIN \
  OS_USERNAME=$ADMIN_USER OS_PASSWORD=$ADMIN_PASS OS_PROJECT_NAME=$ADMIN_PROJECT; }
member_env() { admin_env; export OS_USERNAME=$MEMBER_USER OS_PASSWORD=$MEMBER_PASS OS_PROJECT_NAME=$MEMBER_PROJECT; }
export STATE KS REGION DOMAIN ADMIN_USER ADMIN_PASS ADMIN_PROJECT MEMBER_USER MEMBER_PASS MEMBER_PROJECT
