# Image for docker-compose.yml: build the TypeScript, keep production dependencies only.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/templates ./templates
COPY --from=build /app/profiles ./profiles
COPY package.json ./
# The worker's state file (STATE_DIR) and scheduled backups (BACKUP_DIR) live on volumes owned by node.
RUN mkdir -p /app/state /app/backups && chown node:node /app/state /app/backups
USER node
CMD ["node", "dist/src/cli.js", "worker"]
