#!/usr/bin/env bash
# What `npm start`, `npm test` and CI share: dependencies, services, the Prisma client and a build.
set -euo pipefail
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
cd "$(dirname "$0")/.."
# shellcheck source=scripts/progress.sh
. scripts/progress.sh

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # Not `npm ci`: vite lists a Windows-only optional package that this registry does not serve, so the
  # lock file cannot record it and `npm ci` refuses the lock; `npm install` skips the optional package.
  with_progress "installing dependencies" npm install --no-audit --no-fund
fi
bash scripts/services.sh
if ! command -v chromium >/dev/null 2>&1; then
  # Browser tests drive Debian's Chromium through playwright-core (never a downloaded browser).
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "… installing Chromium for the browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "! Chromium could not be installed: browser tests will be skipped"
  else
    echo "! Chromium is not installed (apt-get install chromium): browser tests will be skipped"
  fi
fi
with_progress "generating the Prisma client" bash -c 'bash scripts/prisma-generate.sh >/dev/null'
# Cached packages build in a second; a fresh checkout takes a minute or two.
with_progress "building the API, the worker and the admin app" npx turbo run build --output-logs=errors-only
