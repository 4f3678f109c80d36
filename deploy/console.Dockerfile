# syntax=docker/dockerfile:1
# Portico console (Next.js standalone server). Build from the repository root:
#   docker build -f deploy/console.Dockerfile -t portico/console:0.1.0 .
# NEXT_OUTPUT=standalone makes next.config.mjs emit .next/standalone: server.js plus only
# the node_modules files the server traces to.
# BUILD_BASE (the build stage: Node + npm + a shell) and BASE (what ships: Node) default to the
# official image; `npm run images` without Docker passes Node bases it makes from packages.
ARG BUILD_BASE=node:20-slim
ARG BASE=node:20-slim

FROM ${BUILD_BASE} AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
# No install scripts: the console uses no native addon (better-sqlite3 is the dev cluster's).
# The npm cache survives between builds (BuildKit and buildah cache mounts).
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# .next/cache: created here, so the shipped stage needs no shell (it is an emptyDir at run time).
RUN NEXT_OUTPUT=standalone npx next build \
 && mkdir -p public .next/standalone/.next/cache

FROM ${BASE}
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0
WORKDIR /app
COPY --from=build --chown=1000:1000 /src/.next/standalone ./
COPY --from=build --chown=1000:1000 /src/.next/static ./.next/static
COPY --from=build --chown=1000:1000 /src/public ./public
# .next/cache (in the standalone tree) is writable at run time: an emptyDir volume in
# Kubernetes; the root filesystem stays read-only.
USER 1000:1000
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/icon.svg').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]
