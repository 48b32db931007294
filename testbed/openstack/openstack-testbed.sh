#!/bin/bash
# Single entry point of the OpenStack (Zed, Debian packages, loopback-only) testbed. See docs/testbed.md.
#   up                         install what is missing, configure, start, wait for every API and for nova-compute +
#                              cinder-volume, seed (idempotent), write the env files. Reuses what already runs.
#   down [--keep-infra|--purge] stop exactly what `up` started (pid files/markers); --keep-infra keeps MariaDB +
#                              RabbitMQ for a faster next up; --purge also drops all OpenStack data
#   status                     per-process and per-API state; exit 0 only if everything is up
#   env [--admin|--member]     (re)write $STATE/{openstack.env,traverse.env,adminrc,memberrc,clouds.yaml};
#                              print openstack.env (or the plain admin/member openrc)
#   seed | verify-seed         re-run the seeding / check the cloud against the integration guide (exit 1 on mismatch)
#   smoke                      end-to-end check as the member user (image, volume, port with MAC, boot from volume)
# State dir: $TRAVERSE_OPENSTACK_STATE (default ~/.cache/traverse/openstack). Needs root for up/down.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
cmd=${1:-help}; shift || true

locked() { # serialise up/down/seed between shells and test JVMs. -o: the command (and the daemons it starts) must
  # not inherit the lock's fd, or the lock would live as long as the daemons
  flock -o -w 1800 "$STATE/cmd.lock" "$@" || { rc=$?; [ $rc = 1 ] && echo "(or another testbed command holds $STATE/cmd.lock)" >&2; exit $rc; }
}

status() {
  local bad=0 n
  for n in $SERVICES; do
    if alive "$n"; then printf '%-18s running  pid %s\n' "$n" "$(cat "$RUN/$n.pid")"
    else printf '%-18s STOPPED\n' "$n"; bad=1; fi
  done
  for n in mariadb:3306 rabbitmq:5672; do
    local o=""; [ -f "$RUN/${n%%:*}.ours" ] && o=" (started by up)"
    if port_open "${n#*:}"; then printf '%-18s running  127.0.0.1:%s%s\n' "${n%%:*}" "${n#*:}" "$o"
    else printf '%-18s STOPPED\n' "${n%%:*}"; bad=1; fi
  done
  for n in $API_PORTS; do
    if api_answers "${n#*:}"; then printf '%-18s answers  http://127.0.0.1:%s\n' "${n%%:*}-api" "${n#*:}"
    else printf '%-18s DOWN     http://127.0.0.1:%s\n' "${n%%:*}-api" "${n#*:}"; bad=1; fi
  done
  if mountpoint -q "$NFS_MNT"; then echo "cinder share       mounted  $NFS_MNT"; else echo "cinder share       NOT MOUNTED"; bad=1; fi
  if [ $bad = 0 ] && [ "${1:-}" != "--quick" ]; then
    admin_env
    $OSC compute service list -f value -c Binary -c State 2>/dev/null | sed 's/^/compute service    /' || bad=1
    $OSC volume service list -f value -c Binary -c State 2>/dev/null | sed 's/^/volume service     /' || bad=1
  fi
  [ -f "$STATE/openstack.env" ] && echo "env file           $STATE/openstack.env"
  if [ $bad = 0 ]; then echo "testbed UP"; else echo "testbed NOT (fully) UP"; fi
  return $bad
}

case "$cmd" in
  up)          locked bash "$HERE/up.sh";;
  down)        locked bash "$HERE/down.sh" "$@";;
  status)      status "$@";;
  env)         bash "$HERE/env.sh" "${@:-print}";;
  seed)        locked "$PY" "$HERE/seed.py" seed; bash "$HERE/env.sh" write >/dev/null;;
  verify-seed) "$PY" "$HERE/seed.py" verify;;
  smoke)       bash "$HERE/smoke.sh";;
  *) sed -n '2,/^set /p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; [ "$cmd" = help ] || exit 2;;
esac
