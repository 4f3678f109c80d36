# syntax=docker/dockerfile:1
# Portico gateway. Build from the repository root:
#   docker build -f deploy/gateway.Dockerfile -t portico/gateway:0.1.0 .
# The image holds Node and the bundle (gateway.mjs, and chunks/ it loads on first use): no npm, no
# node_modules, no TypeScript loader.
# BUILD_BASE (the build stage: Node + npm + a shell) and BASE (what ships: Node) default to the
# official image; `npm run images` without Docker passes Node bases it makes from packages.
ARG BUILD_BASE=node:20-slim
ARG BASE=node:20-slim

FROM ${BUILD_BASE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# Only the bundler (esbuild, a dependency of tsx) is needed: skip install scripts and dev tools.
# The npm cache survives between builds (BuildKit and buildah cache mounts).
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY lib ./lib
COPY gateway ./gateway
COPY deploy/bundle-gateway.mjs ./deploy/
RUN node deploy/bundle-gateway.mjs dist/gateway.mjs

FROM ${BASE}
# GLIBC_TUNABLES: glibc keeps up to 128 KiB (and, once big blocks have come and gone, far more)
# of freed memory at the top of each malloc arena; at 64 KiB it hands it back. An idle gateway
# watching a cluster with 1,000 routes: 65.9 -> 63.5 MB RSS, no throughput cost
# (bench/gateway/RESULTS.md, "Lead, session 7"; bench/gateway/memory.ts runs with it).
# NODE_OPTIONS=--use-openssl-ca: node 20 parses its ~140 bundled root certificates (~1 MB) as soon
# as any TLS context is given a `ca`, the kube client's included, which never uses them. With the
# flag node's default store is OpenSSL's paths (none in this image), and the gateway names the
# CAs of every connection it verifies: the cluster CA for the API server, node's bundled roots
# for a BackendTLSPolicy's System (gateway/proxy/backend-tls.ts). "Lead, session 9".
# The bundle's tests and benchmarks run it with this environment (testing/harness.ts gatewayImageEnv).
ENV NODE_ENV=production \
    GLIBC_TUNABLES=glibc.malloc.trim_threshold=65536 \
    NODE_OPTIONS=--use-openssl-ca \
    BIND_ADDRESS=0.0.0.0 \
    GATEWAY_HTTP_PORT=8080 \
    GATEWAY_HTTPS_PORT=8443 \
    GATEWAY_PUBLIC_HTTP_PORT=80 \
    GATEWAY_PUBLIC_HTTPS_PORT=443 \
    GATEWAY_ADMIN_PORT=9080
WORKDIR /app
COPY --from=build /src/dist/ ./
# No RUN here: the shipped base needs no shell. The image's "node" user (uid 1000): unprivileged ports only, hence 8080/8443 (Service maps 80/443).
USER 1000:1000
# 9080: the admin API, on loopback unless GATEWAY_ADMIN_ADDRESS says otherwise (deploy/ sets
# 0.0.0.0 for the kubelet's httpGet probes and the portico-gateway-admin Service).
EXPOSE 8080 8443 9080
# Checked from inside the container: 127.0.0.1 answers with either admin address.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.GATEWAY_ADMIN_PORT||9080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM: readiness fails, GATEWAY_DRAIN_DELAY_MS (0 here, 5 s in deploy/) still accepting,
# then listeners close and in-flight requests get GATEWAY_DRAIN_MS (10 s).
STOPSIGNAL SIGTERM
CMD ["node", "gateway.mjs"]
