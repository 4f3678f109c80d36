#!/usr/bin/env bash
# `npm run test:in-cluster`: builds the images (`npm run images`: Docker, else buildah with the
# engine installed by apt-get when root) and runs deploy/in-cluster.test.ts: deploy/ applied to a
# fresh dev cluster, two gateway containers and a console container under podman.
# Exit 0 with "SKIPPED: <why>" when no engine can be had (not root and none installed);
# PORTICO_REQUIRE_IN_CLUSTER=1 makes that a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/deploy/images/containers.conf}
skip() {
  echo "SKIPPED: in-cluster image test: $*"
  [ "${PORTICO_REQUIRE_IN_CLUSTER:-0}" = 1 ] && exit 1
  exit 0
}
if ! command -v podman >/dev/null; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    skip "podman is not installed and this is not root with apt-get (sudo apt-get install -y buildah podman runc mmdebstrap)"
  fi
fi
t0=$(date +%s)
bash scripts/images.sh
t1=$(date +%s)
# The test runs the images with podman (the Docker path builds into Docker's store: share it).
if ! podman image exists portico/gateway:${PORTICO_IMAGE_TAG:-0.1.0}; then
  skip "the images are in Docker, not in podman's store (run with PORTICO_IMAGE_ENGINE=buildah)"
fi
PORTICO_IN_CLUSTER_TEST=1 npx vitest run deploy/in-cluster.test.ts
t2=$(date +%s)
echo "in-cluster: images $((t1 - t0))s, test $((t2 - t1))s"
