#!/usr/bin/env bash
# `npm test`: every test, unit, integration and browser end-to-end, then the images built and
# run in a dev cluster (scripts/in-cluster.sh; skipped, saying why, when no engine can be had).
# Installs the system packages the tests drive (Chromium for Playwright, the Python
# Kubernetes and gRPC clients) when they are missing and we are root; otherwise names the command.
set -euo pipefail
export NEXT_TELEMETRY_DISABLED=1
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
/usr/bin/python3 -c 'import kubernetes' >/dev/null 2>&1 || need_apt+=(python3-kubernetes)
/usr/bin/python3 -c 'import grpc' >/dev/null 2>&1 || need_apt+=(python3-grpcio)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing ${need_apt[*]} from Debian (needed by the tests)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "Missing ${need_apt[*]}. Run: sudo apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
fi
command -v kubectl >/dev/null || { echo "kubectl is required on PATH for the dev cluster tests" >&2; exit 1; }

echo "== type check and lint"
npx tsc --noEmit -p .
npx eslint .

echo "== unit and integration tests (vitest)"
npx vitest run

echo "== console production build"
npx next build

echo "== browser end-to-end tests (Playwright, Chromium)"
npx playwright test

echo "== images and the in-cluster run (deploy/ on the dev cluster, podman)"
# Installs buildah/podman/runc/mmdebstrap when root; prints "SKIPPED: ..." with the reason otherwise.
bash scripts/in-cluster.sh
