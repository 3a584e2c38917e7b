#!/usr/bin/env bash
# What `npm start`, `npm test` and CI share: dependencies, services, the Prisma client and a build.
set -euo pipefail
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "… installing dependencies"
  if [ "${CI:-}" = "true" ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi
bash scripts/services.sh
echo "… generating the Prisma client"
bash scripts/prisma-generate.sh >/dev/null
echo "… building"
npx turbo run build --output-logs=errors-only
