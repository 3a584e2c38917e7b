#!/usr/bin/env bash
# Writes a new migration: the SQL that takes the schema as last committed (git HEAD) to the schema in
# the working tree. Prisma 7's migrate commands need a native engine these machines cannot download,
# so the diff runs through Prisma 6.19's WebAssembly schema engine (which needs a reachable database
# for its adapter, though the diff itself is pure), installed on first use into .herald/prisma6.
# Usage: npm run db:migration -- add_something
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: migration-new.sh NAME}"
tool=.herald/prisma6
db_url="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
if [ ! -x "$tool/node_modules/.bin/prisma" ]; then
  mkdir -p "$tool"
  echo '{"name":"herald-prisma6-diff","private":true}' > "$tool/package.json"
  (cd "$tool" && npm install --silent prisma@6.19 @prisma/adapter-pg@6.19 @prisma/client@6.19)
fi
cat > "$tool/prisma.config.ts" <<TS
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
// The diff itself is pure, but the JS engine wants a reachable database for its adapter.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'to.prisma',
  adapter: async () => new PrismaPg({ connectionString: '$db_url' }),
} as never);
TS
to_prisma() { # Prisma 6 wants the url in the schema and has no use for the generator.
  sed -e '/^generator client {/,/^}/d' -e "s|provider = \"postgresql\"|provider = \"postgresql\"\n  url = \"$db_url\"|"
}
if git cat-file -e HEAD:prisma/schema.prisma 2>/dev/null && [ -n "$(ls prisma/migrations 2>/dev/null | grep -v lock)" ]; then
  git show HEAD:prisma/schema.prisma | to_prisma > "$tool/from.prisma"
else
  printf 'datasource db {\n  provider = "postgresql"\n  url = "%s"\n}\n' "$db_url" > "$tool/from.prisma"
fi
to_prisma < prisma/schema.prisma > "$tool/to.prisma"
touch "$tool/dummy-engine" && chmod +x "$tool/dummy-engine"
sql=$(cd "$tool" && PRISMA_QUERY_ENGINE_LIBRARY=$PWD/dummy-engine PRISMA_SCHEMA_ENGINE_BINARY=$PWD/dummy-engine \
  PRISMA_HIDE_UPDATE_MESSAGE=1 npx prisma migrate diff --from-schema-datamodel from.prisma --to-schema-datamodel to.prisma --script)
if ! grep -q '[A-Z]' <<<"$(grep -v '^--' <<<"$sql")"; then echo "No schema change: nothing written."; exit 0; fi
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
mkdir -p "$dir"
printf '%s\n' "$sql" > "$dir/migration.sql"
echo "Wrote $dir/migration.sql"
