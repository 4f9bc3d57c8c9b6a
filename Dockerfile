# Passerelle: the production build (compiled TypeScript) on Node 20, content read from /app.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund
ENV NODE_ENV=production PORT=3978 HOST=0.0.0.0 STATE_DIR=/var/lib/passerelle
# The state folders exist in the image, owned by node, so the named volumes mounted there are too.
RUN mkdir -p /var/lib/passerelle/admin && chown -R node:node /var/lib/passerelle
USER node
EXPOSE 3978
CMD ["node", "--disable-warning=DEP0111", "dist/src/index.js"]
