# One image for the api (default command) and the worker (docker-compose.yml overrides the command).
#   docker build -t contact-center .

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
  && npm prune --omit=dev --no-audit --no-fund \
  && node -e "require('argon2').hash('probe').then(() => console.log('argon2 loads its prebuilt binary'))" \
  && rm -rf dist/libs/launcher dist/libs/testing

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Only what the api, the worker and the cli run: package.json ("type": "module"), the production node_modules, the
# three apps, the libraries they import (the build stage removed the dev tooling, libs/launcher and libs/testing)
# and the console the api serves (found beside the built api). No scripts, benchmarks or build configuration.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/apps/api ./dist/apps/api
COPY --from=build /app/dist/apps/worker ./dist/apps/worker
COPY --from=build /app/dist/apps/cli ./dist/apps/cli
COPY --from=build /app/dist/libs ./dist/libs
COPY --from=build /app/dist/console ./dist/console
# The blob storage's mount point, owned by the app's user so a fresh volume is writable.
RUN mkdir -p /app/.local/storage && chown node:node /app/.local/storage
USER node
# HTTP + socket.io (PORT, the api) and the email channel's SMTP listener (SMTP_PORT, the worker).
EXPOSE 3000 2525
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((res) => process.exit(res.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]
