# syntax=docker/dockerfile:1
#
# graph-teleport: the integration packaged the way JupiterOne collectors and the Kubernetes
# operator run integrations (one container per job, configuration in environment variables).
# docs/deployment.md describes how to run it; test/image/ proves these steps without Docker.
#
#   docker build -t graph-teleport .
#   docker run --rm -e INTEGRATION_INSTANCE_ID -e JUPITERONE_API_KEY -e JUPITERONE_ACCOUNT \
#     -e PROXY_ADDRESS -e IDENTITY_FILE_PATH=/identity/identity -v /opt/machine-id:/identity:ro \
#     graph-teleport

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: compile src/ with the locked toolchain --------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY proto ./proto
COPY src ./src
RUN npm run build

# ---- runtime: production dependencies, compiled code and protos only ---------------------------
FROM ${NODE_IMAGE} AS runtime

ARG VERSION=0.0.0-dev
ARG SOURCE_URL=https://github.com/graph-teleport/graph-teleport
LABEL org.opencontainers.image.title="graph-teleport" \
      org.opencontainers.image.description="JupiterOne integration that ingests who can do what in a Teleport cluster (users, roles, access lists and their effective grants, SSO connectors, bots, locks, devices) over mutual-TLS gRPC" \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.licenses="MPL-2.0" \
      org.opencontainers.image.version="${VERSION}"

# /app holds the package and stays owned by root: the process cannot change its own code.
# /work is the project directory handed to `j1-integration run -p`: it holds `src`, a link to the
# compiled integration, and receives `.j1-integration/`, so it is the only place that must be
# writable (mount an emptyDir or tmpfs there for a read-only root filesystem).
ENV NODE_ENV=production \
    GRAPH_TELEPORT_HOME=/app \
    GRAPH_TELEPORT_WORKDIR=/work

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force
COPY --from=build /build/dist ./dist
COPY proto ./proto
COPY docker/node-heap.sh ./docker/node-heap.sh
COPY docker/entrypoint.sh /usr/local/bin/graph-teleport-entrypoint
RUN chmod 0755 /usr/local/bin/graph-teleport-entrypoint \
 && mkdir -p /work/.j1-integration \
 && ln -s /app/dist/src /work/src \
 && chown -R node:node /work

USER node
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/graph-teleport-entrypoint"]
