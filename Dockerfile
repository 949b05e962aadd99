# One image for the API, the worker, the seed, the courier simulator and the messaging simulator.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY courier-sim ./courier-sim
COPY messaging-sim ./messaging-sim
USER node
EXPOSE 3000
CMD ["node", "--max-semi-space-size=64", "dist/main.js"]
