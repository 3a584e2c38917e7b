#!/usr/bin/env bash
# Generates the Prisma client. The CLI first tries to download a native schema engine, which these
# machines cannot reach and generation does not use; pointing it at any executable keeps it offline.
set -euo pipefail
cd "$(dirname "$0")/.."
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-/bin/true}"
export PRISMA_HIDE_UPDATE_MESSAGE=1
npx prisma generate --schema prisma/schema.prisma
