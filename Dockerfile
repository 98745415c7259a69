# The kubefed-ts image: kubefed-controller-manager (the entry point) and kubefedctl, on Node 20, as user 1001.
# Build (from package.json's version): docker build -t ghcr.io/kubefed-ts/kubefed-ts:$(node -p "require('./package.json').version") .
# The base is pinned by its full version tag; bump it with package.json's engines.

# ---- build: compile TypeScript with the dev dependencies ----
FROM node:20.19.5-alpine3.22 AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
# Only the product ships: tests, declarations, source maps, the local API server, kubefed-local and the demo do not.
RUN npx tsc -p tsconfig.json \
 && rm -rf dist/src/apiserver dist/src/local dist/src/demo \
 && find dist -name '*.test.js' -o -name '*.test-support.js' -o -name '*.d.ts' -o -name '*.map' | xargs rm -f

# ---- runtime: production dependencies only ----
FROM node:20.19.5-alpine3.22 AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force
COPY --from=build /src/dist/src ./dist/src
COPY bin/kubefed-controller-manager.js bin/kubefedctl.js ./bin/
RUN chmod 0755 bin/kubefed-controller-manager.js bin/kubefedctl.js \
 && ln -s /app/bin/kubefed-controller-manager.js /usr/local/bin/kubefed-controller-manager \
 && ln -s /app/bin/kubefedctl.js /usr/local/bin/kubefedctl
# KubeFed's chart runs the controller as 1001; the image does too, so it never runs as root by default.
USER 1001
ENTRYPOINT ["kubefed-controller-manager"]
