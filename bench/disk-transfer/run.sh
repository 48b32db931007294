#!/usr/bin/env bash
# Disk-transfer benchmark: Traverse's sync rounds vs bare nbdcopy and qemu-img convert on the same source (vcsim's
# datastore over HTTPS) and target (a sparse file). One run; writes bench/disk-transfer/results.md.
#   bench/disk-transfer/run.sh [SIZE_GIB]     (default 4; needs ~5 x SIZE GiB free in target/bench)
set -euo pipefail
cd "$(dirname "$0")/../.."
size=${1:-4}
out=$PWD/bench/disk-transfer/results.md
./mvnw -B -q install -pl jobs -DskipTests
./mvnw -B -q test -pl disk-transfer-worker -Dtest=DiskTransferBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtraverse.bench=true -Dtraverse.bench.size-gib="$size" -Dtraverse.bench.out="$out" \
  -Dtraverse.bench.dir="$PWD/disk-transfer-worker/target/bench"
rm -rf disk-transfer-worker/target/bench
echo "results: $out"
