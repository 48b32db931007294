#!/bin/bash
# `openstack-testbed.sh env [--admin|--member]`: (re)writes the testbed's client files and prints the env file.
#   $STATE/openstack.env  `export K=V` lines: OS_* for the member user (what Traverse uses) + TRAVERSE_OS_ADMIN_*
#   $STATE/adminrc, $STATE/memberrc   plain openrc files (OS_* only) for the `openstack` CLI
#   $STATE/clouds.yaml    clouds `traverse-testbed` (member) and `traverse-testbed-admin`
#   $STATE/traverse.env   `export TRAVERSE_OPENSTACK_*` = the services' config keys (read by ./traverse up)
# Project ids come from $STATE/ids.env, written by seed.py during `up`.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mode=${1:-print}; which=${2:-}
[ "$mode" = "--admin" ] || [ "$mode" = "--member" ] && { which=$mode; mode=print; }
[ -f "$STATE/ids.env" ] || { echo "no $STATE/ids.env: run 'openstack-testbed.sh up' first" >&2; exit 1; }
. "$STATE/ids.env"   # MEMBER_PROJECT_ID, ADMIN_PROJECT_ID

rc() { # user pass project project_id
cat <<EOS
export OS_AUTH_URL=$KS/v3
export OS_IDENTITY_API_VERSION=3
export OS_REGION_NAME=$REGION
export OS_INTERFACE=public
export OS_USER_DOMAIN_NAME=$DOMAIN
export OS_PROJECT_DOMAIN_NAME=$DOMAIN
export OS_USERNAME=$1
export OS_PASSWORD=$2
export OS_PROJECT_NAME=$3
export OS_PROJECT_ID=$4
EOS
}
cloud() { # name user pass project
cat <<EOS
  $1:
    auth:
      auth_url: $KS/v3
      username: $2
      password: $3
      project_name: $4
      user_domain_name: $DOMAIN
      project_domain_name: $DOMAIN
    region_name: $REGION
    interface: public
    identity_api_version: 3
EOS
}
umask 022   # test-only passwords; lets a non-root test JVM read them
tmp=$(mktemp "$STATE/.env.XXXXXX")
{ echo "# OpenStack testbed (written by testbed/openstack/openstack-testbed.sh env). Member user first, admin below."
  rc "$MEMBER_USER" "$MEMBER_PASS" "$MEMBER_PROJECT" "$MEMBER_PROJECT_ID"
  cat <<EOS
export TRAVERSE_OS_ADMIN_USERNAME=$ADMIN_USER
export TRAVERSE_OS_ADMIN_PASSWORD=$ADMIN_PASS
export TRAVERSE_OS_ADMIN_PROJECT_NAME=$ADMIN_PROJECT
export TRAVERSE_OS_ADMIN_PROJECT_ID=$ADMIN_PROJECT_ID
export TRAVERSE_OS_CLOUDS_YAML=$STATE/clouds.yaml
EOS
} > "$tmp" && chmod 644 "$tmp" && mv "$tmp" "$STATE/openstack.env"     # atomic: Java readers never see half a file
# the same as Quarkus config through env vars (traverse.openstack.auth-url -> TRAVERSE_OPENSTACK_AUTH_URL); the local
# stack (./traverse up) hands these to every service
tv() { # prefix user pass project project_id
cat <<EOS
export ${1}USERNAME=$2
export ${1}PASSWORD=$3
export ${1}PROJECT=$4
export ${1}PROJECT_ID=$5
export ${1}USER_DOMAIN=$DOMAIN
export ${1}PROJECT_DOMAIN=$DOMAIN
EOS
}
tmp=$(mktemp "$STATE/.env.XXXXXX")
{ echo "export TRAVERSE_OPENSTACK_AUTH_URL=$KS/v3"
  echo "export TRAVERSE_OPENSTACK_REGION=$REGION"
  echo "export TRAVERSE_OPENSTACK_INTERFACE=public"
  tv TRAVERSE_OPENSTACK_ "$MEMBER_USER" "$MEMBER_PASS" "$MEMBER_PROJECT" "$MEMBER_PROJECT_ID"
  tv TRAVERSE_OPENSTACK_ADMIN_ "$ADMIN_USER" "$ADMIN_PASS" "$ADMIN_PROJECT" "$ADMIN_PROJECT_ID"
} > "$tmp" && chmod 644 "$tmp" && mv "$tmp" "$STATE/traverse.env"
rc "$MEMBER_USER" "$MEMBER_PASS" "$MEMBER_PROJECT" "$MEMBER_PROJECT_ID" > "$STATE/memberrc"
rc "$ADMIN_USER" "$ADMIN_PASS" "$ADMIN_PROJECT" "$ADMIN_PROJECT_ID" > "$STATE/adminrc"
{ echo "clouds:"; cloud traverse-testbed "$MEMBER_USER" "$MEMBER_PASS" "$MEMBER_PROJECT"
  cloud traverse-testbed-admin "$ADMIN_USER" "$ADMIN_PASS" "$ADMIN_PROJECT"; } > "$STATE/clouds.yaml"
chmod 644 "$STATE/memberrc" "$STATE/adminrc" "$STATE/clouds.yaml"
case "$mode:$which" in
  write:*) echo "$STATE/openstack.env";;
  print:--admin) cat "$STATE/adminrc";;
  print:--member) cat "$STATE/memberrc";;
  print:*) cat "$STATE/openstack.env"; echo "# files: $STATE/openstack.env $STATE/adminrc $STATE/memberrc $STATE/clouds.yaml $STATE/traverse.env" >&2;;
  *) echo "usage: env.sh [write|print] [--admin|--member]" >&2; exit 2;;
esac
