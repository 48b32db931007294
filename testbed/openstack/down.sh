#!/bin/bash
# `openstack-testbed.sh down [--keep-infra] [--purge]`: stops exactly what `up` started, by pid file / marker,
# never by process name:
#   - the OpenStack services (pid files in $STATE/run),
#   - the cinder bind mount,
#   - MariaDB and RabbitMQ (+ its epmd) only if `up` started them (markers run/*.ours); --keep-infra leaves them
#     running for a faster next `up`.
# Data (databases, images, volume files) is kept; --purge drops it so the next `up` starts from empty
# (packages stay installed).
set -u
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
keep_infra=0 purge=0
for a in "$@"; do case "$a" in --keep-infra) keep_infra=1;; --purge) purge=1;; *) echo "unknown option $a" >&2; exit 2;; esac; done
[ $purge = 1 ] && keep_infra=0
# TERM all first, then wait for all (each takes 2-7 s to shut down gracefully; one by one it was ~40 s)
stopping=""
for n in $SERVICES; do
  f=$RUN/$n.pid; [ -f "$f" ] || continue; pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"   # started with setsid (uwsgi: master): pid == group
    stopping="$stopping $n:$pid"
  fi; rm -f "$f"
done
for i in $(seq 1 15); do
  left=""; for e in $stopping; do kill -0 "${e#*:}" 2>/dev/null && left=1; done
  [ -z "$left" ] && break; sleep 1
done
for e in $stopping; do n=${e%%:*}; pid=${e#*:}
  kill -0 "$pid" 2>/dev/null && { kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"; }
  echo "stopped $n"
done
if [ $purge = 1 ]; then
  if port_open 3306; then
    mysql -uroot -e 'DROP DATABASE IF EXISTS keystone; DROP DATABASE IF EXISTS glance; DROP DATABASE IF EXISTS cinder;
      DROP DATABASE IF EXISTS nova_api; DROP DATABASE IF EXISTS nova; DROP DATABASE IF EXISTS nova_cell0;
      DROP DATABASE IF EXISTS placement; DROP DATABASE IF EXISTS neutron;' 2>/dev/null
  else echo "MariaDB is not running: databases not dropped" >&2; fi
  rm -f "$STATE"/done.* "$STATE"/ids.env "$STATE"/seed-protected.json
  rm -rf /var/lib/glance/images/* /srv/cinder-nfs/* /etc/keystone/fernet-keys /etc/keystone/credential-keys
  echo "purged data"
fi
mountpoint -q "$NFS_MNT" 2>/dev/null && umount "$NFS_MNT" && echo "unmounted $NFS_MNT"
if [ $keep_infra = 0 ]; then
  if [ -f "$RUN/rabbitmq.ours" ]; then
    /etc/init.d/rabbitmq-server stop >/dev/null 2>&1 && echo "stopped rabbitmq"
    ERL_EPMD_ADDRESS=127.0.0.1 epmd -kill >/dev/null 2>&1 && echo "stopped epmd"
    rm -f "$RUN/rabbitmq.ours"
  fi
  if [ -f "$RUN/mariadb.ours" ]; then
    /etc/init.d/mariadb stop >/dev/null 2>&1 && echo "stopped mariadb"
    rm -f "$RUN/mariadb.ours"
  fi
fi
exit 0
