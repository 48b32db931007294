#!/bin/bash
# `openstack-testbed.sh up`: single-node, loopback-only OpenStack Zed from Debian 12 (bookworm) packages,
# the migration TARGET for integration tests (no real VMs: nova FakeDriver).
#   keystone (uwsgi :5000), glance (file store :9292), placement (uwsgi :8778),
#   nova api (uwsgi :8774) + conductor + scheduler + compute(FakeDriver),
#   cinder api (:8776) + scheduler + volume (NFS driver on a local bind mount: real data),
#   neutron-server (:9696, ML2, no agents, 'test' mech driver binds ports on host
#   "host-ovs-filter-active"), MariaDB + RabbitMQ on 127.0.0.1.
# Idempotent: installs only missing packages, starts only what is not running, then seeds (seed.py)
# and writes the env files (env.sh). Needs root, no systemd. Stop with `openstack-testbed.sh down`.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export DEBIAN_FRONTEND=noninteractive
DB="mysql+pymysql://os:$DBPASS@127.0.0.1"
RABBIT="rabbit://openstack:$RABBITPASS@127.0.0.1:5672/"
[ "$(id -u)" = 0 ] || { echo "up needs root (apt, mount, init.d scripts)" >&2; exit 1; }

# ---------------------------------------------------------------- 1. packages
PKGS="mariadb-server rabbitmq-server python3-openstackclient python3-pymysql sudo nfs-common qemu-utils curl uwsgi-plugin-python3
 keystone glance-api placement-api cinder-api cinder-scheduler cinder-volume
 nova-api nova-conductor nova-scheduler python3-nova neutron-api neutron-rpc-server"
missing=""
for p in $PKGS; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"; done
if [ -n "$missing" ]; then
  t "installing:$missing"
  # never let maintainer scripts start daemons (no systemd here; we start them ourselves)
  CREATED_POLICY=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; CREATED_POLICY=1; fi
  # every dbconfig/ksat/rabbit/endpoint question defaults to false; make it explicit
  for s in keystone glance cinder nova placement neutron; do
    echo "$s $s/configure_db boolean false"; echo "$s $s/configure_ksat boolean false"
    echo "$s $s/configure_rabbit boolean false"; done | debconf-set-selections
  printf 'keystone keystone/create-admin-tenant boolean false\nkeystone keystone/register-endpoint boolean false\n' | debconf-set-selections
  # (no 'cmd | grep -q' under pipefail: grep's early exit gives cmd SIGPIPE and a false 'no')
  case "$(apt-cache policy keystone 2>/dev/null)" in *'Candidate: '[0-9]*) ;; *) apt-get -o DPkg::Lock::Timeout=600 update;; esac
  apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends $PKGS
  [ $CREATED_POLICY = 1 ] && rm -f /usr/sbin/policy-rc.d
  t "packages installed"
fi

# ---------------------------------------------------------------- 2. configuration
authtoken() { cat <<EOF
[keystone_authtoken]
www_authenticate_uri = $KS
auth_url = $KS
memcached_servers =
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = $1
password = $SVCPASS
service_token_roles_required = true
service_token_roles = service
EOF
}
ksa() { cat <<EOF
[$1]
auth_url = $KS
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = $2
password = $SVCPASS
region_name = RegionOne
EOF
}
mkdir -p /var/log/{keystone,glance,cinder,nova,placement,neutron}
mkdir -p /var/lib/glance/{images,staging,tasks_work_dir,tmp,image-cache} /var/lib/cinder/{mnt,tmp,conversion} \
         /var/lib/nova/{tmp,instances} /var/lib/neutron/tmp /var/lib/keystone /srv/cinder-nfs
[ -d "$STATE/orig-etc" ] || { mkdir -p "$STATE/orig-etc"; for s in keystone glance cinder nova placement neutron; do cp -a /etc/$s "$STATE/orig-etc/"; done; }

cat > /etc/keystone/keystone.conf <<EOF
[DEFAULT]
log_file = /var/log/keystone/keystone.log
[database]
connection = $DB/keystone
[token]
provider = fernet
expiration = 14400
[identity]
password_hash_rounds = 4
[cache]
enabled = false
EOF

cat > /etc/glance/glance-api.conf <<EOF
[DEFAULT]
bind_host = 127.0.0.1
bind_port = 9292
workers = 1
log_file = /var/log/glance/glance-api.log
enabled_backends = file:file
image_cache_dir = /var/lib/glance/image-cache
[database]
connection = $DB/glance
[glance_store]
default_backend = file
[file]
filesystem_store_datadir = /var/lib/glance/images/
[os_glance_staging_store]
filesystem_store_datadir = /var/lib/glance/staging/
[os_glance_tasks_store]
filesystem_store_datadir = /var/lib/glance/tasks_work_dir/
[paste_deploy]
flavor = keystone
[oslo_concurrency]
lock_path = /var/lib/glance/tmp
$(authtoken glance)
EOF

cat > /etc/placement/placement.conf <<EOF
[DEFAULT]
log_file = /var/log/placement/placement.log
[placement_database]
connection = $DB/placement
[api]
auth_strategy = keystone
$(authtoken placement)
EOF

cat > /etc/nova/nova.conf <<EOF
[DEFAULT]
transport_url = $RABBIT
my_ip = 127.0.0.1
host = $HOSTNAME_COMPUTE
compute_driver = fake.FakeDriver
enabled_apis = osapi_compute
osapi_compute_listen = 127.0.0.1
osapi_compute_workers = 1
metadata_listen = 127.0.0.1
state_path = /var/lib/nova
instances_path = /var/lib/nova/instances
log_dir = /var/log/nova
vif_plugging_is_fatal = false
vif_plugging_timeout = 0
[api]
auth_strategy = keystone
[wsgi]
api_paste_config = /etc/nova/api-paste.ini
[api_database]
connection = $DB/nova_api
[database]
connection = $DB/nova
[conductor]
workers = 1
[scheduler]
workers = 1
discover_hosts_in_cells_interval = 10
[glance]
api_servers = http://127.0.0.1:9292
[cinder]
os_region_name = RegionOne
[oslo_concurrency]
lock_path = /var/lib/nova/tmp
[oslo_messaging_notifications]
driver = noop
$(authtoken nova)
$(ksa placement nova)
$(ksa neutron nova)
service_metadata_proxy = false
$(ksa service_user nova)
send_service_user_token = true
EOF

cat > /etc/cinder/cinder.conf <<EOF
[DEFAULT]
host = testbed
transport_url = $RABBIT
auth_strategy = keystone
my_ip = 127.0.0.1
osapi_volume_listen = 127.0.0.1
osapi_volume_workers = 1
enabled_backends = nfs1
glance_api_servers = http://127.0.0.1:9292
state_path = /var/lib/cinder
image_conversion_dir = /var/lib/cinder/conversion
log_dir = /var/log/cinder
rootwrap_config = /etc/cinder/rootwrap.conf
api_paste_config = /etc/cinder/api-paste.ini
[database]
connection = $DB/cinder
[oslo_concurrency]
lock_path = /var/lib/cinder/tmp
[oslo_messaging_notifications]
driver = noop
$(authtoken cinder)
$(ksa nova cinder)
interface = public
$(ksa service_user cinder)
send_service_user_token = true
[nfs1]
volume_driver = cinder.volume.drivers.nfs.NfsDriver
volume_backend_name = nfs1
nfs_shares_config = /etc/cinder/nfs_shares
nfs_mount_point_base = /var/lib/cinder/mnt
nfs_sparsed_volumes = true
nfs_snapshot_support = true
nas_secure_file_operations = false
nas_secure_file_permissions = false
EOF
echo "$NFS_SHARE" > /etc/cinder/nfs_shares

cat > /etc/neutron/neutron.conf <<EOF
[DEFAULT]
core_plugin = ml2
service_plugins = router
auth_strategy = keystone
bind_host = 127.0.0.1
bind_port = 9696
api_workers = 1
rpc_workers = 0
rpc_state_report_workers = 0
transport_url = $RABBIT
allow_overlapping_ips = true
dhcp_agent_notification = false
notify_nova_on_port_status_changes = true
notify_nova_on_port_data_changes = true
state_path = /var/lib/neutron
log_file = /var/log/neutron/neutron-server.log
api_paste_config = /etc/neutron/api-paste.ini
[database]
connection = $DB/neutron
[oslo_concurrency]
lock_path = /var/lib/neutron/tmp
$(authtoken neutron)
$(ksa nova neutron)
[ml2]
type_drivers = local,flat,vlan
tenant_network_types = local
mechanism_drivers = test
extension_drivers = port_security
[ml2_type_flat]
flat_networks = extnet
[ml2_type_vlan]
network_vlan_ranges = physnet1:100:199
[securitygroup]
enable_security_group = true
firewall_driver = noop
EOF

uwsgi_ini() { # name port wsgi-file processes threads [uid]
cat > "$STATE/$1-uwsgi.ini" <<EOF
[uwsgi]
http-socket = 127.0.0.1:$2
wsgi-file = $3
plugins = python3
master = true
processes = $4
threads = $5
enable-threads = true
lazy-apps = true
buffer-size = 65535
add-header = Connection: close
http-raw-body = true
http-chunked-input = true
http-auto-chunked = true
socket-timeout = 60
die-on-term = true
pidfile = $RUN/$1.pid
daemonize = /var/log/$1-uwsgi.log
${6:+uid = $6}
${6:+gid = $6}
EOF
}
uwsgi_ini keystone 5000 /usr/bin/keystone-wsgi-public 2 4 keystone
uwsgi_ini placement 8778 /usr/bin/placement-api 1 4
# nova-api is eventlet-patched: with >1 uwsgi thread an RPC reply can land on another thread's idle hub and
# the call (console output, volume attach, ...) hangs until MessagingTimeout -> HTTP 500. One thread per process.
uwsgi_ini nova-api 8774 /usr/bin/nova-api-wsgi 2 1
t "configs written"

# ---------------------------------------------------------------- helpers
start() { local n=$1; shift
  if alive "$n"; then return; fi
  setsid nohup "$@" > "$RUN/$n.out" 2>&1 < /dev/null & echo $! > "$RUN/$n.pid"; t "started $n (pid $(cat "$RUN/$n.pid"))"; }
start_uwsgi() { alive "$1" || { uwsgi --ini "$STATE/$1-uwsgi.ini" >/dev/null 2>&1; sleep 1; t "started $1 (uwsgi pid $(cat "$RUN/$1.pid"))"; }; }
wait_port() { for i in $(seq 1 ${2:-120}); do port_open "$1" && return 0; sleep 1; done; echo "port $1 never opened" >&2; return 1; }
quiet() { "$@" > "$RUN/last-cmd.log" 2>&1 || { cat "$RUN/last-cmd.log" >&2; return 1; }; }   # hides eventlet shutdown noise
once() { local m="$STATE/done.$1"; shift; [ -f "$m" ] || { quiet "$@"; touch "$m"; }; }

# ---------------------------------------------------------------- 3. MariaDB + RabbitMQ (loopback only)
# A marker in $RUN records that *we* started them, so `down` stops them only then (a MariaDB/RabbitMQ that
# was already running before the first `up` is left alone).
if ! port_open 3306; then /etc/init.d/mariadb start >/dev/null; wait_port 3306 30; touch "$RUN/mariadb.ours"; t "mariadb up"; fi
mysql -uroot <<EOS
CREATE DATABASE IF NOT EXISTS keystone; CREATE DATABASE IF NOT EXISTS glance; CREATE DATABASE IF NOT EXISTS cinder;
CREATE DATABASE IF NOT EXISTS nova_api; CREATE DATABASE IF NOT EXISTS nova; CREATE DATABASE IF NOT EXISTS nova_cell0;
CREATE DATABASE IF NOT EXISTS placement; CREATE DATABASE IF NOT EXISTS neutron;
CREATE USER IF NOT EXISTS 'os'@'127.0.0.1' IDENTIFIED BY '$DBPASS';
CREATE USER IF NOT EXISTS 'os'@'localhost' IDENTIFIED BY '$DBPASS';
GRANT ALL PRIVILEGES ON *.* TO 'os'@'127.0.0.1'; GRANT ALL PRIVILEGES ON *.* TO 'os'@'localhost'; FLUSH PRIVILEGES;
EOS
cat > /etc/rabbitmq/rabbitmq-env.conf <<'EOS'
NODENAME=rabbit@localhost
NODE_IP_ADDRESS=127.0.0.1
NODE_PORT=5672
SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export ERL_EPMD_ADDRESS=127.0.0.1
EOS
if ! port_open 5672; then ERL_EPMD_ADDRESS=127.0.0.1 /etc/init.d/rabbitmq-server start >/dev/null; wait_port 5672 60; touch "$RUN/rabbitmq.ours"; t "rabbitmq up"; fi
rabbitmqctl list_users 2>/dev/null | grep -q '^openstack' || { rabbitmqctl add_user openstack "$RABBITPASS" >/dev/null 2>&1; rabbitmqctl set_permissions openstack ".*" ".*" ".*" >/dev/null 2>&1; }

# ---------------------------------------------------------------- 4. keystone
once keystone-db keystone-manage db_sync
[ -f /etc/keystone/fernet-keys/0 ] || quiet keystone-manage fernet_setup --keystone-user keystone --keystone-group keystone
[ -f /etc/keystone/credential-keys/0 ] || quiet keystone-manage credential_setup --keystone-user keystone --keystone-group keystone
once keystone-bootstrap keystone-manage bootstrap --bootstrap-password "$ADMIN_PASS" \
  --bootstrap-admin-url $KS/v3/ --bootstrap-internal-url $KS/v3/ --bootstrap-public-url $KS/v3/ --bootstrap-region-id $REGION
chown -R keystone:keystone /var/log/keystone /var/lib/keystone
start_uwsgi keystone; wait_port 5000 60
for i in $(seq 1 30); do curl -sf $KS/v3 >/dev/null && break; sleep 1; done

if [ ! -f "$STATE/done.keystone-catalog" ]; then
$PY - <<EOS
import openstack
c = openstack.connect(auth_url="$KS/v3", username="$ADMIN_USER", password="$ADMIN_PASS", project_name="$ADMIN_PROJECT",
                      user_domain_name="$DOMAIN", project_domain_name="$DOMAIN", region_name="$REGION")
idn = c.identity
def get_or(find, create, name, **kw):
    return find(name, ignore_missing=True) or create(name=name, **kw)
svc = get_or(idn.find_project, idn.create_project, "service", domain_id="default")
admin_role = idn.find_role("admin")
service_role = get_or(idn.find_role, idn.create_role, "service")
for user in ["glance", "placement", "nova", "neutron", "cinder"]:
    u = idn.find_user(user, domain_id="default", ignore_missing=True) or \
        idn.create_user(name=user, password="$SVCPASS", domain_id="default", default_project_id=svc.id)
    idn.assign_project_role_to_user(svc, u, admin_role)
    idn.assign_project_role_to_user(svc, u, service_role)
services = {"glance": ("image", "http://127.0.0.1:9292"),
            "placement": ("placement", "http://127.0.0.1:8778"),
            "nova": ("compute", "http://127.0.0.1:8774/v2.1"),
            "neutron": ("network", "http://127.0.0.1:9696"),
            "cinder": ("block-storage", "http://127.0.0.1:8776/v3/%(project_id)s"),
            "cinderv3": ("volumev3", "http://127.0.0.1:8776/v3/%(project_id)s")}
existing = {s.name: s for s in idn.services()}
for name, (stype, url) in services.items():
    s = existing.get(name) or idn.create_service(name=name, type=stype)
    have = {e.interface for e in idn.endpoints(service_id=s.id)}
    for itf in ("public", "internal", "admin"):
        if itf not in have:
            idn.create_endpoint(service_id=s.id, interface=itf, url=url, region_id="$REGION")
EOS
touch "$STATE/done.keystone-catalog"; t "keystone service users/services/endpoints created"
fi

# ---------------------------------------------------------------- 5. schemas
once glance-db glance-manage db_sync
once placement-db placement-manage db sync
if [ ! -f "$STATE/done.nova-db" ]; then
  quiet nova-manage api_db sync; quiet nova-manage cell_v2 map_cell0
  nova-manage cell_v2 list_cells 2>/dev/null | grep -c ' cell1 ' >/dev/null || quiet nova-manage cell_v2 create_cell --name=cell1
  quiet nova-manage db sync; touch "$STATE/done.nova-db"; fi
once cinder-db cinder-manage db sync
once neutron-db neutron-db-manage --config-file /etc/neutron/neutron.conf upgrade heads
t "schemas in place"

# ---------------------------------------------------------------- 6. cinder "NFS" share = local bind mount
# os-brick only checks /proc/mounts for the hashed mount point, so a bind mount there
# satisfies the NFS driver without an NFS server (no kernel nfs nor device-mapper needed).
mkdir -p "$NFS_MNT"; mountpoint -q "$NFS_MNT" || mount --bind /srv/cinder-nfs "$NFS_MNT"

# ---------------------------------------------------------------- 7. services
start_uwsgi placement
start glance-api glance-api --config-file /etc/glance/glance-api.conf
start_uwsgi nova-api
start nova-conductor nova-conductor --config-file /etc/nova/nova.conf
start nova-scheduler nova-scheduler --config-file /etc/nova/nova.conf
start nova-compute $PY -c 'import sys; from nova.cmd.compute import main; sys.exit(main())' \
      --config-file /etc/nova/nova.conf --log-file /var/log/nova/nova-compute.log
start cinder-api cinder-api --config-file /etc/cinder/cinder.conf
start cinder-scheduler cinder-scheduler --config-file /etc/cinder/cinder.conf
start cinder-volume cinder-volume --config-file /etc/cinder/cinder.conf
# PYTHONOPTIMIZE strips the unit-test asserts of the 'test' mechanism driver (it keeps state in memory)
start neutron-server env PYTHONOPTIMIZE=1 neutron-server --config-file /etc/neutron/neutron.conf
for p in 8778 9292 8774 8776 9696; do wait_port $p 180; done
for ap in $API_PORTS; do
  for i in $(seq 1 120); do api_answers "${ap#*:}" && break; sleep 1; done
  api_answers "${ap#*:}" || { echo "${ap%%:*} API on port ${ap#*:} does not answer (see /var/log/)" >&2; exit 1; }
done
t "all APIs answer"

admin_env
ok=0
for i in $(seq 1 60); do
  if $OSC compute service list -f value -c Binary -c State 2>/dev/null | grep -q 'nova-compute up' && \
     $OSC volume service list -f value -c Binary -c State 2>/dev/null | grep -q 'cinder-volume up'; then ok=1; break; fi
  sleep 3; done
[ $ok = 1 ] || { echo "nova-compute or cinder-volume did not report up (see /var/log/nova, /var/log/cinder)" >&2; exit 1; }
quiet nova-manage cell_v2 discover_hosts
t "compute and volume services up"

# ---------------------------------------------------------------- 8. seed (idempotent) + env files
$PY "$HERE/seed.py" seed
bash "$HERE/env.sh" write >/dev/null
t "READY. env: $STATE/openstack.env  clouds.yaml: $STATE/clouds.yaml  logs: /var/log/{keystone,glance,placement,nova,cinder,neutron}"
