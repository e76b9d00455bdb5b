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
  && node -e "require('argon2').hash('probe').then(() => console.log('argon2 loads its prebuilt binary'))"

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# nest-cli.json marks the project root, where the api finds dist/console.
COPY --from=build /app/package.json /app/nest-cli.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
# HTTP + socket.io (PORT) and the email channel's SMTP listener (SMTP_PORT).
EXPOSE 3000 2525
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((res) => process.exit(res.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]
