# syntax=docker/dockerfile:1
# Two stages: build (all dependencies, tsc) → runtime (production dependencies only, non-root).
# Node 24 LTS pinned by minor: the same Node that CI runs the test suite on (.ci/node24).
# No compiler in either stage: better-sqlite3 and @napi-rs/canvas ship prebuilt Node-API
# binaries, so installs run with --ignore-scripts (the only install scripts left belong to dev
# tools: esbuild's self-check and the Node 20 SQLite build, neither needed here).

FROM node:24.22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The Mini App (/panel) is built from webapp/ with the page texts of locales/.
COPY webapp ./webapp
COPY locales ./locales
RUN npm run build && npm prune --omit=dev

FROM node:24.22-bookworm-slim AS runtime
ENV NODE_ENV=production TZ=Asia/Jakarta DATABASE_URL=sqlite:/data/pantau.db HEALTH_PORT=8081
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/webapp/dist ./webapp/dist
COPY package.json ./
COPY locales ./locales
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# Webhook port. /healthz, /readyz and /metrics are on the internal HEALTH_PORT (127.0.0.1 by default).
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "const h=process.env.HEALTH_HOST;const host=!h||h==='0.0.0.0'||h==='::'?'127.0.0.1':h.includes(':')?'['+h+']':h;const t=process.env.METRICS_TOKEN;fetch('http://'+host+':'+(process.env.HEALTH_PORT||8081)+'/healthz',{headers:t?{authorization:'Bearer '+t}:{}}).then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# Run with an init (`docker run --init`, compose `init: true`): it forwards SIGTERM to node and
# reaps children; node drains and exits within 10 s, also when stopped while starting.
STOPSIGNAL SIGTERM
# Heap sizing: keeps a 1M-row OMSPAN sync near 240 MB RSS instead of ~350 MB (bench figure 4);
# exactly the command of `npm start` (a test compares them).
CMD ["node", "--max-old-space-size=384", "--max-semi-space-size=8", "dist/main.js"]
