# syntax=docker/dockerfile:1
# Portico console (Next.js standalone server). Build from the repository root:
#   docker build -f deploy/console.Dockerfile -t portico/console:0.1.0 .
# NEXT_OUTPUT=standalone makes next.config.mjs emit .next/standalone: server.js plus only
# the node_modules files the server traces to.

FROM node:20-slim AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
# No install scripts: the console uses no native addon (better-sqlite3 is the dev cluster's).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN NEXT_OUTPUT=standalone npx next build \
 && mkdir -p public

FROM node:20-slim
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0
WORKDIR /app
COPY --from=build --chown=1000:1000 /src/.next/standalone ./
COPY --from=build --chown=1000:1000 /src/.next/static ./.next/static
COPY --from=build --chown=1000:1000 /src/public ./public
# Writable at run time (emptyDir volumes in Kubernetes; the root filesystem stays read-only).
RUN mkdir -p .next/cache && chown 1000:1000 .next/cache
USER 1000:1000
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/icon.svg').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]
