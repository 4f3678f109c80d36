#!/usr/bin/env bash
# `npm run test:in-cluster`: builds the images with buildah (`npm run images`) and runs
# deploy/in-cluster.test.ts: deploy/ applied to a fresh dev cluster, two gateway containers and
# a console container under podman (same image store as buildah).
# buildah, podman, runc and mmdebstrap are installed with apt-get when missing and root; without
# them and not root it prints "SKIPPED: <why>" and exits 0 (PORTICO_REQUIRE_IN_CLUSTER=1: exit 1).
set -euo pipefail
cd "$(dirname "$0")/.."
export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/deploy/images/containers.conf}
# podman runs what buildah built (Docker's store is another one).
export PORTICO_IMAGE_ENGINE=${PORTICO_IMAGE_ENGINE:-buildah}
skip() {
  echo "SKIPPED: in-cluster image test: $*"
  [ "${PORTICO_REQUIRE_IN_CLUSTER:-0}" = 1 ] && exit 1
  exit 0
}
missing=()
for tool in buildah podman runc mmdebstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${missing[*]} from Debian (image build and in-cluster test)"
    # the engine cannot be had (no package mirror reachable): say so, as when not root
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq buildah podman runc mmdebstrap >/dev/null; } ||
      skip "apt-get could not install buildah podman runc mmdebstrap (see its output above)"
  else
    skip "${missing[*]} not installed, and not root to install them (sudo apt-get install -y buildah podman runc mmdebstrap)"
  fi
fi
t0=$(date +%s)
bash scripts/images.sh
t1=$(date +%s)
PORTICO_IN_CLUSTER_TEST=1 npx vitest run deploy/in-cluster.test.ts
t2=$(date +%s)
echo "in-cluster: images $((t1 - t0))s, test $((t2 - t1))s"
