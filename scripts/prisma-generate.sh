#!/usr/bin/env bash
# Generates the Prisma client. The CLI tries to download a native schema engine it does not need
# for generation; pointing it at any executable keeps it offline (shared notes: prisma-offline).
set -euo pipefail
cd "$(dirname "$0")/.."
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-/bin/true}"
export PRISMA_HIDE_UPDATE_MESSAGE=1
npx prisma generate --schema prisma/schema.prisma
