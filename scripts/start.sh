#!/usr/bin/env bash
# `npm start`: everything a new user needs, on one machine, in one command.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

mkdir -p .herald
if [ ! -f .herald/dev.env ]; then
  # Secrets of this checkout's own, made once; never committed (.herald is ignored).
  cat > .herald/dev.env <<ENV
JWT_SECRET=$(node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))')
TRACKING_SECRET=$(node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))')
ENV
fi
# Checkouts made before secrets were encrypted at rest lack this key: add it once.
grep -q '^SECRETS_KEY=' .herald/dev.env || echo "SECRETS_KEY=$(node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))')" >> .herald/dev.env
set -a
# shellcheck disable=SC1091
. .herald/dev.env
DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/herald}"
API_PORT="${API_PORT:-3000}"
PUBLIC_URL="${PUBLIC_URL:-http://127.0.0.1:${API_PORT}}"
SMTP_PORT="${SMTP_PORT:-1025}"
MAILCATCHER_SMTP_PORT="$SMTP_PORT"
MAILCATCHER_HTTP_PORT="${MAILCATCHER_HTTP_PORT:-1080}"
set +a

db_name="${DATABASE_URL##*/}"; db_name="${db_name%%\?*}"
admin_url="${DATABASE_URL%/*}/postgres"
if ! psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname='$db_name'" | grep -q 1; then
  psql "$admin_url" -qc "CREATE DATABASE \"$db_name\"" && echo "✓ created database $db_name"
fi
npm run --silent db:migrate
node apps/api/dist/seed/demo-seed.cli.js
# The demo user may open the queue dashboard (/queues), which shows every account's jobs; operators are
# listed by user id, so it is read once the seed made the user. A PLATFORM_OPERATORS of your own wins.
if [ -z "${PLATFORM_OPERATORS+set}" ]; then
  PLATFORM_OPERATORS=$(psql "${DATABASE_URL%%\?*}" -tAc "SELECT id FROM \"User\" WHERE email = 'demo@herald.local'")
  export PLATFORM_OPERATORS
fi

# Each process runs under scripts/supervise.sh: one that crashes is started again (with back-off and a
# log line), the others keep running. Ctrl+C stops the supervisors, and they their processes.
pids=()
cleanup() { trap - INT TERM EXIT; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup INT TERM EXIT

if [ -f packages/mail-catcher/dist/cli.js ]; then
  bash scripts/supervise.sh mail-catcher node packages/mail-catcher/dist/cli.js & pids+=($!)
fi
# No Twilio account configured: SMS goes to the local Twilio simulator, which calls back with results.
# No fax API configured: faxes go to the local fax API simulator (FAX_SIMULATED), which does the same,
# instead of the email-to-fax gateway, whose status mails a mail catcher never writes; FAX_SIMULATED=false
# keeps the gateway, and the faxes then land in the mail catcher as PDFs without statuses.
sms_line="SMS            Twilio account ${TWILIO_ACCOUNT_SID:-}"
fax_line="Fax            fax API ${FAX_API_URL:-}"
simulate_fax=''
if [ -z "${FAX_API_URL:-}" ]; then
  case "${FAX_SIMULATED:-true}" in
    false | 0) fax_line="Fax            email-to-fax gateway ${FAX_GATEWAY_DOMAIN:-fax.herald.localhost}, caught by the mail catcher" ;;
    *) simulate_fax=1 ;;
  esac
fi
simulators=()
if [ -n "${TWILIO_ACCOUNT_SID:-}" ]; then simulators+=(--no-sms); fi
if [ -z "$simulate_fax" ]; then simulators+=(--no-fax); fi
if [ "${#simulators[@]}" -lt 2 ] && [ -f packages/twilio-simulator/dist/cli.js ]; then
  bash scripts/supervise.sh twilio-simulator node packages/twilio-simulator/dist/cli.js "${simulators[@]}" & pids+=($!)
  if [ -z "${TWILIO_ACCOUNT_SID:-}" ]; then
    sms_line="SMS            Twilio simulator on 127.0.0.1:${TWILIO_SIMULATOR_PORT:-4010} (no Twilio account set)"
  fi
  if [ -n "$simulate_fax" ]; then
    export FAX_SIMULATED=true
    fax_line="Fax            fax API simulator on 127.0.0.1:${FAX_SIMULATOR_PORT:-4011} (no fax API set; numbers ending in 7, 8, 9 fail)"
  fi
fi
bash scripts/supervise.sh worker node apps/worker/dist/main.js & pids+=($!)
bash scripts/supervise.sh api node apps/api/dist/main.js & pids+=($!)

echo "… starting the API, the worker and the mail catcher"
ready=''
for _ in $(seq 1 120); do
  if curl -fs "http://127.0.0.1:${API_PORT}/health" >/dev/null 2>&1; then ready=1; break; fi
  sleep 0.5
done
if [ -z "$ready" ]; then
  echo "✗ the API did not answer http://127.0.0.1:${API_PORT}/health within a minute: see its log lines above" >&2
else
  # The one block to look for in the logs: where everything is, and how to sign in.
  cat <<TXT

  ┌──────────────────────────────────────────────────────────────────────────┐
    ✓ Herald is ready

    Admin app      http://127.0.0.1:${API_PORT}/admin/
    Demo login     demo@herald.local / herald-demo-password
    API            http://127.0.0.1:${API_PORT}   (OpenAPI docs: /docs)
    Mail catcher   http://127.0.0.1:${MAILCATCHER_HTTP_PORT}   (SMTP on 127.0.0.1:${SMTP_PORT})
    ${sms_line}
    ${fax_line}

    Logs follow below. Press Ctrl+C to stop.
  └──────────────────────────────────────────────────────────────────────────┘

TXT
fi
# A supervisor ends only on Ctrl+C or when its process reports an invalid configuration (exit 78).
wait -n "${pids[@]}"
