#!/usr/bin/env bash
# Prints the home of a JDK >= 21 for building Traverse, or explains what to install and fails.
# Order: $JAVA_HOME if it is new enough, then the newest JDK under /usr/lib/jvm (or $TRAVERSE_JDK_SEARCH_PATH),
# then the `javac` on the PATH. Used by ./mvnw, ./traverse and .ci/run, so nobody has to set JAVA_HOME by hand.
set -uo pipefail
MIN=21

feature_version() {  # $1 = JDK home; prints the feature release (17, 21, 25…) or nothing
  local release="$1/release"
  [[ -x "$1/bin/javac" && -r "$release" ]] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
}

best="" best_v=0
consider() {
  local v; v="$(feature_version "$1")"
  [[ -n "$v" && "$v" -ge "$MIN" && "$v" -gt "$best_v" ]] && { best="$1"; best_v="$v"; }
  return 0
}

if [[ -n "${JAVA_HOME:-}" && "$(feature_version "$JAVA_HOME")" -ge "$MIN" ]] 2>/dev/null; then
  echo "$JAVA_HOME"; exit 0
fi
for home in ${TRAVERSE_JDK_SEARCH_PATH:-/usr/lib/jvm}/*; do consider "$home"; done
if [[ -z "$best" ]] && command -v javac >/dev/null; then
  consider "$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
fi
if [[ -z "$best" ]]; then
  cat >&2 <<MSG
Traverse needs a JDK ${MIN} or newer to build, and none was found
(JAVA_HOME=${JAVA_HOME:-unset}; searched ${TRAVERSE_JDK_SEARCH_PATH:-/usr/lib/jvm} and the PATH).
Install one, e.g.  apt-get install openjdk-21-jdk-headless  (or a Temurin 21/25), or point JAVA_HOME at it.
MSG
  exit 1
fi
echo "$best"
